// Import: a 10,000-row XLSX (timed), all-or-nothing on one bad row, the same file twice, a GBK CSV, links by code.
import { PassThrough } from "node:stream";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { type CellValue, writeXlsx } from "@/lib/io/write-spreadsheet";
import { runImportJob } from "@/lib/imports/runner";
import { type ImportProblem, ledgerImportAction } from "@/lib/ledgers/import";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { makeLedgerRecord } from "./helpers/work-factories";

const t = setupTestDatabase();

async function xlsx(headers: string[], rows: CellValue[][]): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeXlsx(out, [{ name: "Sheet1", columns: headers.map((h) => ({ header: h, type: /日期/.test(h) ? ("date" as const) : undefined })), rows }]);
  return new Uint8Array(Buffer.concat(chunks));
}

async function runImport(actor: Awaited<ReturnType<typeof makeUser>>, ledger: string, unitCode: string, bytes: Uint8Array, name: string) {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], name);
  const r = await executeAction(ledgerImportAction, t.db, actor, null, { ledger, unitId: (await unitByCode(t.db, unitCode)).id, file });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  const jobId = (r as { data: { jobId: number } }).data.jobId;
  const status = await runImportJob(t.db, jobId);
  return { status, job: await t.db.importJob.findUniqueOrThrow({ where: { id: jobId } }) };
}

const DISPUTE_HEADERS = ["纠纷概况", "纠纷类型", "当事人", "排查日期", "来源", "状态", "风险等级", "已调解", "调解成功", "调解组织", "化解日期", "村（社区）"];
const CATS = ["邻里冲突", "家庭矛盾", "婚恋纠葛", "劳资债务"];

function disputeRows(n: number, tag: string): CellValue[][] {
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 600) * 86_400_000);
    const resolved = i % 3 !== 0;
    return [`${tag}纠纷${i}：因琐事发生争执`, CATS[i % 4], `当事人甲${i}、当事人乙${i}`, day, "排查", resolved ? "已化解" : "调解中", i % 50 === 0 ? "黄" : "蓝", resolved ? "是" : "否", resolved ? "是" : "否", resolved ? "人民调解委员会" : "", resolved ? day : null, `第${i % 40}村`];
  });
}

