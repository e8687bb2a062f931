// Monthly statistics: entry (errors block, warnings need confirmation, stale versions conflict, only entering units),
// the import (all or nothing, warnings confirmed, idempotent), the subtree table, and the demo seed's shapes
// (checked with independent SQL).
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import type { Db } from "@/lib/db/client";
import { type CellValue, writeXlsx } from "@/lib/io/write-spreadsheet";
import { ARTICLE_MONTH, DEMO_STATS_FROM, TELECOM_STATS_FROM, TELECOM_STREAK, TELECOM_STREAK_FROM, seedDemoStats } from "@/lib/seed/demo-stats";
import { saveStatsAction } from "@/lib/stats/actions";
import { runImportJob } from "@/lib/imports/runner";
import { type StatsImportProblem, statsImportAction } from "@/lib/stats/import";
import { statTable } from "@/lib/stats/queries";
import { LOCAL_ONLY_MESSAGE, NOT_ENTERABLE_MESSAGE, PROVINCE_ONLY_MESSAGE, WARN_MESSAGE, addMonths, currentMonth, lastCompletedMonth, monthDate } from "@/lib/stats/validate";
import { type TestDatabase, createTestDatabase, setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();
const LAST = lastCompletedMonth();

type Actor = Awaited<ReturnType<typeof makeUser>>;

async function save(actor: Actor, unitCode: string, month: string, fields: Record<string, string>, extra: Record<string, unknown> = {}) {
  return executeAction(saveStatsAction, t.db, actor, "10.0.0.7", { unitId: (await unitByCode(t.db, unitCode)).id, month, ...fields, ...extra });
}

async function stored(unitCode: string, month: string) {
  const unit = await unitByCode(t.db, unitCode);
  const rows = await t.db.statValue.findMany({ where: { unitId: unit.id, month: monthDate(month) } });
  return Object.fromEntries(rows.map((r) => [r.metric, { value: Number(r.value), version: r.version }]));
}

/** the hidden version fields of a form loaded now */
async function versionsOf(unitCode: string, month: string) {
  return Object.fromEntries(Object.entries(await stored(unitCode, month)).map(([k, v]) => [`ver.${k}`, String(v.version)]));
}

const statsSnapshot = async (db: Db) => (await snapshot(db)).stat_values;

describe("填报 (stats.save)", () => {
  it("saves a county's month in one audited transaction; unchanged figures are not rewritten", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const month = addMonths(LAST, -30);
    const r = await save(officer, "620102", month, { "v.criminal.filed": "1,234", "v.criminal.solved": "600", "v.telecom_fraud.loss": "56.78", "v.traffic.deaths": "" });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, data: { created: 3, updated: 0, removed: 0 } });
    expect(await stored("620102", month)).toEqual({
      "criminal.filed": { value: 1234, version: 1 },
      "criminal.solved": { value: 600, version: 1 },
      "telecom_fraud.loss": { value: 56.78, version: 1 },
    });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "stats.save", userId: officer.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ result: "success", entity: "StatValue", entityId: `620102:${month}` });
    expect(audit.after).toMatchObject({ values: { "criminal.filed": 1234, "criminal.solved": 600, "telecom_fraud.loss": 56.78 } });

    // the same figures again: nothing moves; one changed and one cleared
    const again = await save(officer, "620102", month, { "v.criminal.filed": "1234", "v.criminal.solved": "600", "v.telecom_fraud.loss": "56.780", ...(await versionsOf("620102", month)) });
    expect(again).toMatchObject({ ok: true, data: { created: 0, updated: 0, unchanged: 3 } });
    expect((await stored("620102", month))["criminal.filed"].version).toBe(1);
    const edit = await save(officer, "620102", month, { "v.criminal.filed": "1240", "v.criminal.solved": "600", "v.telecom_fraud.loss": "", ...(await versionsOf("620102", month)) });
    expect(edit).toMatchObject({ ok: true, data: { updated: 1, removed: 1, unchanged: 1, versions: { "criminal.filed": 2, "criminal.solved": 1, "telecom_fraud.loss": 0 } } });
    const after = await t.db.auditLog.findFirstOrThrow({ where: { action: "stats.save", userId: officer.id }, orderBy: { id: "desc" } });
    expect(after.before).toMatchObject({ values: { "criminal.filed": 1234, "telecom_fraud.loss": 56.78 } });
    expect(after.after).toMatchObject({ values: { "criminal.filed": 1240, "telecom_fraud.loss": null } });
  });

  it("errors block with Chinese messages under each field, and nothing is written", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const before = await snapshot(t.db);
    const r = await save(officer, "620102", LAST, {
      "v.criminal.filed": "-3",
      "v.criminal.solved": "1.5",
      "v.telecom_fraud.loss": "12.345",
      "v.traffic.accidents": "十二",
      "v.public_order.accepted": "20000000",
      "v.economic.filed": "4",
    });
    expect(r.ok).toBe(false);
    const fe = !r.ok ? r.fieldErrors! : {};
    expect(!r.ok && r.code).toBe("INVALID");
    expect(fe["v.criminal.filed"]).toBe("不能为负数");
    expect(fe["v.criminal.solved"]).toBe("应为整数");
    expect(fe["v.telecom_fraud.loss"]).toBe("最多保留 2 位小数");
    expect(fe["v.traffic.accidents"]).toBe("应为数字");
    expect(fe["v.public_order.accepted"]).toMatch(/数值过大/);
    expect(fe["v.economic.filed"]).toBeUndefined();
    expect(!r.ok && r.error).toMatch(/有 5 处数据有误/);
    expect(await snapshot(t.db)).toEqual(before);

    // the running month (Beijing) and the months before 2020 cannot be entered
    const running = await save(officer, "620102", currentMonth(), { "v.criminal.filed": "3" });
    expect(!running.ok && running.fieldErrors?.month).toMatch(/尚未结束/);
    const early = await save(officer, "620102", "2019-12", { "v.criminal.filed": "3" });
    expect(!early.ok && early.fieldErrors?.month).toMatch(/不能早于 2020年1月/);
    const bad = await save(officer, "620102", "2025-13", { "v.criminal.filed": "3" });
    expect(!bad.ok && bad.fieldErrors?.month).toMatch(/YYYY-MM/);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("warnings come back until the user confirms them; confirmed figures are saved", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620103");
    const month = addMonths(LAST, -1);
    expect(await save(officer, "620103", addMonths(month, -1), { "v.criminal.filed": "12", "v.infra.command_rooms": "9" })).toMatchObject({ ok: true });
    const before = await statsSnapshot(t.db);
    const fields = { "v.criminal.filed": "40", "v.criminal.solved": "120", "v.infra.command_rooms": "4" };
    const r = await save(officer, "620103", month, fields);
    expect(r).toMatchObject({ ok: false, code: "INVALID", error: WARN_MESSAGE });
    const fe = !r.ok ? r.fieldErrors! : {};
    expect(fe["v.criminal.solved"]).toBe("破案数（120）远高于立案数（40），请核实");
    expect(fe["v.criminal.filed"]).toBe("较上月（12）增长超过 3 倍，请核实");
    expect(fe["v.infra.command_rooms"]).toBe("较上月（9）减少超过一半，请核实");
    expect(fe.confirm).toMatch(/数据已核实/);
    expect(await statsSnapshot(t.db)).toEqual(before);

    const ok = await save(officer, "620103", month, { ...fields, confirm: "1" });
    expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true, data: { created: 3 } });
    expect((await stored("620103", month))["criminal.solved"].value).toBe(120);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "stats.save", userId: officer.id }, orderBy: { id: "desc" } });
    expect(JSON.stringify(audit.after)).toContain("破案数（120）远高于立案数（40）");

    // figures confirmed once are not asked about again when another figure changes
    const next = await save(officer, "620103", month, { ...fields, "v.traffic.accidents": "7", ...(await versionsOf("620103", month)) });
    expect(next, JSON.stringify(next)).toMatchObject({ ok: true, data: { created: 1, unchanged: 3 } });
    // but lowering the pair brings the 破案 warning back
    const pair = await save(officer, "620103", month, { ...fields, "v.criminal.filed": "30", "v.traffic.accidents": "7", ...(await versionsOf("620103", month)) });
    expect(!pair.ok && pair.fieldErrors?.["v.criminal.solved"]).toBe("破案数（120）远高于立案数（30），请核实");
  });

  it("a stale version is a conflict with the current figures, and nothing is overwritten", async () => {
    const a = await makeUser(t.db, "OFFICER", "620104");
    const b = await makeUser(t.db, "OFFICER", "6201");
    const month = addMonths(LAST, -2);
    expect(await save(a, "620104", month, { "v.criminal.filed": "50", "v.criminal.solved": "20" })).toMatchObject({ ok: true });
    const loaded = await versionsOf("620104", month);
    expect(await save(a, "620104", month, { "v.criminal.filed": "55", "v.criminal.solved": "20", ...loaded })).toMatchObject({ ok: true });
    const stale = await save(b, "620104", month, { "v.criminal.filed": "60", "v.criminal.solved": "20", ...loaded });
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(!stale.ok && stale.current).toMatchObject({ 刑事案件立案: "55", 刑事案件破案: "20" });
    expect((await stored("620104", month))["criminal.filed"]).toEqual({ value: 55, version: 2 });
    expect(await t.db.auditLog.count({ where: { action: "stats.save", userId: b.id, result: "failure" } })).toBe(1);

    // a figure someone else entered after the form was loaded (version 0 in the form) is a conflict too
    const fresh = await save(b, "620104", month, { "v.traffic.accidents": "3" });
    expect(await save(a, "620104", month, { "v.traffic.accidents": "4", "ver.traffic.accidents": "0" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(fresh).toMatchObject({ ok: true });
  });

  it("a 市州 or the province cannot enter (their figures are sums); 嘉峪关 and stations can", async () => {
    const city = await makeUser(t.db, "OFFICER", "6201");
    const province = await makeUser(t.db, "OFFICER", "62");
    const before = await statsSnapshot(t.db);
    const r1 = await save(city, "6201", LAST, { "v.criminal.filed": "3" });
    expect(r1).toMatchObject({ ok: false, code: "INVALID", error: NOT_ENTERABLE_MESSAGE });
    const r2 = await save(province, "62", LAST, { "v.criminal.filed": "3" });
    expect(r2).toMatchObject({ ok: false, code: "INVALID", error: PROVINCE_ONLY_MESSAGE, fieldErrors: { "v.criminal.filed": PROVINCE_ONLY_MESSAGE } });
    const r4 = await save(city, "620102", LAST, { "v.service.online": "3" });
    expect(r4).toMatchObject({ ok: false, code: "INVALID", error: LOCAL_ONLY_MESSAGE });
    const r3 = await save(province, "62D02", LAST, { "v.criminal.filed": "3" });
    expect(r3).toMatchObject({ ok: false, code: "INVALID" });
    expect(await statsSnapshot(t.db)).toEqual(before);
    const jyg = await makeUser(t.db, "OFFICER", "6202");
    expect(await save(jyg, "6202", LAST, { "v.criminal.filed": "3" })).toMatchObject({ ok: true });
    expect(await save(jyg, "6202P01", LAST, { "v.criminal.filed": "1" })).toMatchObject({ ok: true });
    expect(await save(city, "620102P01", LAST, { "v.criminal.filed": "2" })).toMatchObject({ ok: true });
    // the province's own figures: the province-level policies only
    expect(await save(province, "62", LAST, { "v.service.online": "180", "v.service.fully_online": "114" })).toMatchObject({ ok: true, data: { created: 2 } });
  });

  it("a unit outside the caller's scope does not exist (NOT_FOUND, denial audited)", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const before = await statsSnapshot(t.db);
    const r = await save(officer, "620502", LAST, { "v.criminal.filed": "3" });
    expect(r).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const sibling = await save(officer, "620103", LAST, { "v.criminal.filed": "3" });
    expect(sibling).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const parent = await save(officer, "6201", LAST, { "v.criminal.filed": "3" });
    expect(parent).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await statsSnapshot(t.db)).toEqual(before);
    expect(await t.db.auditLog.count({ where: { action: "stats.save", userId: officer.id, result: "denied" } })).toBe(3);
    const analyst = await makeUser(t.db, "ANALYST", "620102");
    expect(await save(analyst, "620102", LAST, { "v.criminal.filed": "3" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

// ── import ──────────────────────────────────────────────────────────────────────────────────────────────────

const HEADERS = ["单位（代码或名称）", "单位名称", "月份", "刑事案件立案", "刑事案件破案", "电信网络诈骗损失金额", "道路交通事故起数"];

async function xlsx(headers: string[], rows: CellValue[][]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeXlsx(out, [{ name: "月度统计", columns: headers.map((h) => ({ header: h, type: h === "月份" ? ("date" as const) : h.startsWith("单位") ? ("text" as const) : undefined })), rows }]);
  return new Uint8Array(Buffer.concat(chunks));
}

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(",")).join("\n") + "\n");

async function runImport(actor: Actor, unitCode: string, bytes: Uint8Array, name: string, confirm = false) {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], name);
  const r = await executeAction(statsImportAction, t.db, actor, null, { unitId: (await unitByCode(t.db, unitCode)).id, file, confirm: confirm ? "1" : "" });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  const jobId = (r as { data: { jobId: number } }).data.jobId;
  const status = await runImportJob(t.db, jobId);
  const job = await t.db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  return { status, job, problems: (job.errors ?? []) as unknown as StatsImportProblem[] };
}

describe("导入 (stats.import)", () => {
  const m1 = addMonths(LAST, -4);
  const m2 = addMonths(LAST, -3);
  const day = (ym: string) => monthDate(ym); // a date cell in 月份

  it("one bad row and nothing is written; every problem is listed by line and column", async () => {
    const officer = await makeUser(t.db, "OFFICER", "6201");
    const before = await statsSnapshot(t.db);
    const bytes = csv([
      ["单位（代码或名称）", "月份", "刑事案件立案", "刑事案件破案", "电信网络诈骗损失金额"],
      ["620105", m1, "30", "12", "8.5"],
      ["七里河区", m1, "-2", "1.5", "8.555"],
      ["620502", m1, "3", "1", ""],
      ["6201", m1, "3", "1", ""],
      ["620111", currentMonth(), "3", "1", ""],
      ["620105", m1, "31", "12", ""],
      ["620121", "三月", "x", "", ""],
    ]);
    const { status, job, problems } = await runImport(officer, "6201", bytes, "月度统计.csv");
    expect(status).toBe("FAILED");
    expect(job.message).toMatch(/有 6 行数据有误，整个文件未导入/);
    const at = (line: number, column: string) => problems.filter((p) => p.line === line && p.column === column).map((p) => p.message);
    expect(at(3, "刑事案件立案")).toEqual(["不能为负数"]);
    expect(at(3, "刑事案件破案")).toEqual(["应为整数"]);
    expect(at(3, "电信网络诈骗损失金额")).toEqual(["最多保留 2 位小数"]);
    expect(at(4, "单位（代码或名称）")[0]).toMatch(/不是本单位或其下级单位/);
    expect(at(5, "单位（代码或名称）")[0]).toMatch(/不能直接填报/);
    expect(at(6, "月份")[0]).toMatch(/尚未结束/);
    expect(at(7, "单位（代码或名称）")[0]).toMatch(/与第 2 行重复/);
    expect(at(8, "月份")[0]).toMatch(/不是有效的月份/);
    expect(at(8, "刑事案件立案")[0]).toMatch(/应为数字/);
    expect(await statsSnapshot(t.db)).toEqual(before);

    const unknown = await runImport(officer, "6201", csv([["单位", "月份", "刑事案件立案数"], ["620105", m1, "3"]]), "x.csv");
    expect(unknown.job.message).toMatch(/无法识别的列：刑事案件立案数/);
  });

  it("imports an XLSX (dates in 月份, names or codes), warnings need confirm=1, and the same file again changes nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "6201");
    const rows: CellValue[][] = [
      ["620105", "安宁区", day(m1), 30, 12, 8.5, 20],
      ["620105", "安宁区", day(m2), 32, 14, 9.25, 22],
      ["榆中县", null, day(m2), 40, 90, null, 15], // 破案 ≫ 立案: a warning
      ["620171", "兰州新区", day(m2), 10, 4, 1, 3],
    ];
    const bytes = await xlsx(HEADERS, rows);
    const before = await statsSnapshot(t.db);
    const first = await runImport(officer, "6201", bytes, "月度统计.xlsx");
    expect(first.status).toBe("FAILED");
    expect(first.job.message).toMatch(/1 处数据需要核实.*勾选「数据已核实」/);
    expect(first.problems).toEqual([{ line: 4, column: "刑事案件破案", message: "破案数（90）远高于立案数（40），请核实", level: "warning" }]);
    expect(await statsSnapshot(t.db)).toEqual(before);

    const confirmed = await runImport(officer, "6201", bytes, "月度统计.xlsx", true);
    expect(confirmed.status, confirmed.job.message ?? "").toBe("DONE");
    expect(confirmed.job).toMatchObject({ inserted: 15, skipped: 0, total: 4 });
    expect(await stored("620105", m2)).toMatchObject({ "criminal.filed": { value: 32, version: 1 }, "telecom_fraud.loss": { value: 9.25, version: 1 } });
    expect(await stored("620123", m2)).toMatchObject({ "criminal.solved": { value: 90, version: 1 } });
    expect(await t.db.auditLog.count({ where: { action: "stats.import.write", userId: officer.id } })).toBe(1);

    // the same file again: nothing written, no version moves, no confirmation needed (nothing changes)
    const after = await statsSnapshot(t.db);
    const again = await runImport(officer, "6201", bytes, "月度统计.xlsx");
    expect(again.status).toBe("DONE");
    expect(again.job).toMatchObject({ inserted: 0, skipped: 15 });
    expect(await statsSnapshot(t.db)).toEqual(after);

    // a changed figure updates that figure only; empty cells leave stored figures alone
    const edited = await runImport(officer, "6201", csv([["单位（代码或名称）", "月份", "刑事案件立案", "电信网络诈骗损失金额"], ["620105", m2, "33", ""]]), "改.csv");
    expect(edited.job).toMatchObject({ status: "DONE", inserted: 1, skipped: 0 });
    expect(await stored("620105", m2)).toMatchObject({ "criminal.filed": { value: 33, version: 2 }, "telecom_fraud.loss": { value: 9.25, version: 1 } });
  });

  it("the import's rows lie in the job unit's subtree", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const r = await runImport(officer, "620102", csv([["单位（代码或名称）", "月份", "刑事案件立案"], ["620103", m1, "3"]]), "x.csv");
    expect(r.status).toBe("FAILED");
    expect(r.problems[0]).toMatchObject({ line: 2, column: "单位（代码或名称）" });
    // the province's own row carries the province-level policies only
    const province = await makeUser(t.db, "OFFICER", "62");
    const p1 = await runImport(province, "62", csv([["单位（代码或名称）", "月份", "刑事案件立案", "公安政务服务网上办事项"], ["62", m1, "3", "180"], ["620102", m1, "", "5"]]), "x.csv");
    expect(p1.problems).toEqual([
      { line: 2, column: "刑事案件立案", message: PROVINCE_ONLY_MESSAGE },
      { line: 3, column: "公安政务服务网上办事项", message: LOCAL_ONLY_MESSAGE },
    ]);
    const p2 = await runImport(province, "62", csv([["单位（代码或名称）", "月份", "公安政务服务网上办事项"], ["甘肃省公安厅", m1, "180"]]), "x.csv");
    expect(p2.job).toMatchObject({ status: "DONE", inserted: 1 });
    const out = await executeAction(statsImportAction, t.db, officer, null, { unitId: (await unitByCode(t.db, "620502")).id, file: new File([csv([["a"]])], "x.csv") });
    expect(out).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

// ── the demo seed ───────────────────────────────────────────────────────────────────────────────────────────

describe("demo statistics", () => {
  let s: TestDatabase;
  let written = 0;
  beforeAll(async () => {
    s = await createTestDatabase();
    const t0 = performance.now();
    written = await seedDemoStats(s.db);
    console.log(`[demo-stats] ${written} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }, 120_000);
  afterAll(async () => {
    await s?.db.$disconnect();
  });

  const q = <T>(sql: string, ...args: unknown[]) => s.db.$queryRawUnsafe<T[]>(sql, ...args);

  it("covers every county-level unit, 兰州新区 and 嘉峪关 (the city itself) from 2021-01 to last month, once", async () => {
    expect(written).toBeGreaterThan(90_000);
    expect(await seedDemoStats(s.db)).toBe(0);
    const [span] = await q<{ first: string; last: string; units: number }>(`SELECT to_char(min(month), 'YYYY-MM') AS first, to_char(max(month), 'YYYY-MM') AS last, count(DISTINCT unit_id)::int AS units FROM stat_values WHERE metric NOT LIKE 'telecom_fraud.%'`);
    expect(span).toEqual({ first: DEMO_STATS_FROM, last: LAST, units: 86 + 1 + 1 + 1 });
    // telecom fraud a year earlier: the 双下降 streak from 2021-06 compares with 2020
    const [telecom] = await q<{ first: string; last: string }>(`SELECT to_char(min(month), 'YYYY-MM') AS first, to_char(max(month), 'YYYY-MM') AS last FROM stat_values WHERE metric LIKE 'telecom_fraud.%'`);
    expect(telecom).toEqual({ first: TELECOM_STATS_FROM, last: LAST });
    const holes = await q<{ code: string }>(`
      SELECT u.code FROM units u WHERE u.level = 'COUNTY' OR u.code = '6202'
      EXCEPT SELECT u.code FROM units u JOIN stat_values v ON v.unit_id = u.id WHERE v.metric = 'criminal.filed' AND v.month = date '${LAST}-01'`);
    expect(holes).toEqual([]);
    const levels = await q<{ level: string; metrics: string[] }>(`SELECT u.level::text, array_agg(DISTINCT v.metric ORDER BY v.metric) AS metrics FROM stat_values v JOIN units u ON u.id = v.unit_id GROUP BY 1 ORDER BY 1`);
    expect(levels.find((l) => l.level === "PROVINCE")?.metrics).toEqual(["people_mediation.mediated", "people_mediation.succeeded", "service.cross_province", "service.fully_online", "service.online"]);
    expect(levels.find((l) => l.level === "COUNTY")?.metrics.some((m) => m.startsWith("service."))).toBe(false);
    expect(levels.some((l) => l.level === "STATION")).toBe(false);
  });

  it(`telecom fraud: cases and losses both down year on year since ${TELECOM_STREAK_FROM} province-wide (not before): ${TELECOM_STREAK} months at ${ARTICLE_MONTH}; in most cities`, async () => {
    const streak = async (groupBy: string, until = LAST) => {
      const rows = await q<{ g: string; month: string; down: boolean }>(`
        WITH m AS (
          SELECT ${groupBy} AS g, month,
            sum(value) FILTER (WHERE metric = 'telecom_fraud.cases') AS c,
            sum(value) FILTER (WHERE metric = 'telecom_fraud.loss') AS l
          FROM stat_values WHERE metric IN ('telecom_fraud.cases', 'telecom_fraud.loss') GROUP BY 1, 2)
        SELECT a.g, to_char(a.month, 'YYYY-MM') AS month, (a.c < b.c AND a.l < b.l) AS down
        FROM m a JOIN m b ON b.g = a.g AND b.month = (a.month - interval '1 year')::date
        WHERE a.month <= date '${until}-01'
        ORDER BY a.g, a.month DESC`);
      const out = new Map<string, number>();
      for (const g of new Set(rows.map((r) => r.g))) {
        const list = rows.filter((r) => r.g === g);
        const n = list.findIndex((r) => !r.down);
        out.set(g, n < 0 ? list.length : n);
      }
      return out;
    };
    expect((await streak("'62'", ARTICLE_MONTH)).get("62")).toBe(TELECOM_STREAK);
    const [y, m] = LAST.split("-").map(Number);
    expect((await streak("'62'")).get("62")).toBe((y - 2021) * 12 + m - 5); // 2021-06 … last month
    const cities = await streak("split_part(unit_path, '/', 3)");
    const cityCount = [...cities.keys()].filter((g) => g !== "").length;
    expect(cityCount).toBe(14);
    const long = [...cities].filter(([g, n]) => g !== "" && n >= 12).length;
    expect(long, JSON.stringify([...cities])).toBeGreaterThanOrEqual(10);
  });

  it("2023 on 2022: criminal cases filed ≈ −1.5 %, solved ≈ +12.5 %; economic crime 1,441 solved, ≈ 10 亿 recovered; 1,780 summoned", async () => {
    const rows = await q<{ metric: string; y: number; v: string }>(`
      SELECT metric, extract(year FROM month)::int AS y, sum(value)::text AS v FROM stat_values
      WHERE month >= date '2022-01-01' AND month < date '2024-01-01' GROUP BY 1, 2`);
    const sum = (metric: string, y: number) => Number(rows.find((r) => r.metric === metric && r.y === y)?.v);
    const yoy = (metric: string) => sum(metric, 2023) / sum(metric, 2022) - 1;
    expect(yoy("criminal.filed")).toBeCloseTo(-0.015, 2);
    expect(yoy("criminal.solved")).toBeCloseTo(0.125, 2);
    expect(Math.abs(sum("economic.solved", 2023) - 1441)).toBeLessThanOrEqual(12);
    expect(sum("economic.recovered", 2023)).toBeGreaterThan(100_000); // 万元: over ¥1.0 bn
    expect(Math.abs(sum("summons.people", 2023) - 1780)).toBeLessThanOrEqual(12);
    const [decimals] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM stat_values WHERE metric = 'economic.recovered' AND value <> trunc(value)`);
    expect(decimals.n).toBeGreaterThan(100);
  });

  it("seasons and sizes: summer and Spring Festival traffic accidents, summer public-order cases, 城关区 largest", async () => {
    const monthly = await q<{ metric: string; m: number; v: string }>(`
      SELECT metric, extract(month FROM month)::int AS m, avg(s)::text AS v FROM (
        SELECT metric, month, sum(value) AS s FROM stat_values WHERE metric IN ('traffic.accidents', 'public_order.accepted') AND month < date '2026-01-01' GROUP BY 1, 2) x
      GROUP BY 1, 2`);
    const at = (metric: string, m: number) => Number(monthly.find((r) => r.metric === metric && r.m === m)?.v);
    expect(at("traffic.accidents", 7)).toBeGreaterThan(at("traffic.accidents", 4) * 1.2);
    expect(at("public_order.accepted", 7)).toBeGreaterThan(at("public_order.accepted", 12) * 1.2);
    // the Spring Festival month (2023: January, 2024: February) is above the other of the two
    const [sf] = await q<{ jan23: string; feb23: string; jan24: string; feb24: string }>(`
      SELECT sum(value) FILTER (WHERE month = date '2023-01-01')::text AS jan23, sum(value) FILTER (WHERE month = date '2023-02-01')::text AS feb23,
             sum(value) FILTER (WHERE month = date '2024-01-01')::text AS jan24, sum(value) FILTER (WHERE month = date '2024-02-01')::text AS feb24
      FROM stat_values WHERE metric = 'traffic.accidents'`);
    expect(Number(sf.jan23)).toBeGreaterThan(Number(sf.feb23));
    expect(Number(sf.feb24)).toBeGreaterThan(Number(sf.jan24));
    const sizes = await q<{ code: string; v: string }>(`
      SELECT u.code, sum(v.value)::text AS v FROM stat_values v JOIN units u ON u.id = v.unit_id
      WHERE v.metric = 'criminal.filed' AND v.month >= date '2023-01-01' AND v.month < date '2024-01-01' GROUP BY 1 ORDER BY sum(v.value) DESC`);
    expect(sizes[0].code).toBe("620102");
    expect(Number(sizes.find((r) => r.code === "620923")!.v)).toBeLessThan(Number(sizes[0].v) / 10);
  });

  it("stocks: infrastructure sums to 350 / 102 / 220 at 2023-12 and never falls; service items on the province", async () => {
    const [infra] = await q<{ rooms: number; centres: number; tools: number }>(`
      SELECT sum(value) FILTER (WHERE metric = 'infra.command_rooms')::int AS rooms, sum(value) FILTER (WHERE metric = 'infra.case_centres')::int AS centres,
             sum(value) FILTER (WHERE metric = 'infra.model_tools')::int AS tools
      FROM stat_values WHERE month = date '2023-12-01'`);
    expect(infra).toEqual({ rooms: 350, centres: 102, tools: 220 });
    const [falls] = await q<{ n: number }>(`
      SELECT count(*)::int AS n FROM stat_values a JOIN stat_values b ON b.unit_id = a.unit_id AND b.metric = a.metric AND b.month = (a.month + interval '1 month')::date
      WHERE a.metric LIKE 'infra.%' AND b.value < a.value`);
    expect(falls.n).toBe(0);
    const [service] = await q<{ online: number; full: number; cross: number }>(`
      SELECT sum(value) FILTER (WHERE metric = 'service.online')::int AS online, sum(value) FILTER (WHERE metric = 'service.fully_online')::int AS full,
             sum(value) FILTER (WHERE metric = 'service.cross_province')::int AS cross
      FROM stat_values WHERE month = date '2023-12-01'`);
    expect(service.online).toBe(180);
    expect(service.full).toBe(114);
    expect(service.cross).toBeGreaterThanOrEqual(7);
  });

  it("the 月度统计 table: subtree sums by child, year to date and 同比 agree with plain SQL", async () => {
    const table = await statTable(s.db, scopeFor("/62/"), "2023-12");
    const filed = table.get("criminal.filed")!;
    const [plain] = await q<{ y23: string; y22: string; dec: string; lz: string }>(`
      SELECT sum(value) FILTER (WHERE month >= date '2023-01-01' AND month < date '2024-01-01')::text AS y23,
             sum(value) FILTER (WHERE month >= date '2022-01-01' AND month < date '2023-01-01')::text AS y22,
             sum(value) FILTER (WHERE month = date '2023-12-01')::text AS dec,
             sum(value) FILTER (WHERE month = date '2023-12-01' AND unit_path LIKE '/62/6201/%')::text AS lz
      FROM stat_values WHERE metric = 'criminal.filed'`);
    expect(filed.get("*")).toMatchObject({ ytd: Number(plain.y23), ytdYoy: Number(plain.y22), cur: Number(plain.dec) });
    expect(filed.get("6201")?.cur).toBe(Number(plain.lz));
    expect(table.get("infra.command_rooms")!.get("*")?.cur).toBe(350);
    expect(table.get("service.online")!.get("")?.cur).toBe(180); // the province's own figure
    const jyg = await statTable(s.db, scopeFor("/62/6202/"), "2023-12");
    expect(jyg.get("criminal.filed")!.get("")?.cur).toBeGreaterThan(0);
  });
});
