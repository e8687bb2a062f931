// Computing KPIs from their definitions: a value for a unit's subtree and period, 同比 and 环比, values per
// sub-unit (rankings, the map), and monthly series (sparklines, trends).
import { type Scope, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { shanghaiToday } from "@/lib/time";
import { computedKpi } from "./computed";
import { type Change, minBaseForPct } from "@/lib/format";
import type { KpiDef } from "./definitions";
import type { MeasureCtx, Range, SeriesJob } from "./measures";
import { type Period, asOf, monthKey, previousPeriod, sameLastYear } from "./period";

/**
 * A unit's subtree as the KPI engine reads it: the checked scope, the unit's code and the chosen plan of the task
 * KPIs (plans.id; absent: the plan in force at the end of each period, STOCK.taskPlan).
 */
export type KpiScope = Scope & { readonly code: string; readonly plan?: number | null; readonly planAt?: (asOf: Date) => number | null };

/** `planAt`: the plan in force at an instant, when the caller has the plans (MeasureCtx.planAt; the same figures either way) */
export function kpiScope(scope: Scope, code: string, plan?: number | null, planAt?: (asOf: Date) => number | null): KpiScope {
  return { ...scope, code, plan: plan ?? null, ...(planAt ? { planAt } : {}) };
}

export type GroupValues = Map<string, number | null>;

export type { Change } from "@/lib/format";

export interface KpiSummary {
  id: string;
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  mom: Change | null;
  yoy: Change | null;
  /** false when the period does not suit the KPI (monthly statistics over a 7-day window) */
  available: boolean;
}

/** The KPI can be computed for this period (statistics are monthly: no 7/28-day windows). */
export function kpiAvailable(def: KpiDef, p: Period): boolean {
  return def.daily || (p.kind !== "d7" && p.kind !== "d28");
}

function rangeOf(p: Period, now: Date): Range {
  return { from: p.from, to: p.to, asOf: asOf(p, now) };
}

function combine(def: KpiDef, num: Map<string, number>, den?: Map<string, number>): GroupValues {
  const out: GroupValues = new Map();
  if (!den) {
    for (const [k, v] of num) out.set(k, v);
    return out;
  }
  for (const k of new Set([...num.keys(), ...den.keys()])) {
    const d = den.get(k) ?? 0;
    out.set(k, d > 0 ? (num.get(k) ?? 0) / d : null);
  }
  return out;
}

/** KPI values for every group of a subtree (groupIndex: see MeasureCtx). Missing groups have no records: 0 (or null for ratios). */
export async function kpiByGroup(db: Db, def: KpiDef, scope: Scope & { readonly plan?: number | null; readonly planAt?: (asOf: Date) => number | null }, groupIndex: number, p: Period, now: Date = new Date()): Promise<GroupValues> {
  if (!kpiAvailable(def, p)) return new Map();
  const ctx: MeasureCtx = { db, scope, groupIndex, plan: scope.plan ?? null, planAt: scope.planAt };
  if (def.custom === "telecomStreak") return telecomStreakByGroup(ctx, p, now);
  if (def.custom) return computedKpi(def.custom)(db, scope, groupIndex, p, now);
  const r = rangeOf(p, now);
  const [num, den] = await Promise.all([def.num!.byGroup(ctx, r), def.den?.byGroup(ctx, r)]);
  return combine(def, num, den);
}

/** The KPI for a unit's whole subtree. */
export async function kpiValue(db: Db, def: KpiDef, scope: KpiScope, p: Period, now: Date = new Date()): Promise<number | null> {
  if (!kpiAvailable(def, p)) return null;
  const m = await kpiByGroup(db, def, scope, scope.depth + 2, p, now);
  return m.get(scope.code) ?? (def.den || def.custom ? null : 0);
}

/** The KPI for each direct sub-unit (codes given), each over its own subtree. */
export async function kpiByChildren(db: Db, def: KpiDef, scope: KpiScope, childCodes: string[], p: Period, now: Date = new Date()): Promise<GroupValues> {
  const m = await kpiByGroup(db, def, scope, scope.depth + 3, p, now);
  const out: GroupValues = new Map();
  for (const c of childCodes) out.set(c, m.get(c) ?? (def.den || def.custom ? null : 0));
  return out;
}

/**
 * 同比/环比 of a KPI: points for rates, relative otherwise, the difference alone below the KPI's base for
 * percentages (minBaseForPct) or from a base of 0; none for a streak (a count of months is not compared in %).
 */
export function change(def: KpiDef, cur: number | null, base: number | null): Change | null {
  if (cur === null || base === null || def.custom === "telecomStreak") return null;
  if (def.format === "percent") return { kind: "points", value: cur - base, cur, base };
  if (base === 0 || Math.abs(base) < minBaseForPct(def)) return { kind: "absolute", value: cur - base, cur, base };
  return { kind: "relative", value: (cur - base) / base, cur, base };
}

export async function kpiSummary(db: Db, def: KpiDef, scope: KpiScope, p: Period, now: Date = new Date()): Promise<KpiSummary> {
  const prev = previousPeriod(p, now);
  const ly = sameLastYear(p, now);
  const [value, previous, lastYear] = await Promise.all([
    kpiValue(db, def, scope, p, now),
    prev ? kpiValue(db, def, scope, prev, now) : Promise.resolve(null),
    ly ? kpiValue(db, def, scope, ly, now) : Promise.resolve(null),
  ]);
  return { id: def.id, value, previous, lastYear, mom: change(def, value, previous), yoy: change(def, value, lastYear), available: kpiAvailable(def, p) };
}

/** The last `n` months up to the period's last month (or the last complete month), oldest first. */
export function seriesMonths(p: Period, n: number, now: Date = new Date()): Date[] {
  const today = shanghaiToday(now);
  let end = p.months.length ? p.months[p.months.length - 1] : new Date(Date.UTC(p.to.getUTCFullYear(), p.to.getUTCMonth() - 1));
  const thisMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth()));
  if (end >= thisMonth) end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1));
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (n - 1 - i))));
}

