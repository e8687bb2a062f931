// Rates per 10万人口 (lib/kpi/per-capita.ts) as the cockpit's ranking and map show them, against independent SQL for
// the 14 市州 × two closed periods; a unit without a population has no rate (never a division by zero); and the
// 常住人口 import (lib/population/import.ts): a good file, bad rows (nothing written), the job unit's subtree only.
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { rankingData } from "@/lib/cockpit/data";
import { formatPerCapita } from "@/lib/format";
import { runImportJob } from "@/lib/imports/runner";
import type { ImportProblem } from "@/lib/imports/kinds";
import { type CellValue, writeXlsx } from "@/lib/io/write-spreadsheet";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiPerCapita } from "@/lib/kpi/per-capita";
import { parsePeriod } from "@/lib/kpi/period";
import { populationImportAction } from "@/lib/population/import";
import { populationTable } from "@/lib/population/queries";
import { DEMO_POPULATION_SOURCE, DEMO_PROVINCE_2023, seedDemoPopulation } from "@/lib/seed/demo-population";
import { seedDemoStats } from "@/lib/seed/demo-stats";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();
const PERIODS = ["2025-10", "2024"].map((k) => parsePeriod(k)!);

beforeAll(async () => {
  await Promise.all([seedDemoStats(t.db), seedDemoPopulation(t.db)]);
}, 300_000);

/** Independent: the metric summed over the city's units (joined through units.path) ÷ its own population row. */
async function oracle(metric: string, cityCode: string, from: Date, to: Date, year: number): Promise<number | null> {
  const [r] = await t.db.$queryRawUnsafe<{ total: string | null; pop: number | null }[]>(
    `SELECT (SELECT sum(s.value)::text FROM stat_values s JOIN units u ON u.id = s.unit_id
              WHERE s.metric = $1 AND s.month >= $2::date AND s.month < $3::date AND position(c.path in u.path) = 1) AS total,
            (SELECT p.population FROM unit_population p WHERE p.unit_id = c.id AND p.year = $4) AS pop
     FROM units c WHERE c.code = $5`,
    metric,
    from.toISOString().slice(0, 10),
    to.toISOString().slice(0, 10),
    year,
    cityCode,
  );
  if (!r.pop) return null;
  return (Number(r.total ?? 0) * 100000) / r.pop;
}

async function provinceRanking(kpi: string, p: (typeof PERIODS)[number], mapMode: "city" | "county" = "city") {
  const province = await unitByCode(t.db, "62");
  const children = await t.db.unit.findMany({ where: { parentId: province.id, active: true }, select: { code: true, name: true, shortName: true, level: true, kind: true } });
  return rankingData(t.db, { scope: kpiScopeFor({ path: province.path, code: "62" }), unitLevel: "PROVINCE", children, period: p, def: KPI_MAP.get(kpi)!, mapMode, perCapita: true });
}

