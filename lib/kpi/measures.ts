// Length (≈530 lines) kept on purpose: every measure kind shares the private series helpers and the batching families
// (one SQL pass for many KPIs) defined here; split, those helpers would have to become a public API of their own.
// The building blocks of KPIs: counts and sums over a unit subtree, grouped by unit (the ancestor at one level of
// the path) or by month. Every figure on every screen, report and export is one of these, through definitions.ts.
// Scope: the rows whose own unit_path lies in ctx.scope (lib/auth/scope.ts sqlIn); group = split_part(unit_path, '/', groupIndex).
import { Prisma } from "@/lib/generated/prisma/client";
import { type Scope, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { shanghaiToday } from "@/lib/time";
import { type KpiEvent, kpiEvent } from "./events";
import { dayStart } from "./period";

export interface MeasureCtx {
  db: Db;
  /** subtree whose rows count, e.g. "/62/6201/" */
  scope: Scope;
  /** split_part index of the grouping level (scope depth + 2 = the scope itself; + 3 = its children) */
  groupIndex: number;
  /** the chosen plan (plans.id) of the task KPIs; absent: the plan in force at each instant (STOCK.taskPlan) */
  plan?: number | null;
  /**
   * The plan in force at an instant, from the plans the page has already read (lib/plan/choice.ts planResolver: the
   * same rule as STOCK.taskPlan's SQL). Then each instant's plan is a constant of the query instead of a subquery
   * per column that PostgreSQL plans again every time (the 13-month series of 任务销号率: 26 columns). Absent, or
   * null for an instant: STOCK.taskPlan finds it in SQL.
   */
  planAt?: (asOf: Date) => number | null;
}

/** `ctx` for the figures as of `asOf`: with no chosen plan, the plan in force then when `planAt` knows it. */
export function ctxAt(ctx: MeasureCtx, asOf: Date): MeasureCtx {
  if (ctx.plan || !ctx.planAt) return ctx;
  const plan = ctx.planAt(asOf);
  return plan ? { ...ctx, plan } : ctx;
}

export interface Range {
  from: Date;
  to: Date;
  /** the instant figures are counted up to (state measures) */
  asOf: Date;
}

export type Grouped = Map<string, number>;

export interface Measure {
  byGroup(ctx: MeasureCtx, r: Range): Promise<Grouped>;
  /** the scope's total for each range (one query for all) */
  series(ctx: MeasureCtx, ranges: Range[]): Promise<number[]>;
  /** measures of one family answer their series together, in one query (engine.ts kpiSeriesMany) */
  family?: SeriesFamily;
}

export interface SeriesJob {
  measure: Measure;
  ranges: Range[];
}

export interface SeriesFamily {
  key: string;
  /** the series of each job, as `measure.series` would return them */
  run(ctx: MeasureCtx, jobs: SeriesJob[]): Promise<number[][]>;
}

/** each job on its own (a family falls back to this when its shared query does not apply) */
const separately = (ctx: MeasureCtx, jobs: SeriesJob[]) => Promise.all(jobs.map((j) => j.measure.series(ctx, j.ranges)));

/** one aggregate column per (job, range), read back as series */
function jobColumns(jobs: SeriesJob[], agg: (job: SeriesJob, r: Range) => Prisma.Sql): Prisma.Sql {
  return Prisma.join(jobs.flatMap((j, ji) => j.ranges.map((r, ri) => Prisma.sql`${agg(j, r)} AS ${Prisma.raw(`"c${ji}_${ri}"`)}`)));
}

function jobSeries(rows: Record<string, unknown>[], jobs: SeriesJob[]): number[][] {
  return jobs.map((j, ji) => j.ranges.map((_, ri) => num(rows[0]?.[`c${ji}_${ri}`])));
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

function toMap(rows: { g: string; v: unknown }[]): Grouped {
  return new Map(rows.map((r) => [r.g, num(r.v)]));
}

/** One aggregate column per range (v0, v1, …): a series in a single pass over the rows. */
function perRange(ranges: Range[], agg: (r: Range) => Prisma.Sql): Prisma.Sql {
  return Prisma.join(ranges.map((r, i) => Prisma.sql`${agg(r)} AS ${Prisma.raw(`v${i}`)}`));
}

function rowSeries(rows: Record<string, unknown>[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => num(rows[0]?.[`v${i}`]));
}

const earliest = (ranges: Range[], key: "from" | "to") => new Date(Math.min(...ranges.map((r) => r[key].getTime())));
const latest = (ranges: Range[], key: "from" | "to") => new Date(Math.max(...ranges.map((r) => r[key].getTime())));

type Cond = Prisma.Sql;
const TRUE = Prisma.sql`TRUE`;

/**
 * Rows that fall due in the range — `dateCol + dueDays` (a DATE) in [from, to) — and meet `cond` at the range's
 * end, e.g. demands due in the period and resolved by its end: `cond(day)` receives the Beijing day of the
 * range's asOf instant (the day after the period for a closed one). Read from the records (an index on
 * (unit_path, dateCol)), because "resolved by the end of the period" depends on the period's end.
 */
export function dueCount(table: string, dateCol: string, dueDays: number, cond: (day: Prisma.Sql) => Prisma.Sql = () => TRUE): Measure {
  const t = Prisma.raw(`"${table}"`);
  const d = Prisma.raw(`"${dateCol}"`);
  const shift = (day: Date) => new Date(day.getTime() - dueDays * 86_400_000);
  const when = (r: Range) => Prisma.sql`${d} >= ${shift(r.from)}::date AND ${d} < ${shift(r.to)}::date AND ${cond(dayOf(Prisma.sql`${r.asOf}::timestamptz`))}`;
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: bigint }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, count(*) AS v FROM ${t}
          WHERE ${sqlIn(ctx.scope)} AND ${when(r)}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>`
        SELECT ${perRange(ranges, (r) => Prisma.sql`count(*) FILTER (WHERE ${when(r)})`)}
        FROM ${t}
        WHERE ${sqlIn(ctx.scope)} AND ${d} >= ${shift(earliest(ranges, "from"))}::date AND ${d} < ${shift(latest(ranges, "to"))}::date`;
      return rowSeries(rows, ranges.length);
    },
  };
}

