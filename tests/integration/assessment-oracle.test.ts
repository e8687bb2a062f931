// The assessment score (绩效考评得分) against an independent computation on the demo data. Nothing of lib/assessment
// or of the KPI measures is used for the expected figures: the scheme is read as stored (assessment_schemes.tree),
// each indicator's value and last year's base come from the independent SQL of helpers/kpi-oracles.ts, the points
// are worked out from the methods as the scheme documents them (target / rank / yoy), and the add and deduct items
// are summed in SQL and capped. Compared with the KPI engine — the path the cockpit and the reports take — for the
// 14 市州 over three periods and for the 县区 (ranked province-wide) of two cities.
import "@/lib/assessment/kpi"; // registers the score with the KPI engine, as the cockpit and reports do
import { beforeAll, describe, expect, it } from "vitest";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiByChildren, kpiByGroup, kpiValue } from "@/lib/kpi/engine";
import { type Period, parsePeriod } from "@/lib/kpi/period";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";
import { kpiOracles } from "./helpers/kpi-oracles";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();
const NOW = new Date("2026-11-30T04:00:00Z");

interface StoredIndicator {
  id: string;
  kpi: string;
  points: number;
  scored: boolean;
  method: "target" | "rank" | "yoy";
  target?: number;
  floor?: number;
}
interface StoredScheme {
  maxAdd: number;
  maxDeduct: number;
  /** 督办逾期扣分 per overdue 督办 (absent in a stored tree: the documented default 0.5) */
  overdueSupervisionPoints?: number;
  groups: { indicators: StoredIndicator[] }[];
}
interface Peer {
  id: number;
  code: string;
  path: string;
}

const cent = (v: number) => Math.round(v * 100) / 100;
const within = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
/** the same kind of period a year earlier (2025-Q3 → 2024-Q3, 2025 → 2024) */
const yearBefore = (p: Period) => parsePeriod(p.key.replace(/^\d{4}/, (y) => String(Number(y) - 1)), NOW)!;

async function storedScheme(): Promise<{ id: number; scheme: StoredScheme }> {
  const [row] = await t.db.$queryRawUnsafe<{ id: number; tree: StoredScheme }[]>(`SELECT id, tree FROM assessment_schemes WHERE active ORDER BY id DESC LIMIT 1`);
  return { id: row.id, scheme: row.tree };
}

async function peersOf(level: "CITY" | "COUNTY"): Promise<Peer[]> {
  return t.db.$queryRawUnsafe<Peer[]>(`SELECT id, code, path FROM units WHERE level = $1::"UnitLevel" AND active ORDER BY path`, level);
}

/** Points of one indicator for every peer, from the values (null: no figure) and last year's bases. */
function indicatorPoints(ind: StoredIndicator, higherIsBetter: boolean, values: Map<string, number | null>, bases: Map<string, number | null>): Map<string, number> {
  const out = new Map<string, number>();
  const withFigure = [...values.values()].filter((v): v is number => v !== null);
  for (const [code, v] of values) {
    if (v === null) {
      out.set(code, 0);
      continue;
    }
    if (ind.method === "rank") {
      // first = full points, last = none, linear between; equal figures share the better place
      const better = withFigure.filter((w) => (higherIsBetter ? w > v : w < v)).length;
      const n = withFigure.length;
      out.set(code, n <= 1 ? ind.points : (ind.points * (n - 1 - better)) / (n - 1));
    } else if (ind.method === "target") {
      const share = higherIsBetter ? (v - ind.floor!) / (ind.target! - ind.floor!) : (ind.floor! - v) / (ind.floor! - ind.target!);
      out.set(code, ind.points * within(share, 0, 1));
    } else {
      const b = bases.get(code) ?? null;
      if (b === null || b === 0) {
        out.set(code, ind.points / 2); // no base last year: half the points
        continue;
      }
      const improvement = higherIsBetter ? (v - b) / b : (b - v) / b;
      out.set(code, ind.points * within((improvement + ind.floor!) / (ind.target! + ind.floor!), 0, 1));
    }
  }
  return out;
}

