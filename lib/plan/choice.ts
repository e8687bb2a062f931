// Which plan a page shows (规划周期): the one named by `?plan=<code>`, else the plan in force at the end of the
// chosen period — the plan whose start/end years cover the Beijing year of the period's last instant (the current
// plan first when several do, then the latest start) — else the current plan. The same rule as the KPIs' default
// (lib/kpi/definitions.ts STOCK.taskPlan), so a page's picker names the plan its figures count.
import { shanghaiYearMonth } from "@/lib/time";

export interface PlanOption {
  id: number;
  code: string;
  name: string;
  startYear: number;
  endYear: number;
  active: boolean;
}

/** The Beijing year of the last instant before `end` (a period's exclusive end, or now). */
export function yearBefore(end: Date): number {
  return shanghaiYearMonth(new Date(end.getTime() - 1)).year;
}

export function planInForce<P extends PlanOption>(plans: P[], year: number): P | null {
  const covers = (p: P) => p.startYear <= year && p.endYear >= year;
  return (
    [...plans].sort(
      (a, b) => Number(covers(b)) - Number(covers(a)) || Number(b.active) - Number(a.active) || b.startYear - a.startYear || b.id - a.id,
    )[0] ?? null
  );
}

/** The plan in force at an instant (a period's exclusive end, or now) as plans.id, from a list already read: null when there is none. */
export function planResolver(plans: PlanOption[]): (asOf: Date) => number | null {
  return (asOf) => planInForce(plans, yearBefore(asOf))?.id ?? null;
}

/** The chosen plan (a known code) or the plan in force at `end`; `chosen` tells which. */
export function choosePlan<P extends PlanOption>(plans: P[], code: string | undefined, end: Date): { plan: P | null; chosen: boolean } {
  const named = code ? plans.find((p) => p.code === code) : undefined;
  if (named) return { plan: named, chosen: true };
  return { plan: planInForce(plans, yearBefore(end)), chosen: false };
}

/** "2023—2025年" / "2026年" */
export function planYears(p: Pick<PlanOption, "startYear" | "endYear">): string {
  return p.startYear === p.endYear ? `${p.startYear}年` : `${p.startYear}—${p.endYear}年`;
}
