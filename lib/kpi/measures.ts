// The building blocks of KPIs: counts and sums over a unit subtree, grouped by unit (the ancestor at one level of
// the path) or by month. Every figure on every screen, report and export is one of these, through definitions.ts.
// Scope is a prefix of the rows' own unit_path; group = split_part(unit_path, '/', groupIndex).
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { dayStart } from "./period";

export interface MeasureCtx {
  db: Db;
  /** subtree whose rows count, e.g. "/62/6201/" */
  scopePath: string;
  /** split_part index of the grouping level (scope depth + 2 = the scope itself; + 3 = its children) */
  groupIndex: number;
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
}

const like = (scopePath: string) => `${scopePath}%`;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

function toMap(rows: { g: string; v: unknown }[]): Grouped {
  return new Map(rows.map((r) => [r.g, num(r.v)]));
}

/** ranges as SQL (ordinal, from, to, asOf) rows */
function rangesSql(ranges: Range[]) {
  return Prisma.join(ranges.map((r, i) => Prisma.sql`(${i}::int, ${r.from}::date, ${r.to}::date, ${r.asOf}::timestamptz)`));
}

function seriesOf(rows: { i: number; v: unknown }[], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const r of rows) out[r.i] = num(r.v);
  return out;
}

type Cond = Prisma.Sql;
const TRUE = Prisma.sql`TRUE`;

/**
 * Rows of `table` whose `dateCol` falls in the range. `dateCol` is a DATE column (calendar day) or, with
 * `timestamp`, a timestamptz compared with Beijing day starts.
 */
export function flowCount(table: string, dateCol: string, where: Cond = TRUE, opts: { timestamp?: boolean; distinct?: string } = {}): Measure {
  const t = Prisma.raw(`"${table}"`);
  const d = Prisma.raw(`"${dateCol}"`);
  const agg = opts.distinct ? Prisma.raw(`count(DISTINCT "${opts.distinct}")`) : Prisma.raw("count(*)");
  const lo = (day: Date) => (opts.timestamp ? dayStart(day) : day);
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: bigint }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, ${agg} AS v FROM ${t}
          WHERE unit_path LIKE ${like(ctx.scopePath)} AND ${d} >= ${lo(r.from)} AND ${d} < ${lo(r.to)} AND ${where}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: bigint }[]>`
        SELECT r.i, ${agg} AS v
        FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        JOIN ${t} x ON x.${d} >= ${opts.timestamp ? Prisma.sql`(r.f::timestamp AT TIME ZONE 'Asia/Shanghai')` : Prisma.sql`r.f`}
                   AND x.${d} < ${opts.timestamp ? Prisma.sql`(r.t::timestamp AT TIME ZONE 'Asia/Shanghai')` : Prisma.sql`r.t`}
        WHERE x.unit_path LIKE ${like(ctx.scopePath)} AND ${where}
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
}

/**
 * Rows in a given state at the range's asOf instant, e.g. open loops: `received_at < at AND (loop_closed_at IS NULL
 * OR loop_closed_at >= at)`. `cond` receives the instant as SQL (a timestamptz).
 */
export function stateCount(table: string, cond: (at: Prisma.Sql) => Prisma.Sql, where: Cond = TRUE, opts: { distinct?: string } = {}): Measure {
  const t = Prisma.raw(`"${table}"`);
  const agg = opts.distinct ? Prisma.raw(`count(DISTINCT "${opts.distinct}")`) : Prisma.raw("count(*)");
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: bigint }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, ${agg} AS v FROM ${t}
          WHERE unit_path LIKE ${like(ctx.scopePath)} AND ${cond(Prisma.sql`${r.asOf}::timestamptz`)} AND ${where}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: bigint }[]>`
        SELECT r.i, ${agg} AS v
        FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        JOIN ${t} ON ${cond(Prisma.sql`r.a`)}
        WHERE unit_path LIKE ${like(ctx.scopePath)} AND ${where}
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
}

