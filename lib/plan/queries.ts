import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { type PlanOption, choosePlan } from "./choice";

export interface PlanTaskRow {
  id: number;
  code: string;
  title: string;
  description: string | null;
  target: string | null;
  completionStandard: string | null;
  deadline: Date;
  lead: string[];
  support: string[];
}

export interface PlanTree {
  id: number;
  code: string;
  name: string;
  startYear: number;
  endYear: number;
  active: boolean;
  source: string | null;
  areas: { id: number; code: string; name: string; description: string | null; measures: { id: number; code: string; name: string; tasks: PlanTaskRow[] }[] }[];
  counts: { areas: number; measures: number; tasks: number };
}

/** Every plan, the current one marked (the plan picker; a handful of rows). */
export const listPlans = cache(
  async (): Promise<PlanOption[]> =>
    getDb().plan.findMany({ orderBy: [{ startYear: "desc" }, { id: "desc" }], select: { id: true, code: true, name: true, startYear: true, endYear: true, active: true } }),
);

/** The plan a page shows: `?plan=<code>` if known, else the plan in force at `end` (a period's end; now), else the current plan. */
export async function resolvePlan(code: string | undefined, end: Date = new Date()) {
  const plans = await listPlans();
  return { plans, ...choosePlan(plans, code, end) };
}

/** The active (current) plan, whole. */
export const getActivePlan = cache(async (): Promise<PlanTree | null> => {
  const current = (await listPlans()).find((p) => p.active);
  return current ? getPlanTree(current.id) : null;
});

/** The areas (方面) of one plan in their order — all the task list needs of a plan (its 「方面」 filter). */
export const listPlanAreas = cache(async (planId: number): Promise<{ code: string; name: string }[]> =>
  getDb().planArea.findMany({ where: { planId }, orderBy: { seq: "asc" }, select: { code: true, name: true } }),
);

/** One plan, whole (90 tasks: small enough to load at once, searched in memory). */
export const getPlanTree = cache(async (id: number): Promise<PlanTree | null> => {
  const plan = await getDb().plan.findUnique({
    where: { id },
    include: {
      areas: {
        orderBy: { seq: "asc" },
        include: {
          measures: {
            orderBy: { seq: "asc" },
            include: {
              tasks: {
                orderBy: { seq: "asc" },
                include: { departments: { include: { unit: { select: { name: true, shortName: true } } } } },
              },
            },
          },
        },
      },
    },
  });
  if (!plan) return null;
  let measures = 0;
  let tasks = 0;
  const areas = plan.areas.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    description: a.description,
    measures: a.measures.map((m) => {
      measures++;
      return {
        id: m.id,
        code: m.code,
        name: m.name,
        tasks: m.tasks.map((t) => {
          tasks++;
          return {
            id: t.id,
            code: t.code,
            title: t.title,
            description: t.description,
            target: t.target,
            completionStandard: t.completionStandard,
            deadline: t.deadline,
            lead: t.departments.filter((d) => d.role === "LEAD").map((d) => d.unit.name),
            support: t.departments.filter((d) => d.role === "SUPPORT").map((d) => d.unit.name),
          };
        }),
      };
    }),
  }));
  return { id: plan.id, code: plan.code, name: plan.name, startYear: plan.startYear, endYear: plan.endYear, active: plan.active, source: plan.source, areas, counts: { areas: areas.length, measures, tasks } };
});

/** Areas/measures/tasks matching a search (code, title, target, description or department). */
export function filterPlan(plan: PlanTree, query: string): PlanTree["areas"] {
  const q = query.trim().toLowerCase();
  if (!q) return plan.areas;
  const hit = (t: PlanTaskRow) =>
    [t.code, t.title, t.description ?? "", t.target ?? "", ...t.lead, ...t.support].some((s) => s.toLowerCase().includes(q));
  return plan.areas
    .map((a) => ({
      ...a,
      measures: a.measures
        .map((m) => ({ ...m, tasks: a.name.toLowerCase().includes(q) || m.name.toLowerCase().includes(q) ? m.tasks : m.tasks.filter(hit) }))
        .filter((m) => m.tasks.length),
    }))
    .filter((a) => a.measures.length);
}

/** The plans holding a task code (a link without ?plan= to a code the current plan lacks goes to the one plan that has it). */
export async function plansWithTask(code: string): Promise<string[]> {
  if (!/^\d+\.\d+\.\d{2}$/.test(code)) return [];
  return (await getDb().planTask.findMany({ where: { code }, select: { plan: { select: { code: true } } } })).map((t) => t.plan.code);
}
