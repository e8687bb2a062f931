// Events counted per unit and Beijing month in the rollup table kpi_monthly, so that province-wide KPIs read a few
// thousand small rows instead of a million records. The rollup is kept by statement triggers in the same
// transaction as every write to the source tables (migration 20261130171809_bench_indexes: the functions
// kpi_events_<table> there are the SQL twins of this catalogue; tests/integration/kpi-rollup.test.ts recounts every
// event from the records and compares).
//
// An event is "a row's moment X": a DATE or (instant) a timestamptz expression over the row's columns, NULL when it
// has not happened. Flows count the events in a range; states at an instant `a` are sums and differences of "events
// before a": e.g. an intelligence item is open at a when it was received before a and not closed before a, i.e.
//   open(a) = #{received < a} − #{greatest(received, closed) < a}        (closed NULL: never)
// which holds for any data (no ordering of the columns is assumed).
import { Prisma } from "@/lib/generated/prisma/client";

export interface KpiEvent {
  /** kpi_monthly.event: "<table>:<name>" */
  key: string;
  table: string;
  /** when it happens: SQL over the table's columns, a DATE or (instant) a timestamptz; NULL = not (yet) */
  at: Prisma.Sql;
  instant: boolean;
  /** rows that count */
  where: Prisma.Sql;
  /** what it adds (default 1: a count) */
  value?: Prisma.Sql;
  /** an index-friendly condition implied by `at >= lo` (for the rows of a month the rollup does not cover) */
  since?: (lo: Prisma.Sql) => Prisma.Sql;
}

const sql = Prisma.sql;
const TRUE = sql`TRUE`;

const EVENTS: KpiEvent[] = [
  // ── 情报信息: loops (received → closed), loop deadlines, reporting on time ──
  { key: "intel_items:received", table: "intel_items", at: sql`received_at`, instant: true, where: TRUE },
  {
    key: "intel_items:closed",
    table: "intel_items",
    at: sql`CASE WHEN loop_closed_at IS NULL THEN NULL ELSE greatest(received_at, loop_closed_at) END`,
    instant: true,
    where: TRUE,
    since: (lo) => sql`(loop_closed_at >= ${lo} OR received_at >= ${lo})`,
  },
  {
    key: "intel_items:due",
    table: "intel_items",
    at: sql`greatest(received_at, loop_due_at)`,
    instant: true,
    where: TRUE,
    since: (lo) => sql`(loop_due_at >= ${lo} OR received_at >= ${lo})`,
  },
  {
    key: "intel_items:due_closed",
    table: "intel_items",
    at: sql`CASE WHEN loop_closed_at IS NULL THEN NULL ELSE greatest(received_at, loop_due_at, loop_closed_at) END`,
    instant: true,
    where: TRUE,
    since: (lo) => sql`(loop_closed_at >= ${lo} OR loop_due_at >= ${lo} OR received_at >= ${lo})`,
  },
  { key: "intel_items:ontime", table: "intel_items", at: sql`received_at`, instant: true, where: sql`reported_at IS NOT NULL AND reported_at <= report_due_at` },
  // ── 矛盾纠纷: screened, mediated, mediated successfully, resolved (the warning flag has a history of its own:
  // dispute_flag_history, read at the period's end) ──
  { key: "disputes:found", table: "disputes", at: sql`found_on`, instant: false, where: TRUE },
  { key: "disputes:mediated", table: "disputes", at: sql`found_on`, instant: false, where: sql`mediated` },
  { key: "disputes:succeeded", table: "disputes", at: sql`found_on`, instant: false, where: sql`mediation_succeeded` },
  { key: "disputes:resolved", table: "disputes", at: sql`resolved_on`, instant: false, where: TRUE },
  // ── 包抓联: visits; demands raised, settled with the days it took (the closure rate — due in the period,
  // settled by its end — is read from the records: lib/kpi/measures.ts dueCount) ──
  { key: "enterprise_visits:visited", table: "enterprise_visits", at: sql`visited_on`, instant: false, where: TRUE },
  { key: "enterprise_demands:raised", table: "enterprise_demands", at: sql`raised_on`, instant: false, where: TRUE },
  { key: "enterprise_demands:resolved", table: "enterprise_demands", at: sql`resolved_on`, instant: false, where: TRUE },
  { key: "enterprise_demands:resolved_days", table: "enterprise_demands", at: sql`resolved_on`, instant: false, where: TRUE, value: sql`(resolved_on - raised_on)` },
];

export const KPI_EVENTS: ReadonlyMap<string, KpiEvent> = new Map(EVENTS.map((e) => [e.key, e]));

export function kpiEvent(key: string): KpiEvent {
  const e = KPI_EVENTS.get(key);
  if (!e) throw new Error(`unknown KPI event ${key}`);
  return e;
}