/** a − b per group and per range (a state from the rollup less a correction counted from a history table) */
export function difference(a: Measure, b: Measure): Measure {
  return {
    async byGroup(ctx, r) {
      const [x, y] = await Promise.all([a.byGroup(ctx, r), b.byGroup(ctx, r)]);
      const out = new Map(x);
      for (const [k, v] of y) out.set(k, (out.get(k) ?? 0) - v);
      return out;
    },
    async series(ctx, ranges) {
      const [x, y] = await Promise.all([a.series(ctx, ranges), b.series(ctx, ranges)]);
      return x.map((v, i) => v - (y[i] ?? 0));
    },
  };
}

/** A version of a history table (valid_from, valid_to) in force at an instant. */
export const validAt = (at: Prisma.Sql) => Prisma.sql`valid_from <= ${at} AND (valid_to IS NULL OR valid_to > ${at})`;

/**
 * Rows in a given state at the range's asOf instant, e.g. open loops: `received_at < at AND (loop_closed_at IS NULL
 * OR loop_closed_at >= at)`. `cond` receives the instant as SQL (a timestamptz).
 * `from`: the rows as a derived table named like `table` (with its unit_path), for a condition that needs another
 * table's columns — joined once, where a correlated subquery per instant would be planned again for every column.
 */
export function stateCount(table: string, cond: (at: Prisma.Sql, ctx: MeasureCtx) => Prisma.Sql, where: Cond = TRUE, opts: { distinct?: string; from?: Prisma.Sql } = {}): Measure {
  const t = opts.from ?? Prisma.raw(`"${table}"`);
  const agg = opts.distinct ? Prisma.raw(`count(DISTINCT "${opts.distinct}")`) : Prisma.raw("count(*)");
  const m: Measure = {
    family: stateFamily(table, opts.from),
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: bigint }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, ${agg} AS v FROM ${t}
          WHERE ${sqlIn(ctx.scope)} AND ${cond(Prisma.sql`${r.asOf}::timestamptz`, ctxAt(ctx, r.asOf))} AND ${where}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>`
        SELECT ${perRange(ranges, (r) => Prisma.sql`${agg} FILTER (WHERE ${cond(Prisma.sql`${r.asOf}::timestamptz`, ctxAt(ctx, r.asOf))})`)}
        FROM ${t}
        WHERE ${sqlIn(ctx.scope)} AND ${where}`;
      return rowSeries(rows, ranges.length);
    },
  };
  STATE_SPECS.set(m, { agg, cond, where });
  return m;
}

