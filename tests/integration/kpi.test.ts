// Every KPI equals an independent SQL count on the demo data, for 3 units × 3 periods. The oracles below are
// written separately from lib/kpi (joined through the units table instead of the rows' own unit_path, with the
// Beijing day arithmetic spelled out), so a mistake in a measure cannot hide in both.
import { beforeAll, describe, expect, it } from "vitest";
import { KPIS, type KpiDef } from "@/lib/kpi/definitions";
import { kpiByChildren, kpiSeries, kpiSummary, kpiValue } from "@/lib/kpi/engine";
import { type Period, asOf, parsePeriod } from "@/lib/kpi/period";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();
const NOW = new Date("2026-11-30T04:00:00Z");
const UNITS = ["62", "6201", "620102"];
const PERIODS = ["2025-06", "2025-Q3", "2024"].map((k) => parsePeriod(k, NOW)!);

beforeAll(async () => {
  await runSeed(t.db, { demo: true });
}, 300_000);

type Oracle = (unitPath: string, p: Period) => Promise<number | null>;

const n = (rows: { v: unknown }[]) => Number(rows[0]?.v ?? 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const bjFrom = (p: Period) => p.from.toISOString().slice(0, 10);
const bjTo = (p: Period) => p.to.toISOString().slice(0, 10);

function oracles(): Record<string, Oracle> {
  const db = t.db;
  const count = async (sql: string, ...args: unknown[]) => n(await db.$queryRawUnsafe<{ v: unknown }[]>(sql, ...args));
  const stat = (metric: string): Oracle => async (path, p) =>
    count(`SELECT coalesce(sum(s.value), 0) AS v FROM stat_values s JOIN units u ON u.id = s.unit_id WHERE u.path LIKE $1 AND s.metric = $2 AND s.month >= $3::date AND s.month < $4::date`, `${path}%`, metric, bjFrom(p), bjTo(p));
  const stock = (metric: string): Oracle => async (path, p) =>
    count(
      `SELECT coalesce(sum(s.value), 0) AS v FROM units u CROSS JOIN LATERAL (SELECT value FROM stat_values x WHERE x.unit_id = u.id AND x.metric = $2 AND x.month < $3::date ORDER BY x.month DESC LIMIT 1) s WHERE u.path LIKE $1`,
      `${path}%`,
      metric,
      bjTo(p),
    );
  // ledger rows dated (DATE column) in the period
  const dated = (table: string, col: string, extra = "TRUE"): Oracle => async (path, p) =>
    count(`SELECT count(*) AS v FROM ${table} x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.${col} BETWEEN $2::date AND ($3::date - 1) AND ${extra}`, `${path}%`, bjFrom(p), bjTo(p));
  const at = (p: Period) => asOf(p, NOW).toISOString();
  const bjDay = (p: Period) => new Date(asOf(p, NOW).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    "plan.completion": async (path, p) =>
      ratio(
        await count(`SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND a.created_at < $2::timestamptz AND a.closed_at < $2::timestamptz`, `${path}%`, at(p)),
        await count(`SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND a.created_at < $2::timestamptz`, `${path}%`, at(p)),
      ),
    "plan.overdue": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND a.created_at < $2::timestamptz AND a.deadline < $3::date AND NOT (a.closed_at IS NOT NULL AND a.closed_at < $2::timestamptz)`,
        `${path}%`,
        at(p),
        bjDay(p),
      ),
    "loops.open": async (path, p) =>
      count(`SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND i.received_at < $2::timestamptz AND NOT (i.loop_closed_at IS NOT NULL AND i.loop_closed_at < $2::timestamptz)`, `${path}%`, at(p)),
    "loops.overdue": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND i.received_at < $2::timestamptz AND i.loop_due_at < $2::timestamptz AND NOT (i.loop_closed_at IS NOT NULL AND i.loop_closed_at < $2::timestamptz)`,
        `${path}%`,
        at(p),
      ),
    "intel.ontime": async (path, p) => {
      const q = (extra: string) =>
        count(`SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND (i.received_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND ($3::date - 1) AND ${extra}`, `${path}%`, bjFrom(p), bjTo(p));
      return ratio(await q("i.reported_at <= i.report_due_at"), await q("TRUE"));
    },
    "disputes.screened": dated("disputes", "found_on"),
    "disputes.resolved": dated("disputes", "resolved_on"),
    "mediation.rate": async (path, p) => ratio(await dated("disputes", "found_on", "x.mediation_succeeded")(path, p) as number, (await dated("disputes", "found_on", "x.mediated")(path, p)) as number),
    "disputes.flagged": async (path, p) =>
      count(`SELECT count(*) AS v FROM disputes d JOIN units u ON u.id = d.unit_id WHERE u.path LIKE $1 AND d.warning_flagged AND d.found_on < $2::date AND NOT (d.resolved_on IS NOT NULL AND d.resolved_on < $2::date)`, `${path}%`, bjDay(p)),
    "criminal.filed": stat("criminal.filed"),
    "criminal.solved": stat("criminal.solved"),
    "public_order.handled": stat("public_order.handled"),
    "economic.solved": stat("economic.solved"),
    "economic.recovered": stat("economic.recovered"),
    "telecom.cases": stat("telecom_fraud.cases"),
    "telecom.loss": stat("telecom_fraud.loss"),
    "traffic.deaths": stat("traffic.deaths"),
    "summons.people": stat("summons.people"),
    "ent.count": async (path, p) => count(`SELECT count(*) AS v FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE u.path LIKE $1 AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p)),
    "ent.coverage": async (path, p) =>
      ratio(
        await count(`SELECT count(*) AS v FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE u.path LIKE $1 AND e.enrolled_on < $2::date AND e.status = '包抓中' AND e.escort_name IS NOT NULL`, `${path}%`, bjDay(p)),
        await count(`SELECT count(*) AS v FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE u.path LIKE $1 AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p)),
      ),
    "ent.visits": dated("enterprise_visits", "visited_on"),
    "ent.officers": async (path, p) => count(`SELECT count(DISTINCT e.escort_badge) AS v FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE u.path LIKE $1 AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p)),
    "ent.daysToClose": async (path, p) => {
      const [r] = await db.$queryRawUnsafe<{ v: unknown }[]>(`SELECT avg(x.resolved_on - x.raised_on)::float AS v FROM enterprise_demands x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.resolved_on BETWEEN $2::date AND ($3::date - 1)`, `${path}%`, bjFrom(p), bjTo(p));
      return r.v === null ? null : Number(r.v);
    },
    "ent.demandClosure": async (path, p) => ratio((await dated("enterprise_demands", "raised_on", "x.resolved_on IS NOT NULL")(path, p)) as number, (await dated("enterprise_demands", "raised_on")(path, p)) as number),
    "infra.command_rooms": stock("infra.command_rooms"),
    "infra.case_centres": stock("infra.case_centres"),
    "infra.model_tools": stock("infra.model_tools"),
    "service.online": stock("service.online"),
    "economic.bad_assets": stat("economic.bad_assets"),
    "service.fully_online": stock("service.fully_online"),
    "service.cross_province": stock("service.cross_province"),
    "disputes.warning_leads": dated("disputes", "found_on", "x.warning_flagged"),
    "people_mediation.mediated": stat("people_mediation.mediated"),
    "people_mediation.rate": async (path, p) => ratio((await stat("people_mediation.succeeded")(path, p)) as number, (await stat("people_mediation.mediated")(path, p)) as number),
  };
}

const close = (a: number | null, b: number | null) => {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(a).toBeCloseTo(b, 6);
};

describe("KPIs equal independent SQL on the demo data", () => {
  const simple = KPIS.filter((k) => !k.custom);
  it("has an oracle for every KPI computed from records", () => {
    const o = oracles();
    expect(simple.map((k) => k.id).filter((id) => !o[id])).toEqual([]);
  });

  it.each(simple.map((k) => [k.id, k] as const))("%s for 3 units × 3 periods", async (_id, def: KpiDef) => {
    const o = oracles()[def.id];
    for (const code of UNITS) {
      const unit = await t.db.unit.findUniqueOrThrow({ where: { code } });
      for (const p of PERIODS) {
        const mine = await kpiValue(t.db, def, { path: unit.path, depth: unit.depth, code }, p, NOW);
        const theirs = await o(unit.path, p);
        close(mine, theirs);
      }
    }
  });

  it("the demo data is not empty where it matters (so the comparisons mean something)", async () => {
    const p = PERIODS[2];
    const province = { path: "/62/", depth: 0, code: "62" };
    for (const id of ["disputes.screened", "ent.visits", "loops.open", "criminal.filed"]) {
      const v = await kpiValue(t.db, KPIS.find((k) => k.id === id)!, province, p, NOW);
      expect(v, id).toBeGreaterThan(0);
    }
  });

  it("children add up to the parent for counts, and series agree with single periods", async () => {
    const def = KPIS.find((k) => k.id === "disputes.screened")!;
    const p = PERIODS[1];
    const city = { path: "/62/6201/", depth: 1, code: "6201" };
    const counties = (await t.db.unit.findMany({ where: { parentId: (await t.db.unit.findUniqueOrThrow({ where: { code: "6201" } })).id } })).map((u) => u.code);
    const kids = await kpiByChildren(t.db, def, city, counties, p, NOW);
    const sum = [...kids.values()].reduce((s: number, v) => s + (v ?? 0), 0);
    expect(sum).toBe(await kpiValue(t.db, def, city, p, NOW));
    const months = p.months;
    const series = await kpiSeries(t.db, def, city, months, NOW);
    for (const [i, m] of months.entries()) {
      const single = parsePeriod(m.toISOString().slice(0, 7), NOW)!;
      expect(series[i].value).toBe(await kpiValue(t.db, def, city, single, NOW));
    }
    const rate = KPIS.find((k) => k.id === "mediation.rate")!;
    const s = await kpiSummary(t.db, rate, city, PERIODS[0], NOW);
    expect(s.yoy?.kind).toBe("points");
  });
});