/** The expected total of every peer: the indicators' points (each to the cent) plus the capped add/deduct items. */
async function expectedTotals(level: "CITY" | "COUNTY", p: Period): Promise<Map<string, number>> {
  const { id: schemeId, scheme } = await storedScheme();
  const peers = await peersOf(level);
  const oracles = kpiOracles(t.db, NOW);
  const base = new Map(peers.map((u) => [u.code, 0]));
  for (const ind of scheme.groups.flatMap((g) => g.indicators).filter((i) => i.scored)) {
    const def = KPI_MAP.get(ind.kpi)!;
    const oracle = oracles[ind.kpi];
    expect(oracle, `oracle for ${ind.kpi}`).toBeTruthy();
    const values = new Map<string, number | null>();
    const bases = new Map<string, number | null>();
    for (const u of peers) {
      values.set(u.code, await oracle(u.path, p));
      if (ind.method === "yoy") bases.set(u.code, await oracle(u.path, yearBefore(p)));
    }
    const pts = indicatorPoints(ind, def.direction !== "down", values, bases);
    for (const u of peers) base.set(u.code, base.get(u.code)! + cent(pts.get(u.code)!));
  }
  const adjustments = await t.db.$queryRawUnsafe<{ unit_id: number; plus: unknown; minus: unknown }[]>(
    `SELECT unit_id, coalesce(sum(points) FILTER (WHERE points > 0), 0) AS plus, coalesce(-sum(points) FILTER (WHERE points < 0), 0) AS minus
     FROM assessment_adjustments WHERE scheme_id = $1 AND period = $2 GROUP BY unit_id`,
    schemeId,
    p.key,
  );
  const byUnit = new Map(adjustments.map((a) => [a.unit_id, { plus: Number(a.plus), minus: Number(a.minus) }]));
  // 督办逾期扣分: the overdue 督办 of the unit's subtree at the period's end (independent SQL) × the scheme's points
  const perOverdue = scheme.overdueSupervisionPoints ?? 0.5;
  const overdue = new Map<string, number>();
  for (const u of peers) overdue.set(u.code, (await oracles["supervision.overdue"](u.path, p)) ?? 0);
  return new Map(
    peers.map((u) => {
      const adj = byUnit.get(u.id) ?? { plus: 0, minus: 0 };
      const minus = adj.minus + cent(overdue.get(u.code)! * perOverdue);
      return [u.code, cent(cent(base.get(u.code)!) + cent(Math.min(adj.plus, scheme.maxAdd)) - cent(Math.min(minus, scheme.maxDeduct)))];
    }),
  );
}

const near = (label: string, mine: number | null | undefined, theirs: number) => {
  expect(mine, label).not.toBeNull();
  expect(Math.abs((mine as number) - theirs), `${label}: ${mine} ≠ ${theirs}`).toBeLessThanOrEqual(0.011);
};

const SCORE = KPI_MAP.get("assessment.score")!;
const CITY_PERIODS = ["2025-Q3", "2025", "2026-Q2"].map((k) => parsePeriod(k, NOW)!);

beforeAll(async () => {
  await runSeed(t.db, { demo: true });
  // add and deduct items, some over the caps (add ≤ 5, deduct ≤ 10 in the default scheme)
  const { id: schemeId } = await storedScheme();
  const unit = (code: string) => t.db.unit.findUniqueOrThrow({ where: { code } });
  const items: [string, string, number][] = [
    ["6201", "2025-Q3", 3],
    ["6201", "2025-Q3", 4],
    ["6205", "2025-Q3", -12],
    ["6202", "2025-Q3", 2],
    ["6202", "2025-Q3", -1.5],
    ["6201", "2025", -2.25],
    ["620102", "2025-Q4", 1.5],
    ["620502", "2025-Q4", -3],
  ];
  for (const [code, period, points] of items) {
    const u = await unit(code);
    await t.db.assessmentAdjustment.create({ data: { schemeId, unitId: u.id, unitPath: u.path, period, indicator: "plan.completion", points, reason: "测试加减分", evidence: "测试佐证" } });
  }
}, 300_000);

describe("assessment score = independent computation", () => {
  it("the demo data gives the scores something to rank (several distinct totals among the 市州)", async () => {
    const totals = await expectedTotals("CITY", CITY_PERIODS[0]);
    expect(totals.size).toBe(14);
    expect(new Set(totals.values()).size).toBeGreaterThan(5);
  }, 300_000);

  it.each(CITY_PERIODS.map((p) => [p.key, p] as const))("%s: every 市州's score through the engine (by group and as the city's own value)", async (_k, p) => {
    const expected = await expectedTotals("CITY", p);
    const byCity = await kpiByGroup(t.db, SCORE, scopeFor("/62/"), 3, p, NOW);
    for (const [code, total] of expected) near(`${code} ${p.key}`, byCity.get(code), total);
    for (const code of ["6201", "6205", "6202"]) {
      const u = await t.db.unit.findUniqueOrThrow({ where: { code } });
      near(`${code} ${p.key} (value)`, await kpiValue(t.db, SCORE, kpiScopeFor(u), p, NOW), expected.get(code)!);
    }
  }, 300_000);

  it("2025-Q4: the 县区 of 兰州 and 天水, ranked among all 县区 of the province", async () => {
    const p = parsePeriod("2025-Q4", NOW)!;
    const expected = await expectedTotals("COUNTY", p);
    expect(expected.size).toBeGreaterThan(80);
    for (const cityCode of ["6201", "6205"]) {
      const city = await t.db.unit.findUniqueOrThrow({ where: { code: cityCode } });
      const counties = await t.db.unit.findMany({ where: { parentId: city.id, level: "COUNTY", active: true }, select: { code: true } });
      const kids = await kpiByChildren(t.db, SCORE, kpiScopeFor(city), counties.map((c) => c.code), p, NOW);
      for (const c of counties) near(`${c.code} ${p.key}`, kids.get(c.code), expected.get(c.code)!);
    }
  }, 600_000);
});
