// Reading the monthly statistics: one unit-month for the entry form, and the subtree table of the 月度统计 page
// (flows summed over the subtree and over the year to date, stocks as each unit's latest value summed), each with
// the same period a year earlier (同比). Every stored figure is a unit's own (本级) figure, so sums never double count.
// The db-first functions are shared with the stats actions, the export and the tests; pages call the page-facing
// ones at the end (statsOverview, entryRules, entryUnitsBelow, storedMonths), which take the database themselves.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Scope, recordsIn, sqlIn } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";
import type { Db, Tx } from "@/lib/db/client";
import { STAT_METRICS } from "./catalogue";
import { type EnterableUnitRow, enterableUnits } from "./enterable";
import { type EnterableUnit, addMonths, isEnterable, monthDate, monthOf } from "./validate";

type Reader = Db | Tx;

export interface StoredValue {
  value: number;
  version: number;
}

const num = (v: Prisma.Decimal | number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v.toString()));

/** A unit's stored values of some months: month → metric → value and version. */
export async function unitMonths(db: Reader, unitId: number, months: string[]): Promise<Map<string, Record<string, StoredValue>>> {
  const rows = await db.statValue.findMany({ where: { unitId, month: { in: months.map(monthDate) } }, select: { month: true, metric: true, value: true, version: true } });
  const out = new Map<string, Record<string, StoredValue>>(months.map((m) => [m, {}]));
  for (const r of rows) out.get(monthOf(r.month))![r.metric] = { value: num(r.value)!, version: r.version };
  return out;
}

export const valuesOnly = (rec: Record<string, StoredValue> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(rec ?? {}).map(([k, v]) => [k, v.value]));

/** What the rules need to know about a unit: its level, and for a 市州 whether it has counties (嘉峪关 has none). */
export async function entryUnit(db: Reader, unit: { id: number; level: string }): Promise<EnterableUnit> {
  if (unit.level !== "CITY") return { level: unit.level };
  const counties = await db.unit.count({ where: { parentId: unit.id, level: "COUNTY" } });
  return { level: unit.level, hasCounties: counties > 0 };
}

/** Whether a unit enters figures (a 市州 only when it has no counties: 嘉峪关; the province only its policies). */
export async function unitIsEnterable(db: Reader, unit: { id: number; level: string }): Promise<boolean> {
  return isEnterable(await entryUnit(db, unit));
}

// ── the 月度统计 table ────────────────────────────────────────────────────────────────────────────────────────

export interface Cell {
  /** the month */
  cur: number | null;
  /** the same month a year earlier */
  yoy: number | null;
  /** flows: January to the month */
  ytd: number | null;
  /** flows: the same months a year earlier */
  ytdYoy: number | null;
}

/** metric → group → cell; group "" is the view unit's own figures (本级), "*" the whole subtree, else a child's code */
export type StatTable = Map<string, Map<string, Cell>>;

const FLOWS = STAT_METRICS.filter((m) => m.kind === "flow").map((m) => m.key);
const STOCKS = STAT_METRICS.filter((m) => m.kind === "stock").map((m) => m.key);

/**
 * The figures of a subtree for a month, by child of the view unit. `scope` is the view unit's subtree ("/62/6201/"),
 */
export async function statTable(db: Reader, scope: Scope, month: string): Promise<StatTable> {
  // calendar days as text: a Date parameter would go through the session's time zone on its way to ::date
  const m = `${month}-01`;
  const m12 = `${addMonths(month, -12)}-01`;
  const y0 = `${month.slice(0, 4)}-01-01`;
  const y0p = `${Number(month.slice(0, 4)) - 1}-01-01`;
  const part = scope.depth + 3; // split_part index of the child's code in "/62/6201/620102/"
  const flows = await db.$queryRaw<{ g: string; metric: string; cur: Prisma.Decimal | null; yoy: Prisma.Decimal | null; ytd: Prisma.Decimal | null; ytd_yoy: Prisma.Decimal | null }[]>`
    SELECT split_part(unit_path, '/', ${part}::int) AS g, metric,
      sum(value) FILTER (WHERE month = ${m}::date) AS cur,
      sum(value) FILTER (WHERE month = ${m12}::date) AS yoy,
      sum(value) FILTER (WHERE month >= ${y0}::date AND month <= ${m}::date) AS ytd,
      sum(value) FILTER (WHERE month >= ${y0p}::date AND month <= ${m12}::date) AS ytd_yoy
    FROM stat_values
    WHERE metric = ANY(${FLOWS}::text[]) AND ${sqlIn(scope)}
      AND ((month >= ${y0}::date AND month <= ${m}::date) OR (month >= ${y0p}::date AND month <= ${m12}::date))
    GROUP BY 1, 2`;
  const stocks = await db.$queryRaw<{ g: string; metric: string; cur: Prisma.Decimal | null; yoy: Prisma.Decimal | null }[]>`
    SELECT g, metric, sum(value) FILTER (WHERE at = 0) AS cur, sum(value) FILTER (WHERE at = 1) AS yoy FROM (
      SELECT 0 AS at, * FROM (
        SELECT DISTINCT ON (unit_id, metric) split_part(unit_path, '/', ${part}::int) AS g, metric, value FROM stat_values
        WHERE metric = ANY(${STOCKS}::text[]) AND ${sqlIn(scope)} AND month <= ${m}::date
        ORDER BY unit_id, metric, month DESC
      ) a
      UNION ALL
      SELECT 1 AS at, * FROM (
        SELECT DISTINCT ON (unit_id, metric) split_part(unit_path, '/', ${part}::int) AS g, metric, value FROM stat_values
        WHERE metric = ANY(${STOCKS}::text[]) AND ${sqlIn(scope)} AND month <= ${m12}::date
        ORDER BY unit_id, metric, month DESC
      ) b
    ) s GROUP BY 1, 2`;
  const table: StatTable = new Map(STAT_METRICS.map((x) => [x.key, new Map()]));
  const add = (metric: string, g: string, c: Cell) => {
    const byGroup = table.get(metric);
    if (!byGroup) return;
    byGroup.set(g, c);
    const all = byGroup.get("*") ?? { cur: null, yoy: null, ytd: null, ytdYoy: null };
    const plus = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.round((a + b) * 100) / 100);
    byGroup.set("*", { cur: plus(all.cur, c.cur), yoy: plus(all.yoy, c.yoy), ytd: plus(all.ytd, c.ytd), ytdYoy: plus(all.ytdYoy, c.ytdYoy) });
  };
  for (const r of flows) add(r.metric, r.g, { cur: num(r.cur), yoy: num(r.yoy), ytd: num(r.ytd), ytdYoy: num(r.ytd_yoy) });
  for (const r of stocks) add(r.metric, r.g, { cur: num(r.cur), yoy: num(r.yoy), ytd: null, ytdYoy: null });
  return table;
}