/** The Beijing calendar day of an instant expression (for DATE columns in state conditions). */
export const dayOf = (at: Prisma.Sql) => Prisma.sql`((${at}) AT TIME ZONE 'Asia/Shanghai')::date`;

/** A flow statistic (monthly counts add up over the months of the range). */
export function statFlow(metric: string): Measure {
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: Prisma.Decimal }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(value) AS v FROM stat_values
          WHERE metric = ${metric} AND month >= ${r.from} AND month < ${r.to} AND unit_path LIKE ${like(ctx.scopePath)}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: Prisma.Decimal }[]>`
        SELECT r.i, sum(s.value) AS v
        FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        JOIN stat_values s ON s.month >= r.f AND s.month < r.t
        WHERE s.metric = ${metric} AND s.unit_path LIKE ${like(ctx.scopePath)}
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
}

/** A stock statistic (standing count): each unit's latest value in a month before the range's end. */
export function statStock(metric: string): Measure {
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: Prisma.Decimal }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(value) AS v FROM (
            SELECT DISTINCT ON (unit_id) unit_path, value FROM stat_values
            WHERE metric = ${metric} AND month < ${r.to} AND unit_path LIKE ${like(ctx.scopePath)}
            ORDER BY unit_id, month DESC
          ) latest GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: Prisma.Decimal }[]>`
        SELECT r.i, sum(l.value) AS v
        FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        CROSS JOIN LATERAL (
          SELECT DISTINCT ON (unit_id) value FROM stat_values
          WHERE metric = ${metric} AND month < r.t AND unit_path LIKE ${like(ctx.scopePath)}
          ORDER BY unit_id, month DESC
        ) l
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
}

/** Sum of an integer column over rows dated in the range. */
export function flowSum(table: string, dateCol: string, valueCol: string, where: Cond = TRUE): Measure {
  const t = Prisma.raw(`"${table}"`);
  const d = Prisma.raw(`"${dateCol}"`);
  const v = Prisma.raw(`"${valueCol}"`);
  return {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: unknown }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(${v}) AS v FROM ${t}
          WHERE unit_path LIKE ${like(ctx.scopePath)} AND ${d} >= ${r.from} AND ${d} < ${r.to} AND ${where}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: unknown }[]>`
        SELECT r.i, sum(x.${v}) AS v FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        JOIN ${t} x ON x.${d} >= r.f AND x.${d} < r.t
        WHERE x.unit_path LIKE ${like(ctx.scopePath)} AND ${where}
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
}

/** Average of a numeric SQL expression over rows dated in the range (e.g. days to close a demand). */
export function flowAvg(table: string, dateCol: string, expr: Prisma.Sql, where: Cond = TRUE): { num: Measure; den: Measure } {
  // an average is a ratio of a sum and a count, so that groups and periods combine correctly
  const t = Prisma.raw(`"${table}"`);
  const d = Prisma.raw(`"${dateCol}"`);
  const sum: Measure = {
    async byGroup(ctx, r) {
      return toMap(
        await ctx.db.$queryRaw<{ g: string; v: unknown }[]>`
          SELECT split_part(unit_path, '/', ${ctx.groupIndex}) AS g, sum(${expr}) AS v FROM ${t}
          WHERE unit_path LIKE ${like(ctx.scopePath)} AND ${d} >= ${r.from} AND ${d} < ${r.to} AND ${where}
          GROUP BY 1`,
      );
    },
    async series(ctx, ranges) {
      if (!ranges.length) return [];
      const rows = await ctx.db.$queryRaw<{ i: number; v: unknown }[]>`
        SELECT r.i, sum(${expr}) AS v FROM (VALUES ${rangesSql(ranges)}) AS r(i, f, t, a)
        JOIN ${t} x ON x.${d} >= r.f AND x.${d} < r.t
        WHERE x.unit_path LIKE ${like(ctx.scopePath)} AND ${where}
        GROUP BY r.i`;
      return seriesOf(rows, ranges.length);
    },
  };
  return { num: sum, den: flowCount(table, dateCol, where) };
}

export { Prisma };