describe("每10万人口 (lib/kpi/per-capita.ts)", () => {
  it("the demo population is labelled 演示数据 and adds up: province = Σ 市州 = 2,465万 in 2023", async () => {
    const rows = await t.db.$queryRawUnsafe<{ level: string; total: bigint; demo: boolean }[]>(
      `SELECT u.level::text AS level, sum(p.population)::bigint AS total, bool_and(p.is_demo AND p.source = $1) AS demo
       FROM unit_population p JOIN units u ON u.id = p.unit_id WHERE p.year = 2023 GROUP BY 1 ORDER BY 1`,
      DEMO_POPULATION_SOURCE,
    );
    expect(rows.map((r) => [r.level, Number(r.total), r.demo])).toEqual([
      ["CITY", DEMO_PROVINCE_2023, true],
      ["COUNTY", DEMO_PROVINCE_2023 - (await t.db.unitPopulation.findFirstOrThrow({ where: { year: 2023, unitPath: "/62/6202/" } })).population, true],
      ["PROVINCE", DEMO_PROVINCE_2023, true],
    ]);
    expect(DEMO_POPULATION_SOURCE).toContain("演示数据");
    expect(await t.db.unitPopulation.count({ where: { year: 2023 } })).toBe(1 + 14 + 87);
  });

  it.each(["criminal.filed", "telecom.cases"])("%s per 10万人口 for the 14 市州 × 2 periods equals independent SQL (ranking and map)", async (kpi) => {
    const metric = { "criminal.filed": "criminal.filed", "telecom.cases": "telecom_fraud.cases" }[kpi]!;
    for (const p of PERIODS) {
      const r = await provinceRanking(kpi, p);
      expect(r.perCapita).toBe(true);
      expect(r.populationYear).toBe(p.from.getUTCFullYear());
      const cities = r.territorial.filter((c) => c.level === "CITY");
      expect(cities).toHaveLength(14);
      let nonZero = 0;
      for (const c of cities) {
        const mine = r.values.get(c.code) ?? null;
        const theirs = await oracle(metric, c.code, p.from, p.to, p.from.getUTCFullYear());
        expect(theirs, `${c.code} ${p.key}`).not.toBeNull();
        expect(mine, `${c.code} ${p.key}`).toBeCloseTo(theirs!, 9);
        if (mine! > 0) nonZero++;
      }
      expect(nonZero).toBeGreaterThan(10);
      expect(r.missingPopulation.size).toBe(0);
    }
  });

  it("by county on the province map: every county's rate divides by the county's own population", async () => {
    const p = PERIODS[0];
    const r = await provinceRanking("criminal.filed", p, "county");
    expect(r.countyValues!.size).toBeGreaterThan(80);
    for (const code of ["620102", "620502", "623001"]) {
      const unit = await unitByCode(t.db, code);
      const expected = await oracle("criminal.filed", code, p.from, p.to, 2025);
      expect(expected, code).not.toBeNull();
      expect(r.countyValues!.get(code), unit.name).toBeCloseTo(expected!, 9);
    }
  });

  it("a unit without a population for the year has no rate, is listed as missing and shown as 「—」; others are unaffected", async () => {
    const p = PERIODS[1];
    const jyg = await unitByCode(t.db, "6202");
    const before = await provinceRanking("criminal.filed", p);
    const kept = await t.db.unitPopulation.findUniqueOrThrow({ where: { unitId_year: { unitId: jyg.id, year: 2024 } } });
    await t.db.unitPopulation.delete({ where: { unitId_year: { unitId: jyg.id, year: 2024 } } });
    try {
      const r = await provinceRanking("criminal.filed", p);
      expect(r.values.get("6202")).toBeNull();
      expect([...r.missingPopulation]).toEqual(["6202"]);
      expect(formatPerCapita(KPI_MAP.get("criminal.filed")!, r.values.get("6202"))).toEqual({ text: "—", unit: "" });
      expect(r.values.get("6201")).toBe(before.values.get("6201"));
      // a zero population (not importable, but never divided by) is missing too
      const direct = await kpiPerCapita(t.db, new Map([["6202", 12], ["6201", 0]]), p);
      expect(direct.values.get("6202")).toBeNull();
      expect(direct.values.get("6201")).toBe(0);
    } finally {
      await t.db.unitPopulation.create({ data: { unitId: kept.unitId, unitPath: kept.unitPath, year: 2024, population: kept.population, source: kept.source, isDemo: kept.isDemo } });
    }
  });

  it("absolute figures unless asked for, and only for KPIs marked perCapita", async () => {
    const province = await unitByCode(t.db, "62");
    const children = await t.db.unit.findMany({ where: { parentId: province.id, active: true }, select: { code: true, name: true, shortName: true, level: true, kind: true } });
    const base = { scope: kpiScopeFor({ path: province.path, code: "62" }), unitLevel: "PROVINCE", children, period: PERIODS[0], mapMode: "city" as const };
    const abs = await rankingData(t.db, { ...base, def: KPI_MAP.get("criminal.filed")! });
    expect(abs.perCapita).toBe(false);
    expect(abs.values.get("6201")).toBeGreaterThan(100);
    const rate = await rankingData(t.db, { ...base, def: KPI_MAP.get("mediation.rate")!, perCapita: true });
    expect(rate.perCapita).toBe(false);
  });
});

// ── the import ──────────────────────────────────────────────────────────────────────────────────────────────

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(",")).join("\n") + "\n");

async function xlsx(headers: string[], rows: CellValue[][]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeXlsx(out, [{ name: "常住人口", columns: headers.map((h) => ({ header: h, type: h === "常住人口（人）" || h === "年份" ? ("integer" as const) : ("text" as const) })), rows }]);
  return new Uint8Array(Buffer.concat(chunks));
}

type Actor = Awaited<ReturnType<typeof makeUser>>;

async function runImport(actor: Actor, unitCode: string, bytes: Uint8Array, name: string) {
  const r = await executeAction(populationImportAction, t.db, actor, null, { unitId: (await unitByCode(t.db, unitCode)).id, file: new File([bytes as Uint8Array<ArrayBuffer>], name) });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  const jobId = (r as { data: { jobId: number } }).data.jobId;
  const status = await runImportJob(t.db, jobId);
  const job = await t.db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  return { status, job, problems: (job.errors ?? []) as unknown as ImportProblem[] };
}

const pop = async (code: string, year: number) => {
  const u = await unitByCode(t.db, code);
  return t.db.unitPopulation.findUnique({ where: { unitId_year: { unitId: u.id, year } } });
};