const STATE_SPECS = new WeakMap<Measure, { agg: Prisma.Sql; cond: (at: Prisma.Sql, ctx: MeasureCtx) => Prisma.Sql; where: Cond }>();
const STATE_FAMILIES = new Map<string, SeriesFamily>();

/** State counts on one table (or one derived table, `from`): every (measure, instant) a column of one pass over the
 *  scope's rows. */
function stateFamily(table: string, from?: Prisma.Sql): SeriesFamily {
  const source = from ?? Prisma.raw(`"${table}"`);
  const name = from ? `${table}+${from.text}` : table;
  let f = STATE_FAMILIES.get(name);
  if (!f) {
    f = {
      key: `state:${name}`,
      async run(ctx, jobs) {
        const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>`
          SELECT ${jobColumns(jobs, (j, r) => {
            const spec = STATE_SPECS.get(j.measure)!;
            return Prisma.sql`${spec.agg} FILTER (WHERE ${spec.where} AND ${spec.cond(Prisma.sql`${r.asOf}::timestamptz`, ctxAt(ctx, r.asOf))})`;
          })}
          FROM ${source} WHERE ${sqlIn(ctx.scope)}`;
        return jobSeries(rows, jobs);
      },
    };
    STATE_FAMILIES.set(name, f);
  }
  return f;
}

/** The Beijing calendar day of an instant expression (for DATE columns in state conditions). */
export const dayOf = (at: Prisma.Sql) => Prisma.sql`((${at}) AT TIME ZONE 'Asia/Shanghai')::date`;

/** A flow statistic (monthly counts add up over the months of the range). */
export function statFlow(metric: string): Measure {
  const m: Measure = {
    family: STAT_FLOWS,
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: Prisma.Decimal }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(value) AS v FROM stat_values
          WHERE metric = ${metric} AND month >= ${r.from} AND month < ${r.to} AND ${sqlIn(ctx.scope)}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>`
        SELECT ${perRange(ranges, (r) => Prisma.sql`sum(value) FILTER (WHERE month >= ${r.from}::date AND month < ${r.to}::date)`)}
        FROM stat_values
        WHERE metric = ${metric} AND month >= ${earliest(ranges, "from")}::date AND month < ${latest(ranges, "to")}::date AND ${sqlIn(ctx.scope)}`;
      return rowSeries(rows, ranges.length);
    },
  };
  STAT_METRICS.set(m, metric);
  return m;
}

const STAT_METRICS = new WeakMap<Measure, string>();

/** Flow statistics of several metrics: their monthly totals in one read, added up per range (exact decimals). */
const STAT_FLOWS: SeriesFamily = {
  key: "stat:flow",
  async run(ctx, jobs) {
    const all = jobs.flatMap((j) => j.ranges);
    const rows = await ctx.db.$queryRaw<{ metric: string; m: Date; v: Prisma.Decimal | null }[]>`
      SELECT metric, month AS m, sum(value) AS v FROM stat_values
      WHERE metric = ANY(${[...new Set(jobs.map((j) => STAT_METRICS.get(j.measure)!))]}::text[])
        AND month >= ${earliest(all, "from")}::date AND month < ${latest(all, "to")}::date AND ${sqlIn(ctx.scope)}
      GROUP BY 1, 2`;
    const byMetric = new Map<string, Map<number, Prisma.Decimal>>();
    for (const r of rows) {
      if (r.v === null) continue;
      let m = byMetric.get(r.metric);
      if (!m) byMetric.set(r.metric, (m = new Map()));
      m.set(ym(r.m), r.v);
    }
    return jobs.map((j) => {
      const months = byMetric.get(STAT_METRICS.get(j.measure)!);
      return j.ranges.map((r) => {
        let s: Prisma.Decimal | null = null;
        // the months m (first days) with from <= m < to
        for (let k = ym(monthOnOrAfter(r.from)), end = ym(monthOnOrAfter(r.to)); k < end; k++) {
          const v = months?.get(k);
          if (v) s = s ? s.plus(v) : v;
        }
        return s ? s.toNumber() : 0;
      });
    });
  },
};

