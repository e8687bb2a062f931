// Every KPI equals an independent SQL count on the demo data, for 3 units × 3 periods. The oracles below are
// written separately from lib/kpi (joined through the units table instead of the rows' own unit_path, with the
// Beijing day arithmetic spelled out), so a mistake in a measure cannot hide in both.
import { beforeAll, describe, expect, it } from "vitest";
import { KPIS, type KpiDef } from "@/lib/kpi/definitions";
import { kpiByChildren, kpiSeries, kpiSeriesMany, kpiSummary, kpiValue } from "@/lib/kpi/engine";
import { parsePeriod } from "@/lib/kpi/period";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";
import { kpiOracles } from "./helpers/kpi-oracles";
import { kpiScopeFor } from "../support/scope";

const t = setupTestDatabase();
const NOW = new Date("2026-11-30T04:00:00Z");
const UNITS = ["62", "6201", "620102"];
const PERIODS = ["2025-06", "2025-Q3", "2024"].map((k) => parsePeriod(k, NOW)!);

beforeAll(async () => {
  await runSeed(t.db, { demo: true });
}, 300_000);

const oracles = () => kpiOracles(t.db, NOW);

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
        const mine = await kpiValue(t.db, def, kpiScopeFor({ path: unit.path, code }), p, NOW);
        const theirs = await o(unit.path, p);
        close(mine, theirs);
      }
    }
  });

  it("the demo data is not empty where it matters (so the comparisons mean something)", async () => {
    const p = PERIODS[2];
    const province = kpiScopeFor({ path: "/62/", code: "62" });
    for (const id of ["disputes.screened", "ent.visits", "loops.open", "criminal.filed"]) {
      const v = await kpiValue(t.db, KPIS.find((k) => k.id === id)!, province, p, NOW);
      expect(v, id).toBeGreaterThan(0);
    }
  });

  it("children add up to the parent for counts, and series agree with single periods", async () => {
    const def = KPIS.find((k) => k.id === "disputes.screened")!;
    const p = PERIODS[1];
    const city = kpiScopeFor({ path: "/62/6201/", code: "6201" });
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

// ── Issue 11: every KPI at the period's end, for all 14 市州 × three periods, through each path the cockpit uses
// (the ranking/map per sub-unit, a unit's value, the 13-month card series); and a closed period after later edits.
const CITY_PERIODS = ["2026-10", "2025-12", "2025"].map((k) => parsePeriod(k, NOW)!);
const AT_END = KPIS.filter((k) => k.custom !== "assessment");

async function cities() {
  const province = await t.db.unit.findUniqueOrThrow({ where: { code: "62" } });
  const list = await t.db.unit.findMany({ where: { parentId: province.id, level: "CITY" }, orderBy: { sortOrder: "asc" } });
  return { province: kpiScopeFor(province), list };
}

const same = (id: string, mine: number | null | undefined, theirs: number | null) => {
  if (theirs === null) expect(mine ?? null, id).toBeNull();
  else {
    expect(mine, id).not.toBeNull();
    expect(mine as number, id).toBeCloseTo(theirs, 9);
  }
};

describe("every KPI at the period's end for all 14 市州 × 3 periods", () => {
  it("there are 14 市州", async () => {
    expect((await cities()).list).toHaveLength(14);
  });

  it.each(CITY_PERIODS.map((p) => [p.key, p] as const))("%s: per-city values (ranking, map), each city's own value, the cards' monthly series = independent SQL", async (_k, p) => {
    const { province, list } = await cities();
    const o = oracles();
    for (const def of AT_END) {
      const kids = await kpiByChildren(t.db, def, province, list.map((c) => c.code), p, NOW);
      for (const c of list) {
        const theirs = await o[def.id](c.path, p);
        // a streak without any statistics is "no figure" here and 0 in the oracle
        const norm = (v: number | null | undefined) => (def.custom ? (v ?? 0) : v);
        same(`${def.id} ${c.name} ${p.key} (by children)`, norm(kids.get(c.code)), theirs);
        if (p.kind !== "month") same(`${def.id} ${c.name} ${p.key} (value)`, norm(await kpiValue(t.db, def, kpiScopeFor(c), p, NOW)), theirs);
      }
    }
    if (p.kind === "month") {
      // the cockpit's cards for a complete month come from one batch of monthly series per unit
      for (const c of list) {
        const series = await kpiSeriesMany(t.db, kpiScopeFor(c), AT_END.map((def) => ({ def, months: p.months })), NOW);
        for (const [i, def] of AT_END.entries()) same(`${def.id} ${c.name} ${p.key} (card series)`, series[i][0].value, await o[def.id](c.path, p));
      }
    }
  }, 600_000);

  it("a closed period keeps its figures after later edits; a late entry inside the period changes exactly its KPIs", async () => {
    const { province, list } = await cities();
    const p = parsePeriod("2026-10", NOW)!;
    const snapshot = async () => {
      const out = new Map<string, number | null>();
      for (const def of AT_END) {
        const kids = await kpiByChildren(t.db, def, province, list.map((c) => c.code), p, NOW);
        for (const c of list) out.set(`${def.id}|${c.code}`, kids.get(c.code) ?? null);
        out.set(`${def.id}|62`, await kpiValue(t.db, def, province, p, NOW));
      }
      return out;
    };
    const before = await snapshot();
    // there is something to change: demands due in October still open at its end, flagged disputes, enterprises
    const open = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM enterprise_demands WHERE raised_on + 30 BETWEEN date '2026-10-01' AND date '2026-10-31' AND (resolved_on IS NULL OR resolved_on > date '2026-10-31')`;
    expect(Number(open[0].n)).toBeGreaterThan(0);

    // after the period: demands resolved in November, resolution dates moved, disputes resolved and re-flagged,
    // enterprises leaving 包抓联 and escorts changing, loops closed, tasks closed
    await t.db.$executeRaw`UPDATE enterprise_demands SET resolved_on = date '2026-11-20', status = '已解决' WHERE raised_on + 30 BETWEEN date '2026-10-01' AND date '2026-10-31' AND (resolved_on IS NULL OR resolved_on > date '2026-10-31')`;
    await t.db.$executeRaw`UPDATE disputes SET warning_flagged = NOT warning_flagged WHERE id % 3 = 0`;
    await t.db.$executeRaw`UPDATE disputes SET resolved_on = date '2026-11-15', status = '已化解' WHERE resolved_on IS NULL AND id % 2 = 0`;
    await t.db.$executeRaw`UPDATE enterprises SET status = CASE WHEN status = '包抓中' THEN '已退出' ELSE '包抓中' END WHERE id % 4 = 0`;
    await t.db.$executeRaw`UPDATE enterprises SET escort_name = NULL, escort_badge = NULL WHERE id % 5 = 0`;
    await t.db.$executeRaw`DELETE FROM enterprise_visits WHERE id IN (SELECT id FROM enterprise_visits WHERE visited_on >= date '2026-11-01' LIMIT 5)`;
    await t.db.$executeRaw`UPDATE intel_items SET loop_closed_at = timestamptz '2026-11-10 10:00+08' WHERE loop_closed_at IS NULL`;
    // tasks closed before the period reopened now (退回 after 销号, as lib/tasks/actions.ts does), the open ones closed
    const reopened = await t.db.$executeRaw`
      WITH r AS (UPDATE task_assignments SET status = 'RETURNED', closed_at = NULL WHERE status = 'CLOSED' AND closed_at < timestamptz '2026-10-01 00:00+08' AND id % 2 = 0 RETURNING id, unit_id)
      INSERT INTO review_records (assignment_id, decision, unit_id, from_status, to_status, at) SELECT id, 'RETURN', unit_id, 'CLOSED', 'RETURNED', now() FROM r`;
    expect(reopened).toBeGreaterThan(0);
    await t.db.$executeRaw`UPDATE task_assignments SET status = 'CLOSED', closed_at = timestamptz '2026-11-12 10:00+08' WHERE status NOT IN ('CLOSED', 'RETURNED')`;
    const after = await snapshot();
    expect([...after].filter(([k, v]) => before.get(k) !== v)).toEqual([]);
    // and the independent SQL still agrees at the period's end
    const o = oracles();
    for (const def of AT_END) for (const c of list.slice(0, 3)) same(`${def.id} ${c.name}`, after.get(`${def.id}|${c.code}`), await o[def.id](c.path, p));

    // a late entry: one demand due in October, resolved on 15 October but entered now
    const [d] = await t.db.$queryRaw<{ id: number; unit_path: string }[]>`SELECT id, unit_path FROM enterprise_demands WHERE raised_on + 30 BETWEEN date '2026-10-01' AND date '2026-10-31' AND raised_on <= date '2026-10-15' AND resolved_on = date '2026-11-20' ORDER BY id LIMIT 1`;
    await t.db.$executeRaw`UPDATE enterprise_demands SET resolved_on = date '2026-10-15' WHERE id = ${d.id}`;
    const late = await snapshot();
    const city = d.unit_path.split("/")[2];
    const changed = [...late].filter(([k, v]) => before.get(k) !== v).map(([k]) => k).sort();
    expect(changed).toEqual([`ent.daysToClose|${city}`, "ent.daysToClose|62", `ent.demandClosure|${city}`, "ent.demandClosure|62"].sort());
  }, 600_000);
});