/**
 * How many of the subtree's reporting units have reported any flow figure for the month. Expected are the county-level
 * units (and 嘉峪关); police stations report their own figures only where a county splits them out, so a station counts
 * only when it is the unit looked at.
 */
export async function reportingRate(db: Reader, scope: Scope, month: string): Promise<{ reported: number; expected: number }> {
  const all = (await enterableUnits(db, scope)).filter((u) => u.active);
  const expected = all.filter((u) => u.level !== "STATION" || u.path === scope.path);
  if (!expected.length) return { reported: 0, expected: 0 };
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT unit_id) AS n FROM stat_values
    WHERE month = ${`${month}-01`}::date AND unit_id = ANY(${expected.map((u) => u.id)}::int[]) AND metric = ANY(${FLOWS}::text[])`;
  return { reported: Number(row?.n ?? 0), expected: expected.length };
}

/** The stored rows of a subtree over months, for the export: unit → month → metric → value. */
export async function subtreeValues(db: Reader, scope: Scope, from: string, to: string): Promise<Map<number, Map<string, Record<string, number>>>> {
  const rows = await db.statValue.findMany({
    where: { ...recordsIn(scope), month: { gte: monthDate(from), lte: monthDate(to) } },
    select: { unitId: true, month: true, metric: true, value: true },
  });
  const out = new Map<number, Map<string, Record<string, number>>>();
  for (const r of rows) {
    const byMonth = out.get(r.unitId) ?? new Map<string, Record<string, number>>();
    const ym = monthOf(r.month);
    byMonth.set(ym, { ...(byMonth.get(ym) ?? {}), [r.metric]: num(r.value)! });
    out.set(r.unitId, byMonth);
  }
  return out;
}

/**
 * The units one level below `unitId` as the statistics table shows them (no departments), each with whether it
 * enters figures itself: counties and stations do, and a city without counties of its own.
 */
export async function statsChildUnits(db: Db, unitId: number) {
  const children = await db.unit.findMany({
    where: { parentId: unitId, active: true, level: { not: "DEPARTMENT" } },
    orderBy: [{ level: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
    select: { id: true, code: true, name: true, shortName: true, level: true },
  });
  const withCounties = new Set(
    (await db.unit.groupBy({ by: ["parentId"], where: { parentId: { in: children.map((c) => c.id) }, level: "COUNTY" } })).map((g) => g.parentId),
  );
  return children.map((c) => ({ ...c, enterable: c.level === "COUNTY" || c.level === "STATION" || (c.level === "CITY" && !withCounties.has(c.id)) }));
}

// ── for pages ────────────────────────────────────────────────────────────────────────────────────────────────

/** The 月度统计 page of a view unit and month: the subtree table, the sub-units, the reporting rate, whether the unit enters figures itself. */
export async function statsOverview(unit: { id: number; level: string; scope: Scope }, month: string) {
  const db = getDb();
  const [table, children, rate, selfEnterable] = await Promise.all([statTable(db, unit.scope, month), statsChildUnits(db, unit.id), reportingRate(db, unit.scope, month), unitIsEnterable(db, unit)]);
  return { table, children, rate, selfEnterable };
}

/** What the entry rules need to know about a unit (entryUnit). */
export function entryRules(unit: { id: number; level: string }): Promise<EnterableUnit> {
  return entryUnit(getDb(), unit);
}

/** For the province or a 市州: the active units below that enter their own figures (stations only below a 市州; the province reaches them through their county). */
export async function entryUnitsBelow(unit: { id: number; level: string; scope: Scope }): Promise<EnterableUnitRow[]> {
  if (unit.level !== "PROVINCE" && unit.level !== "CITY") return [];
  return (await enterableUnits(getDb(), unit.scope)).filter((u) => u.active && u.id !== unit.id && (u.level !== "STATION" || unit.level === "CITY"));
}

/** A unit's stored values of some months (unitMonths). */
export function storedMonths(unitId: number, months: string[]) {
  return unitMonths(getDb(), unitId, months);
}