/** A stock statistic (standing count): each unit's latest value in a month before the range's end. */
export function statStock(metric: string): Measure {
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: Prisma.Decimal }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(value) AS v FROM (
            SELECT DISTINCT ON (unit_id) unit_path, value FROM stat_values
            WHERE metric = ${metric} AND month < ${r.to} AND ${sqlIn(ctx.scope)}
            ORDER BY unit_id, month DESC
          ) latest GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      // a unit's value at a range's end is its row with month < end whose next row (if any) is at or after it
      const rows = await ctx.db.$queryRaw<Record<string, unknown>[]>`
        SELECT ${perRange(ranges, (r) => Prisma.sql`sum(value) FILTER (WHERE month < ${r.to}::date AND (next IS NULL OR next >= ${r.to}::date))`)}
        FROM (
          SELECT value, month, lead(month) OVER (PARTITION BY unit_id ORDER BY month) AS next FROM stat_values
          WHERE metric = ${metric} AND month < ${latest(ranges, "to")}::date AND ${sqlIn(ctx.scope)}
        ) s`;
      return rowSeries(rows, ranges.length);
    },
  };
}

// ── Events from the monthly rollup (kpi_monthly, lib/kpi/events.ts) ───────────────────────────────────────────
// Whole months come from the rollup; the days of a range that do not fill a month (7/28-day windows, a period
// still running) come from the records themselves, so every figure is exact for any range or instant.

const firstOfMonth = (day: Date) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
/** the first month start on or after a day */
const monthOnOrAfter = (day: Date) => (day.getUTCDate() === 1 ? day : new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1)));
const isMonthStart = (day: Date) => day.getUTCDate() === 1;
const ym = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
const EMPTY = Prisma.empty;

/** Split [from, to) (days) into whole months (rollup) and leftover days (records). */
function splitDays(from: Date, to: Date): { months: [Date, Date] | null; days: [Date, Date][] } {
  const m0 = monthOnOrAfter(from);
  const m1 = firstOfMonth(to);
  if (m0 >= m1) return { months: null, days: from < to ? [[from, to]] : [] };
  const days: [Date, Date][] = [];
  if (from < m0) days.push([from, m0]);
  if (m1 < to) days.push([m1, to]);
  return { months: [m0, m1], days };
}

/** The event's rows (group, sum of values) with its time in [lo, hi) (days), read from the records. */
function eventRows(e: KpiEvent, ctx: MeasureCtx, lo: Date, hi: Date, sign = 1): Prisma.Sql {
  const b = (day: Date) => (e.instant ? Prisma.sql`${dayStart(day)}::timestamptz` : Prisma.sql`${day}::date`);
  return Prisma.sql`(SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, ${sign} * sum(${e.value ?? Prisma.sql`1`}) AS v FROM ${Prisma.raw(`"${e.table}"`)}
    WHERE ${sqlIn(ctx.scope)} AND ${e.where} AND ${e.at} >= ${b(lo)} AND ${e.at} < ${b(hi)}${e.since ? Prisma.sql` AND ${e.since(b(lo))}` : EMPTY}
    GROUP BY 1)`;
}

async function unionByGroup(ctx: MeasureCtx, parts: Prisma.Sql[]): Promise<Grouped> {
  if (!parts.length) return new Map();
  return toMap(await ctx.db.$queryRaw<{ g: string; v: unknown }[]>`SELECT g, sum(v) AS v FROM (${Prisma.join(parts, " UNION ALL ")}) x GROUP BY g`);
}