describe("ledger import", () => {
  it("imports a 10,000-row XLSX, and the same file again adds nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const bytes = await xlsx(DISPUTE_HEADERS, disputeRows(10_000, "批量"));
    const scope = (await unitByCode(t.db, "620102")).path;
    const before = await t.db.dispute.count({ where: { unitPath: scope } });
    const t0 = performance.now();
    const first = await runImport(officer, "disputes", "620102", bytes, "纠纷台账.xlsx");
    const ms = performance.now() - t0;
    console.log(`[import] 10,000-row XLSX checked and written in ${(ms / 1000).toFixed(2)} s (${bytes.length} bytes)`);
    expect(first.status).toBe("DONE");
    expect(first.job).toMatchObject({ inserted: 10_000, skipped: 0, total: 10_000 });
    expect(await t.db.dispute.count({ where: { unitPath: scope } })).toBe(before + 10_000);
    const codes = await t.db.dispute.findMany({ where: { unitPath: scope }, select: { code: true } });
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    expect(await t.db.auditLog.count({ where: { action: "ledger.import.write", userId: officer.id } })).toBe(1);

    const again = await runImport(officer, "disputes", "620102", bytes, "纠纷台账.xlsx");
    expect(again.job).toMatchObject({ status: "DONE", inserted: 0, skipped: 10_000 });
    expect(await t.db.dispute.count({ where: { unitPath: scope } })).toBe(before + 10_000);
  });

  it("a file with one bad row writes nothing and names the line and column", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620103");
    const rows = disputeRows(50, "坏行");
    rows[36][1] = "打架斗殴"; // not a dispute category
    rows[41][3] = "2024-02-30"; // not a date
    const before = await snapshot(t.db);
    const { status, job } = await runImport(officer, "disputes", "620103", await xlsx(DISPUTE_HEADERS, rows), "bad.xlsx");
    expect(status).toBe("FAILED");
    expect(job.message).toMatch(/2 行数据有误，整个文件未导入/);
    const errors = job.errors as unknown as ImportProblem[];
    expect(errors).toContainEqual(expect.objectContaining({ line: 38, column: "纠纷类型" }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 43, column: "排查日期" }));
    const after = await snapshot(t.db);
    expect(after.disputes).toBe(before.disputes);
    expect(after.code_counters).toBe(before.code_counters);
  });

  it("reads a GBK-encoded CSV", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620104");
    const csv = ["事件名称,发生时间,发生地点,涉及人数,事件性质,事件等级,处置状态", "某小区业主聚集维权,2025/3/5 9:30,西固区福利路,35,群体性事件,一般,已处置", "网上涉稳舆情,2025-03-06 14:00,网络,0,涉稳舆情,较大,持续关注"].join("\r\n");
    const gbk = iconv.encode(csv, "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    const { status, job } = await runImport(officer, "stability", "620104", new Uint8Array(gbk), "创稳台账.csv");
    expect(status, JSON.stringify(job.errors)).toBe("DONE");
    const rows = await t.db.stabilityEvent.findMany({ where: { unitPath: { startsWith: "/62/6201/620104/" } }, orderBy: { occurredAt: "asc" } });
    expect(rows.map((r) => r.title)).toEqual(["某小区业主聚集维权", "网上涉稳舆情"]);
    expect(rows[0].occurredAt.toISOString()).toBe("2025-03-05T01:30:00.000Z"); // 09:30 Beijing
    expect(rows[0].place).toBe("西固区福利路");
  });

  it("links by code, closes loops, and rows may name a station of the unit; other units' codes are refused", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620105");
    const intel = await makeLedgerRecord(t.db, "intel", "620105");
    const foreign = await makeLedgerRecord(t.db, "intel", "620502");
    const station = await t.db.unit.findFirstOrThrow({ where: { parentId: (await unitByCode(t.db, "620105")).id } });
    const head = "所属单位,关联情报编号,核查单位,核查日期,核查结果,办结时间";
    const good = `${head}\n${station.code},${intel.code},${station.name},2025-03-06,属实,2025-03-07 10:00\n`;
    const ok = await runImport(officer, "verification", "620105", new TextEncoder().encode(good), "hc.csv");
    expect(ok.status, JSON.stringify(ok.job.errors)).toBe("DONE");
    const v = await t.db.verification.findFirstOrThrow({ where: { unitId: station.id } });
    expect(v.unitPath).toBe(station.path);
    expect((await t.db.intelItem.findUniqueOrThrow({ where: { id: intel.id as number } })).loopClosedAt).not.toBeNull();

    const bad = `${head}\n,${foreign.code},某所,2025-03-06,属实,\n天水市,${intel.code},某所,2025-03-06,属实,\n`;
    const refused = await runImport(officer, "verification", "620105", new TextEncoder().encode(bad), "hc2.csv");
    expect(refused.status).toBe("FAILED");
    const errors = refused.job.errors as unknown as ImportProblem[];
    expect(errors).toContainEqual(expect.objectContaining({ line: 2, column: "关联情报编号" }));
    expect(errors).toContainEqual(expect.objectContaining({ line: 3, column: "所属单位" }));
  });

  it("refuses files that are not spreadsheets, and files missing a required column", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620111");
    const junk = await runImport(officer, "disputes", "620111", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "old.csv");
    expect(junk.status).toBe("FAILED");
    expect(junk.job.message).toMatch(/xls|不支持|无法/);
    const missing = await runImport(officer, "disputes", "620111", new TextEncoder().encode("纠纷概况,纠纷类型\n甲乙争执,邻里冲突\n"), "m.csv");
    expect(missing.job.message).toMatch(/缺少必填列：当事人、排查日期/);
  });
});