describe("导入常住人口 (population.import)", () => {
  it("an XLSX replaces demo figures, adds new years, is audited, and the same file again changes nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "6201");
    const bytes = await xlsx(["单位代码", "单位名称", "年份", "常住人口（人）", "数据来源"], [
      ["6201", "兰州市", 2023, 4_420_000, "甘肃统计年鉴 2024"],
      ["620102", "城关区", 2023, 1_310_000, "甘肃统计年鉴 2024"],
      ["620102", "城关区", 2021, 1_300_000, null],
    ]);
    const r = await runImport(officer, "6201", bytes, "常住人口.xlsx");
    expect(r.status, r.job.message ?? "").toBe("DONE");
    expect(r.job).toMatchObject({ inserted: 3, skipped: 0, total: 3 });
    expect(await pop("6201", 2023)).toMatchObject({ population: 4_420_000, isDemo: false, source: "甘肃统计年鉴 2024", version: 2 });
    expect(await pop("620102", 2021)).toMatchObject({ population: 1_300_000, isDemo: false, source: "导入：常住人口.xlsx", version: 1 });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "population.import.write", userId: officer.id } });
    expect(audit.after).toMatchObject({ rows: 3, written: 3, values: expect.arrayContaining([["6201", 2023, 4_420_000]]) });

    const again = await runImport(officer, "6201", bytes, "常住人口.xlsx");
    expect(again.job).toMatchObject({ status: "DONE", inserted: 0, skipped: 3 });
    expect((await pop("6201", 2023))!.version).toBe(2);

    // the page's table reads it back
    const { rows, years } = await populationTable(t.db, scopeFor("/62/6201/"));
    expect(years[years.length - 1]).toBe(2021);
    expect(rows.find((x) => x.code === "620102")!.byYear.get(2023)).toMatchObject({ population: 1_310_000, isDemo: false });
  });

  it("bad rows: nothing written, every problem by line and column in Chinese", async () => {
    const officer = await makeUser(t.db, "OFFICER", "6201");
    const before = await snapshot(t.db);
    const nextYear = new Date().getUTCFullYear() + 1;
    const r = await runImport(officer, "6201", csv([
      ["单位代码", "年份", "常住人口（人）"],
      ["620103", "2023", "1000000"], // fine on its own
      ["620104", "2023", "36.5"], // 万人 by mistake
      ["620105", "二〇二三", "-5"],
      ["", "2023", ""],
      ["620103", "2023", "1000001"], // duplicate of line 2
      ["620111", String(nextYear), "300000000"],
    ]), "人口.csv");
    expect(r.status).toBe("FAILED");
    expect(r.job.message).toBe("有 5 行数据有误，整个文件未导入。请修改后重新导入。");
    const at = (line: number, column: string) => r.problems.filter((p) => p.line === line && p.column === column).map((p) => p.message);
    expect(at(3, "常住人口（人）")).toEqual(["「36.5」应为整数（人），不要填写万人"]);
    expect(at(4, "年份")[0]).toMatch(/不是有效的年份/);
    expect(at(4, "常住人口（人）")).toEqual(["常住人口应大于 0"]);
    expect(at(5, "单位代码")[0]).toMatch(/请填写单位代码/);
    expect(at(5, "常住人口（人）")).toEqual(["请填写常住人口（人）"]);
    expect(at(6, "单位代码")).toEqual(["与第 2 行重复（同一单位、同一年份）"]);
    expect(at(7, "年份")[0]).toMatch(/不是有效的年份/);
    expect(at(7, "常住人口（人）")[0]).toMatch(/超出合理范围/);
    // nothing but the failed job itself and its message to the uploader
    expect({ ...(await snapshot(t.db)), import_jobs: "", notifications: "" }).toEqual({ ...before, import_jobs: "", notifications: "" });
    expect(await t.db.notification.count({ where: { kind: "IMPORT_FAILED", userId: officer.id } })).toBe(1);

    const cols = await runImport(officer, "6201", csv([["单位代码", "人口"], ["6201", "1"]]), "x.csv");
    expect(cols.job.message).toMatch(/缺少必填列：年份、常住人口（人）/);
  });

  it("only the province, 市州 and 县区 of the job unit's subtree", async () => {
    const officer = await makeUser(t.db, "OFFICER", "6201");
    const station = await t.db.unit.findFirstOrThrow({ where: { level: "STATION", path: { startsWith: "/62/6201/620102/" } } });
    const r = await runImport(officer, "6201", csv([["单位代码", "年份", "常住人口（人）"], ["6205", "2023", "2900000"], ["620502", "2023", "600000"], [station.code, "2023", "50000"], ["62", "2023", "24650000"]]), "x.csv");
    expect(r.status).toBe("FAILED");
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, "「6205」不是本单位或其下级单位的代码"],
      [3, "「620502」不是本单位或其下级单位的代码"],
      [4, `「${station.code}」不是省、市州或县区，常住人口只按地区单位填写`],
      [5, "「62」不是本单位或其下级单位的代码"],
    ]);
    expect((await pop("6205", 2023))!.isDemo).toBe(true);
    // a job for a unit outside the caller's subtree does not exist for them; a station is no import unit
    const other = await executeAction(populationImportAction, t.db, officer, null, { unitId: (await unitByCode(t.db, "6205")).id, file: new File([csv([["a"]])], "x.csv") });
    expect(other).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const atStation = await executeAction(populationImportAction, t.db, officer, null, { unitId: station.id, file: new File([csv([["a"]])], "x.csv") });
    expect(atStation).toMatchObject({ ok: false });
  });
});