/** Events in a range of days (a flow: screened disputes, visits …). */
export function eventFlow(key: string): Measure {
  const e = kpiEvent(key);
  const measure: Measure = {
    family: EVENTS,
    async byGroup(ctx, r) {
      const { months, days } = splitDays(r.from, r.to);
      const parts = days.map(([lo, hi]) => eventRows(e, ctx, lo, hi));
      if (months) {
        parts.unshift(Prisma.sql`(SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(n) AS v FROM kpi_monthly
          WHERE event = ${e.key} AND ${sqlIn(ctx.scope)} AND month >= ${months[0]}::date AND month < ${months[1]}::date
          GROUP BY 1)`);
      }
      return unionByGroup(ctx, parts);
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      if (!ranges.every((r) => isMonthStart(r.from) && isMonthStart(r.to))) {
        return Promise.all(ranges.map(async (r) => [...(await measure.byGroup(ctx, r)).values()].reduce((a, b) => a + b, 0)));
      }
      const rows = await ctx.db.$queryRaw<MonthRow[]>`
        SELECT event, month AS m, sum(n) AS v FROM kpi_monthly
        WHERE event = ${e.key} AND ${sqlIn(ctx.scope)} AND month >= ${earliest(ranges, "from")}::date AND month < ${latest(ranges, "to")}::date
        GROUP BY 1, 2`;
      return flowFromMonths(rows, e.key, ranges);
    },
  };
  EVENT_SPECS.set(measure, { flow: e.key, clean: (ranges) => ranges.every((r) => isMonthStart(r.from) && isMonthStart(r.to)) });
  return measure;
}

/** rollup rows by event and month */
type MonthRow = { event: string; m: Date; v: unknown };

/** values by event and month (ym) */
function byEventMonth(rows: MonthRow[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const x of rows) {
    let m = out.get(x.event);
    if (!m) out.set(x.event, (m = new Map()));
    const k = ym(x.m);
    m.set(k, (m.get(k) ?? 0) + num(x.v));
  }
  return out;
}

function flowFromMonths(rows: MonthRow[] | Map<string, Map<number, number>>, key: string, ranges: Range[]): number[] {
  const months = (Array.isArray(rows) ? byEventMonth(rows) : rows).get(key) ?? new Map<number, number>();
  return ranges.map((r) => {
    let s = 0;
    for (let k = ym(r.from), end = ym(r.to); k < end; k++) s += months.get(k) ?? 0;
    return s;
  });
}

function stateFromMonths(rows: MonthRow[], plus: string[], minus: string[], months: Date[]): number[] {
  // signed monthly totals, then a prefix sum up to each month (exclusive)
  const signed = new Map<number, number>();
  for (const [event, m] of byEventMonth(rows)) {
    const sign = plus.includes(event) ? 1 : minus.includes(event) ? -1 : 0;
    if (sign) for (const [k, v] of m) signed.set(k, (signed.get(k) ?? 0) + sign * v);
  }
  const keys = [...signed.keys()].sort((a, b) => a - b);
  return months.map((m) => {
    let s = 0;
    for (const k of keys) {
      if (k >= ym(m)) break;
      s += signed.get(k)!;
    }
    return s;
  });
}

/**
 * A state at the range's asOf instant, as events before it: Σ #{plus events before a} − Σ #{minus events before a}
 * ("before": an instant event before a; a DATE event before a's Beijing day).
 */