export interface SeriesPoint {
  month: string;
  value: number | null;
}

/** Monthly values of a KPI for a subtree (one query per measure for all months). */
export async function kpiSeries(db: Db, def: KpiDef, scope: KpiScope, months: Date[], now: Date = new Date()): Promise<SeriesPoint[]> {
  return (await kpiSeriesMany(db, scope, [{ def, months }], now))[0];
}

/**
 * Monthly series of several KPIs for one subtree, each over its own months, with as few queries as their measures
 * allow: measures of one family (the rollup's events, monthly statistics, state counts of one table) share one.
 */
export async function kpiSeriesMany(db: Db, scope: KpiScope, items: { def: KpiDef; months: Date[] }[], now: Date = new Date()): Promise<SeriesPoint[][]> {
  const ctx: MeasureCtx = { db, scope, groupIndex: scope.depth + 2, plan: scope.plan ?? null, planAt: scope.planAt };
  const rangesOf = (months: Date[]): Range[] =>
    months.map((m) => {
      const to = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1));
      return { from: m, to, asOf: asOf({ to } as Period, now) };
    });
  type Job = SeriesJob & { out?: number[] };
  const jobs: Job[] = [];
  const plans = items.map(({ def, months }) => {
    if (def.custom) return { def, months };
    const ranges = rangesOf(months);
    const num: Job = { measure: def.num!, ranges };
    const den: Job | null = def.den ? { measure: def.den, ranges } : null;
    jobs.push(num, ...(den ? [den] : []));
    return { def, months, num, den };
  });
  const groups = new Map<unknown, Job[]>();
  for (const j of jobs) {
    const key = j.measure.family?.key ?? j;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  const [customs] = await Promise.all([
    Promise.all(plans.map((p) => (p.def.custom === "telecomStreak" ? telecomStreakSeries(ctx, p.months) : Promise.resolve(null)))),
    ...[...groups.values()].map(async (js) => {
      const family = js[0].measure.family;
      const out = family && js.length > 1 ? await family.run(ctx, js) : await Promise.all(js.map((j) => j.measure.series(ctx, j.ranges)));
      js.forEach((j, i) => (j.out = out[i]));
    }),
  ]);
  return plans.map((p, k) => {
    let values: (number | null)[];
    if (p.def.custom) values = customs[k] ?? p.months.map(() => null);
    else {
      const num = p.num!.out!;
      const den = p.den?.out;
      values = num.map((v, i) => (den ? (den[i] > 0 ? v / den[i] : null) : v));
    }
    return p.months.map((m, i) => ({ month: monthKey(m), value: values[i] }));
  });
}

