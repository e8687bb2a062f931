// Loads a plan file into the database in one transaction: upserts areas, measures and tasks by code (within the
// plan: plans are told apart by their code, so a new plan is imported next to the earlier ones, which stay readable
// with their figures), removes items the file no longer has (refused when work already hangs on them), makes the
// plan the current one (unless asked not to) and, when asked, carries over (结转) the unfinished assignments of
// the earlier plan named in the file's carriesOver (carry-over.ts).
import type { Db } from "@/lib/db/client";
import { type AuditActor, SYSTEM_ACTOR, writeAudit } from "@/lib/audit/write";
import { CarryOverError, carryOverAssignments } from "./carry-over";
import { type TPlanFile, ZPlanFile, describePlanIssues } from "./plan-file";

export class PlanImportError extends Error {
  constructor(public readonly problems: string[]) {
    super(`规划文件有 ${problems.length} 处错误，未导入任何内容：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parsePlanFile(raw: unknown): TPlanFile {
  const parsed = ZPlanFile.safeParse(raw);
  if (!parsed.success) throw new PlanImportError(describePlanIssues(raw, parsed.error));
  return parsed.data;
}

export interface PlanImportResult {
  planId: number;
  areas: number;
  measures: number;
  tasks: number;
  removedTasks: number;
  /** with carryOver: new assignments carried over, and unfinished ones left (the unit already had the new task) */
  carried?: number;
  skipped?: number;
}

export async function importPlan(
  db: Db,
  raw: unknown,
  opts: { activate?: boolean; carryOver?: boolean; actor?: AuditActor; ip?: string | null; now?: Date } = {},
): Promise<PlanImportResult> {
  const plan = parsePlanFile(raw);

  // every department code must name an existing unit
  const codes = new Set<string>();
  for (const a of plan.areas) for (const m of a.measures) for (const t of m.tasks) [...t.lead, ...t.support].forEach((c) => codes.add(c));
  const units = await db.unit.findMany({ where: { code: { in: [...codes] } }, select: { id: true, code: true } });
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const problems: string[] = [];
  for (const a of plan.areas)
    for (const m of a.measures)
      for (const t of m.tasks)
        for (const [field, list] of [["lead", t.lead], ["support", t.support]] as const)
          for (const c of list) if (!unitId.has(c)) problems.push(`任务 ${t.code} 字段 ${field}：单位代码 ${c} 不存在`);
  if (problems.length) throw new PlanImportError(problems);

  return db.$transaction(
    async (tx) => {
      const before = await tx.plan.findUnique({ where: { code: plan.code }, select: { id: true, name: true, active: true } });
      const saved = await tx.plan.upsert({
        where: { code: plan.code },
        create: { code: plan.code, name: plan.name, startYear: plan.startYear, endYear: plan.endYear, source: plan.source ?? null },
        update: { name: plan.name, startYear: plan.startYear, endYear: plan.endYear, source: plan.source ?? null, importedAt: new Date() },
      });
      const keepTasks: string[] = [];
      const keepMeasures: string[] = [];
      const keepAreas: string[] = [];
      const counts = { areas: 0, measures: 0, tasks: 0 };
      for (const [ai, a] of plan.areas.entries()) {
        const area = await tx.planArea.upsert({
          where: { planId_code: { planId: saved.id, code: a.code } },
          create: { planId: saved.id, code: a.code, seq: ai + 1, name: a.name, description: a.description ?? null },
          update: { seq: ai + 1, name: a.name, description: a.description ?? null },
        });
        keepAreas.push(a.code);
        counts.areas++;
        for (const [mi, m] of a.measures.entries()) {
          const measure = await tx.planMeasure.upsert({
            where: { planId_code: { planId: saved.id, code: m.code } },
            create: { planId: saved.id, areaId: area.id, code: m.code, seq: mi + 1, name: m.name, description: m.description ?? null },
            update: { areaId: area.id, seq: mi + 1, name: m.name, description: m.description ?? null },
          });
          keepMeasures.push(m.code);
          counts.measures++;
          for (const [ti, t] of m.tasks.entries()) {
            const data = {
              measureId: measure.id,
              seq: ti + 1,
              title: t.title,
              description: t.description ?? null,
              target: t.target ?? null,
              targetValue: t.targetValue ?? null,
              targetUnit: t.targetUnit ?? null,
              completionStandard: t.completionStandard ?? null,
              deadline: new Date(`${t.deadline}T00:00:00Z`),
            };
            const task = await tx.planTask.upsert({
              where: { planId_code: { planId: saved.id, code: t.code } },
              create: { planId: saved.id, code: t.code, ...data },
              update: data,
            });
            keepTasks.push(t.code);
            counts.tasks++;
            await tx.planTaskDepartment.deleteMany({ where: { taskId: task.id } });
            await tx.planTaskDepartment.createMany({
              data: [
                ...t.lead.map((c) => ({ taskId: task.id, unitId: unitId.get(c)!, role: "LEAD" as const })),
                ...t.support.map((c) => ({ taskId: task.id, unitId: unitId.get(c)!, role: "SUPPORT" as const })),
              ],
            });
          }
        }
      }
      let removedTasks = 0;
      try {
        removedTasks = (await tx.planTask.deleteMany({ where: { planId: saved.id, code: { notIn: keepTasks } } })).count;
        await tx.planMeasure.deleteMany({ where: { planId: saved.id, code: { notIn: keepMeasures } } });
        await tx.planArea.deleteMany({ where: { planId: saved.id, code: { notIn: keepAreas } } });
      } catch (e) {
        throw new PlanImportError([`文件中缺少的任务已有落实记录，不能删除（${e instanceof Error ? e.message.split("\n")[0] : e}）`]);
      }
      if (opts.activate ?? true) {
        await tx.plan.updateMany({ where: { id: { not: saved.id } }, data: { active: false } });
        await tx.plan.update({ where: { id: saved.id }, data: { active: true } });
      }
      await writeAudit(tx, {
        actor: opts.actor ?? SYSTEM_ACTOR,
        action: "plan.import",
        entity: "Plan",
        entityId: saved.id,
        before: before ?? undefined,
        after: { code: plan.code, name: plan.name, ...counts, removedTasks },
        ip: opts.ip ?? null,
      });
      let carry: { carried?: number; skipped?: number } = {};
      if (opts.carryOver) {
        try {
          carry = await carryOverAssignments(tx, plan, saved.id, { actor: opts.actor, ip: opts.ip, now: opts.now });
        } catch (e) {
          if (e instanceof CarryOverError) throw new PlanImportError([e.message]);
          throw e;
        }
      }
      return { planId: saved.id, ...counts, removedTasks, ...carry };
    },
    { timeout: 120_000 },
  );
}