export function eventState(plus: string[], minus: string[] = []): Measure {
  const events = [...plus.map((k) => ({ e: kpiEvent(k), sign: 1 })), ...minus.map((k) => ({ e: kpiEvent(k), sign: -1 }))];
  const keys = events.map((x) => x.e.key);
  /**
   * The month of a (Beijing) and the events whose bound does not fall on a month start (`rest`): those count the
   * records between the bound and the nearer end of its month — forward from the month start (rollup before the
   * month, plus the records up to the bound) or, when the next month is nearer, back from it (rollup up to the end
   * of the month, minus the records from the bound on).
   */
  const at = (a: Date) => {
    const day = shanghaiToday(a);
    const month = firstOfMonth(day);
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const rest = events
      .filter(({ e }) => (e.instant ? a.getTime() !== dayStart(month).getTime() : day.getTime() !== month.getTime()))
      .map((x) => {
        const [lo, hi] = x.e.instant ? [dayStart(month).getTime(), dayStart(next).getTime()] : [month.getTime(), next.getTime()];
        const b = x.e.instant ? a.getTime() : day.getTime();
        return { ...x, back: hi - b < b - lo };
      });
    return { day, month, next, rest };
  };
  // no family: a state reads every month before its instants, best spread over connections (one query each)
  const measure: Measure = {
    async byGroup(ctx, r) {
      const { day, month, next, rest } = at(r.asOf);
      const back = rest.filter((x) => x.back).map((x) => x.e.key);
      const g = Prisma.sql`split_part(unit_path, '/', ${ctx.groupIndex})`;
      const records = (x: (typeof rest)[number]) => {
        const sign = x.back ? -x.sign : x.sign;
        const [lo, hi] = x.back ? [r.asOf, dayStart(next)] : [dayStart(month), r.asOf];
        if (!x.e.instant) return x.back ? eventRows(x.e, ctx, day, next, sign) : eventRows(x.e, ctx, month, day, sign);
        return Prisma.sql`(SELECT ${g} AS g, ${sign} * count(*) AS v FROM ${Prisma.raw(`"${x.e.table}"`)}
          WHERE ${sqlIn(ctx.scope)} AND ${x.e.where} AND ${x.e.at} >= ${lo}::timestamptz AND ${x.e.at} < ${hi}::timestamptz
          ${x.e.since ? Prisma.sql`AND ${x.e.since(Prisma.sql`${lo}::timestamptz`)}` : EMPTY}
          GROUP BY 1)`;
      };
      const parts = [
        Prisma.sql`(SELECT ${g} AS g, sum(CASE WHEN event = ANY(${plus}::text[]) THEN n ELSE -n END) AS v FROM kpi_monthly
          WHERE event = ANY(${keys}::text[]) AND ${sqlIn(ctx.scope)}
            AND month < CASE WHEN event = ANY(${back}::text[]) THEN ${next}::date ELSE ${month}::date END
          GROUP BY 1)`,
        ...rest.map(records),
      ];
      return unionByGroup(ctx, parts);
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const points = ranges.map((r) => at(r.asOf));
      if (points.some((p) => p.rest.length)) {
        return Promise.all(ranges.map(async (r) => [...(await measure.byGroup(ctx, r)).values()].reduce((a, b) => a + b, 0)));
      }
      const last = new Date(Math.max(...points.map((p) => p.month.getTime())));
      const rows = await ctx.db.$queryRaw<MonthRow[]>`
        SELECT event, month AS m, sum(n) AS v FROM kpi_monthly
        WHERE event = ANY(${keys}::text[]) AND ${sqlIn(ctx.scope)} AND month < ${last}::date
        GROUP BY 1, 2`;
      return stateFromMonths(rows, plus, minus, points.map((p) => p.month));
    },
  };
  return measure;
}

const EVENT_SPECS = new WeakMap<Measure, { clean: (ranges: Range[]) => boolean; flow: string }>();

/** Event flows of any number of KPIs (whole months) from one read of the rollup. */
const EVENTS: SeriesFamily = {
  key: "events",
  async run(ctx, jobs) {
    const specs = jobs.map((j) => EVENT_SPECS.get(j.measure)!);
    if (!jobs.every((j, i) => specs[i].clean(j.ranges))) return separately(ctx, jobs);
    const all = jobs.flatMap((j) => j.ranges);
    const rows = await ctx.db.$queryRaw<MonthRow[]>`
      SELECT event, month AS m, sum(n) AS v FROM kpi_monthly
      WHERE event = ANY(${[...new Set(specs.map((x) => x.flow))]}::text[]) AND ${sqlIn(ctx.scope)}
        AND month >= ${earliest(all, "from")}::date AND month < ${latest(all, "to")}::date
      GROUP BY 1, 2`;
    const index = byEventMonth(rows);
    return jobs.map((j, i) => flowFromMonths(index, specs[i].flow, j.ranges));
  },
};

export { Prisma };