// ── 连续双下降 ──────────────────────────────────────────────────────────────────────────────────────────────────

type Monthly = Map<string, Map<string, { cases: number; loss: number }>>;

async function telecomMonthly(ctx: MeasureCtx, from: Date, to: Date): Promise<Monthly> {
  const rows = await ctx.db.$queryRaw<{ g: string; m: Date; cases: unknown; loss: unknown }[]>`
    SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, month AS m,
           sum(value) FILTER (WHERE metric = 'telecom_fraud.cases') AS cases,
           sum(value) FILTER (WHERE metric = 'telecom_fraud.loss') AS loss
    FROM stat_values
    WHERE metric IN ('telecom_fraud.cases', 'telecom_fraud.loss') AND month >= ${from} AND month < ${to}
      AND ${sqlIn(ctx.scope)}
    GROUP BY 1, 2`;
  const out: Monthly = new Map();
  for (const r of rows) {
    const g = out.get(r.g) ?? new Map();
    g.set(monthKey(r.m), { cases: Number(r.cases ?? 0), loss: Number(r.loss ?? 0) });
    out.set(r.g, g);
  }
  return out;
}

/** Consecutive months, ending at `end`, in which both cases and losses were below the same month a year before. */
export function streakAt(series: Map<string, { cases: number; loss: number }>, end: Date): number {
  let n = 0;
  for (let i = 0; i < 120; i++) {
    const m = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i));
    const cur = series.get(monthKey(m));
    const prev = series.get(monthKey(new Date(Date.UTC(m.getUTCFullYear() - 1, m.getUTCMonth()))));
    if (!cur || !prev || !(cur.cases < prev.cases && cur.loss < prev.loss)) break;
    n++;
  }
  return n;
}

async function telecomStreakByGroup(ctx: MeasureCtx, p: Period, now: Date): Promise<GroupValues> {
  const [end] = seriesMonths(p, 1, now);
  const data = await telecomMonthly(ctx, new Date(Date.UTC(end.getUTCFullYear() - 11, end.getUTCMonth())), new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1)));
  const out: GroupValues = new Map();
  for (const [g, s] of data) out.set(g, streakAt(s, end));
  return out;
}

async function telecomStreakSeries(ctx: MeasureCtx, months: Date[]): Promise<number[]> {
  if (!months.length) return [];
  const first = months[0];
  const last = months[months.length - 1];
  const data = await telecomMonthly(ctx, new Date(Date.UTC(first.getUTCFullYear() - 11, first.getUTCMonth())), new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1)));
  const s = [...data.values()][0] ?? new Map();
  return months.map((m) => streakAt(s, m));
}

export interface KpiCardData extends KpiSummary {
  series: SeriesPoint[];
}

/** A complete month's card comes from the KPI's 13-month series (seriesMonths(p, 13)). */
export function cardFromSeries(def: KpiDef, p: Period): boolean {
  return p.kind === "month" && !p.partial && kpiAvailable(def, p) && (!def.custom || def.custom === "telecomStreak");
}

/** The card of a complete month from its 13-month series: the month, the one before (环比), a year before (同比). */
export function monthCard(def: KpiDef, s: SeriesPoint[]): KpiCardData {
  const value = s[12].value;
  const previous = s[11].value;
  const lastYear = s[0].value;
  return { id: def.id, value, previous, lastYear, mom: change(def, value, previous), yoy: change(def, value, lastYear), available: true, series: s.slice(1) };
}

/**
 * What a KPI card shows: the value with 环比 and 同比, and the last 12 months. For a complete month all of it
 * comes from one 13-month series (one or two queries); other periods compute each figure.
 */
export async function kpiCard(db: Db, def: KpiDef, scope: KpiScope, p: Period, now: Date = new Date()): Promise<KpiCardData> {
  if (cardFromSeries(def, p)) return monthCard(def, await kpiSeries(db, def, scope, seriesMonths(p, 13, now), now));
  const [summary, series] = await Promise.all([kpiSummary(db, def, scope, p, now), kpiAvailable(def, p) ? kpiSeries(db, def, scope, seriesMonths(p, 12, now), now) : Promise.resolve([])]);
  return { ...summary, series };
}
