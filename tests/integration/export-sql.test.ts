// Exports at database speed: the list exports stream their rows from one SELECT translated from the list's own
// Prisma where (lib/db/where-sql.ts) and write XLSX as raw sheet XML (lib/io/xlsx-stream.ts). These tests hold
// the new path to the old one: for EVERY ledger and EVERY list filter the SQL selects the same ids in the same
// order as Prisma; the files are byte-equal (CSV) and cell-equal (XLSX) to what the Prisma + exceljs path wrote;
// out-of-scope rows never appear; formula-like text is neutralised; headers are the Chinese column names.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { can, type RoleName } from "@/lib/auth/permissions";
import { parseBinaryValue, streamCopyBinary } from "@/lib/db/stream-rows";
import { executeRoute, type RouteUser } from "@/lib/http/route-core";
import { type CellValue, csvReadable, writeXlsx } from "@/lib/io/write-spreadsheet";
import { LEDGER_KEYS, LEDGERS } from "@/lib/ledgers/configs";
import { exportColumns, exportRow, ledgerRenderQuery } from "@/lib/ledgers/export";
import { iterateLedger, ledgerOrderBy, ledgerWhere, parseLedgerParams } from "@/lib/ledgers/queries";
import { ledgerExportRoute } from "@/lib/ledgers/routes";
import type { LedgerConfig, LedgerKey } from "@/lib/ledgers/types";
import { delegate } from "@/lib/ledgers/write";
import { TASK_ORDER, parseTaskParams, taskListWhere } from "@/lib/tasks/queries";
import { taskExportCells, taskExportQuery, taskExportRoute } from "@/lib/tasks/routes";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { makeAssignment, makeLedgerRecord } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();
const HOME = "620102";
const OTHER = "620103";
const FORMULAS = ["=1+1", "+86 1390000", "-2", "@SUM(A1)", "\tTAB", "\rCR"];

async function sqlIds(text: string, values: unknown[]): Promise<number[]> {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    return (await c.query<{ id?: number; __id?: number }>(text, values)).rows.map((r) => r.__id ?? r.id!);
  } finally {
    await c.end();
  }
}

async function actor(role: RoleName, unitCode: string): Promise<RouteUser> {
  const u = await makeUser(t.db, role, unitCode);
  const unit = await unitByCode(t.db, unitCode);
  return { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
}

/** every list parameter set a user can pick for this ledger: each preset, each filter value, searches, each sort */
/** the `__id` column of the rows streamCopyBinary reads (the export's reader) */
async function copyIds(text: string, values: unknown[]): Promise<number[]> {
  const ids: number[] = [];
  for await (const b of streamCopyBinary(text, values)) {
    const i = b.fields.findIndex((f) => f.name === "__id");
    const w = b.fields.length;
    for (let r = 0; r < b.rows; r++) ids.push(Number(parseBinaryValue(b.fields[i].dataTypeID, b.data, b.cells[2 * (r * w + i)], b.cells[2 * (r * w + i) + 1])));
  }
  return ids;
}

function paramSets(config: LedgerConfig): Record<string, string>[] {
  const out: Record<string, string>[] = [{}];
  for (const p of config.presets ?? []) out.push({ preset: p.key });
  for (const f of config.fields.filter((x) => x.filter)) {
    // (an unknown value of a PostgreSQL-enum column makes Prisma itself throw: not a case the export can differ in)
    if (f.type === "enum") for (const o of [...(f.options ?? []), ...(f.pgEnum ? [] : [{ value: "不存在的值" }])]) out.push({ [f.key]: o.value });
    else if (f.type === "bool") out.push({ [f.key]: "true" }, { [f.key]: "false" });
    else if (f.type === "date" || f.type === "datetime") out.push({ [`${f.key}_from`]: "2025-03-05" }, { [`${f.key}_to`]: "2025-03-05" }, { [`${f.key}_from`]: "2025-03-01", [`${f.key}_to`]: "2025-03-31" });
  }
  for (const q of ["某", "%", "_", "=1", "jf-", "'", "\\", "a'b\\c$1"]) out.push({ q });
  const sortable = ["code", config.dateField, ...config.fields.filter((f) => f.list && f.type !== "links").map((f) => f.key)];
  for (const sort of sortable) for (const dir of ["asc", "desc"]) out.push({ sort, dir });
  return out;
}

async function oldLedgerRows(config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, scopePath: string, now: Date) {
  const names = new Map((await t.db.unit.findMany({ where: { path: { startsWith: scopePath } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const rows: { sample: Record<string, unknown>; cells: CellValue[] }[] = [];
  for await (const batch of iterateLedger(t.db, config, where, orderBy)) for (const r of batch) rows.push({ sample: r, cells: exportRow(config, r, names.get(r.unitId as number) ?? "", r.links, now) });
  return rows;
}

async function bytesOf(stream: NodeJS.ReadableStream | ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function oldXlsx(name: string, columns: ReturnType<typeof exportColumns>, rows: CellValue[][]): Promise<Buffer> {
  const pass = new PassThrough();
  const done = bytesOf(pass);
  await writeXlsx(pass, [{ name, columns, rows }]);
  return done;
}

async function sheetOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0];
}

/** the two workbooks' first sheets, cell by cell: value, type and number format (for non-empty cells) */
async function expectSameSheets(actual: Buffer, expected: Buffer) {
  const a = await sheetOf(actual);
  const e = await sheetOf(expected);
  expect(a.name).toBe(e.name);
  expect(a.rowCount).toBe(e.rowCount);
  expect(a.columnCount).toBe(e.columnCount);
  for (let r = 1; r <= e.rowCount; r++) {
    for (let c = 1; c <= e.columnCount; c++) {
      const ec = e.getRow(r).getCell(c);
      const ac = a.getRow(r).getCell(c);
      const at = `${String.fromCharCode(64 + c)}${r}`;
      expect(ac.type, at).toBe(ec.type);
      // exceljs wrote a CR literally, which XML reads back as LF; the new writer keeps it (&#13;)
      expect(typeof ac.value === "string" ? ac.value.replace(/\r/g, "\n") : ac.value, at).toEqual(ec.value);
      if (ec.value !== null && ec.value !== undefined) expect(ac.numFmt ?? "General", at).toBe(ec.numFmt ?? "General");
    }
  }
  // widths and the frozen header too
  expect(a.columns.map((c) => c.width)).toEqual(e.columns.map((c) => c.width));
  expect(a.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
}

const exportReq = (key: string, qs: string) => new Request(`http://pingan.test/api/ledgers/${key}/export?${qs}`, { headers: { host: "pingan.test" } });

beforeAll(async () => {
  for (const key of LEDGER_KEYS) {
    for (let i = 0; i < 3; i++) await makeLedgerRecord(t.db, key, HOME);
    await makeLedgerRecord(t.db, key, OTHER);
  }
  // search text with LIKE wildcards and formula-like text
  const extra = [await makeLedgerRecord(t.db, "disputes", HOME, { summary: "打折50%_活动纠纷" }), await makeLedgerRecord(t.db, "disputes", HOME, { summary: "邻里 'quote' \"双引号\", 逗号" })];
  for (const f of FORMULAS) extra.push(await makeLedgerRecord(t.db, "disputes", HOME, { summary: "占位" }).then(async (r) => (await t.db.dispute.update({ where: { id: r.id as number }, data: { summary: f } }), r)));
  await makeLedgerRecord(t.db, "disputes", OTHER, { summary: "域外记录-不得导出" });
  for (const status of ["NOT_STARTED", "IN_PROGRESS", "PENDING_REVIEW", "RETURNED", "CLOSED"] as const) {
    await makeAssignment(t.db, HOME, { status, deadline: status === "IN_PROGRESS" ? new Date("2020-01-01T00:00:00Z") : undefined });
    await makeAssignment(t.db, OTHER, { status });
  }
}, 120_000);

describe("the export's SELECT is the list's where, for every ledger and every filter", () => {
  it.each(LEDGER_KEYS.map((k) => [k]))("%s: same ids, same order as Prisma", async (key) => {
    const config = LEDGERS[key as LedgerKey];
    for (const scope of ["62", HOME]) {
      const unit = await unitByCode(t.db, scope);
      for (const sp of paramSets(config)) {
        const p = parseLedgerParams(config, new URLSearchParams(sp));
        const where = await ledgerWhere(t.db, config, scopeFor(unit.path), p);
        const orderBy = ledgerOrderBy(config, p);
        const expected = ((await delegate(t.db, config).findMany({ where, orderBy, select: { id: true } })) as { id: number }[]).map((r) => r.id);
        const q = ledgerRenderQuery(config, where, orderBy);
        expect(await sqlIds(q.text, q.values), `${key} ${scope} ${JSON.stringify(sp)}`).toEqual(expected);
        // the export reads it through COPY, its parameters inlined as literals: the same rows
        expect(await copyIds(q.text, q.values), `${key} ${scope} COPY ${JSON.stringify(sp)}`).toEqual(expected);
      }
    }
  }, 240_000); // the query and its COPY per filter and scope, each checked against Prisma

  it("the task list: every status, role, RAG, area and searches", async () => {
    const areas = (await t.db.planArea.findMany({ select: { code: true } })).map((a) => a.code);
    const sets: Record<string, string>[] = [{}];
    for (const status of ["NOT_STARTED", "IN_PROGRESS", "PENDING_REVIEW", "RETURNED", "CLOSED"]) sets.push({ status });
    for (const role of ["LEAD", "SUPPORT"]) sets.push({ role });
    for (const rag of ["red", "amber", "green", "overdue"]) sets.push({ rag }, { rag, status: "IN_PROGRESS" });
    for (const area of areas) sets.push({ area });
    for (const q of ["1", "%", "_", "城关", "治安", "'"]) sets.push({ q });
    const now = new Date();
    let nonEmpty = 0;
    for (const scope of ["62", HOME]) {
      const unit = await unitByCode(t.db, scope);
      for (const sp of sets) {
        const where = taskListWhere(scopeFor(unit.path), parseTaskParams(sp), now);
        const expected = (await t.db.taskAssignment.findMany({ where, orderBy: TASK_ORDER, select: { id: true } })).map((r) => r.id);
        const q = taskExportQuery(where);
        expect(await sqlIds(q.text, q.values), `${scope} ${JSON.stringify(sp)}`).toEqual(expected);
        if (expected.length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });
});

describe("the files: identical to the Prisma + exceljs path", () => {
  for (const [key, qs] of [
    ["disputes", "category=邻里冲突"],
    ["disputes", ""],
    ["verification", "sort=startedOn&dir=asc"],
    ["analysis", "q=研判"],
    ["problems", "preset=open"],
    ["ent_cases", ""],
  ] as const) {
    it(`${key}?${qs}: CSV byte-equal, XLSX cell-equal, in scope only`, async () => {
      const config = LEDGERS[key];
      const user = await actor("OFFICER", HOME);
      const home = await unitByCode(t.db, HOME);
      const p = parseLedgerParams(config, new URLSearchParams(qs));
      const where = await ledgerWhere(t.db, config, scopeFor(home.path), p);
      const now = new Date();
      const old = await oldLedgerRows(config, where, ledgerOrderBy(config, p), home.path, now);
      expect(old.length).toBeGreaterThan(0);
      const columns = exportColumns(config, old[0]?.sample);

      const csvRes = await executeRoute(ledgerExportRoute, t.db, user, "10.1.1.1", exportReq(key, `format=csv&unit=${HOME}&${qs}`), { key });
      expect(csvRes.status).toBe(200);
      expect(csvRes.headers.get("x-export-rows")).toBe(String(old.length));
      expect(csvRes.headers.get("cache-control")).toContain("no-transform"); // not gzipped again by the server
      const csv = await bytesOf(csvRes.body!);
      const expectedCsv = await bytesOf(csvReadable(columns, old.map((r) => r.cells)));
      expect(csv.toString("utf8")).toBe(expectedCsv.toString("utf8"));
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.toString("utf8").split("\r\n")[0]).toBe(`\uFEFF${columns.map((c) => c.header).join(",")}`);
      expect(csv.toString("utf8")).toMatch(/^\uFEFF编号,所属单位,/);
      expect(csv.toString("utf8")).not.toContain("域外记录");
      expect(csv.toString("utf8")).not.toContain("七里河");

      const xlsxRes = await executeRoute(ledgerExportRoute, t.db, user, "10.1.1.1", exportReq(key, `format=xlsx&unit=${HOME}&${qs}`), { key });
      expect(xlsxRes.status).toBe(200);
      const xlsx = await bytesOf(xlsxRes.body!);
      await expectSameSheets(xlsx, await oldXlsx(config.title.slice(0, 31), columns, old.map((r) => r.cells)));

      const audits = await t.db.auditLog.findMany({ where: { action: "ledger.export", userId: user.id }, orderBy: { id: "asc" } });
      expect(audits.map((a) => (a.after as { rows: number; format: string }).format)).toEqual(["csv", "xlsx"]);
      expect(audits.every((a) => (a.after as { rows: number }).rows === old.length)).toBe(true);
    });
  }

  it("the task list: CSV byte-equal and XLSX cell-equal to the Prisma path, in scope only", async () => {
    const user = await actor("OFFICER", HOME);
    const home = await unitByCode(t.db, HOME);
    const now = new Date();
    const where = taskListWhere(scopeFor(home.path), parseTaskParams({}), now);
    const rows = await t.db.taskAssignment.findMany({
      where,
      orderBy: TASK_ORDER,
      select: { id: true, status: true, progress: true, deadline: true, role: true, dutyType: true, leaderName: true, officerName: true, unit: { select: { name: true } }, assignedBy: { select: { name: true } }, task: { select: { code: true, title: true } } },
    });
    expect(rows.length).toBeGreaterThan(3);
    const cells = rows.map(({ unit, assignedBy, task, ...r }) => taskExportCells({ ...r, unitName: unit.name, assignedByName: assignedBy.name, taskCode: task.code, taskTitle: task.title }, now));
    const req = (f: string) => new Request(`http://pingan.test/api/tasks/export?format=${f}&unit=${HOME}`, { headers: { host: "pingan.test" } });
    const csvRes = await executeRoute(taskExportRoute, t.db, user, null, req("csv"), {});
    const csv = (await bytesOf(csvRes.body!)).toString("utf8");
    const header = csv.split("\r\n")[0];
    expect(header).toBe("\uFEFF任务编号,任务,承办单位,承办方式,责任类型,分管领导,责任民警,完成时限,进度,状态,是否逾期,倒计时,交办单位");
    const columns = header.slice(1).split(",").map((h, i) => ({ header: h, type: ([7].includes(i) ? "date" : i === 8 ? "percent" : undefined) as "date" | "percent" | undefined }));
    expect(csv).toBe((await bytesOf(csvReadable(columns, cells))).toString("utf8"));
    expect(csv).not.toContain("七里河");
    const xlsxRes = await executeRoute(taskExportRoute, t.db, user, null, req("xlsx"), {});
    const sheet = await sheetOf(await bytesOf(xlsxRes.body!));
    expect(sheet.rowCount).toBe(rows.length + 1);
    // numbers as numbers, dates as dates
    const deadline = sheet.getRow(2).getCell(8);
    expect(deadline.value).toBeInstanceOf(Date);
    expect(deadline.numFmt).toBe("yyyy-mm-dd");
    expect((deadline.value as Date).toISOString().slice(0, 10)).toBe(rows[0].deadline.toISOString().slice(0, 10));
    const progress = sheet.getRow(2).getCell(9);
    expect(progress.type).toBe(ExcelJS.ValueType.Number);
    expect(progress.value).toBe(rows[0].progress / 100);
    expect(progress.numFmt).toBe("0.0%");
  });
});

describe("formula escaping and types", () => {
  it("cells beginning with = + - @ tab CR: CSV neutralised with ', XLSX plain strings (never formulas)", async () => {
    const user = await actor("ANALYST", HOME);
    expect(can("ANALYST", "ledger:export")).toBe(true);
    const csvRes = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=csv&unit=${HOME}`), { key: "disputes" });
    const csv = (await bytesOf(csvRes.body!)).toString("utf8");
    for (const f of FORMULAS) {
      const quoted = /[\r"]/.test(f) ? `"'${f}"` : `'${f}`;
      expect(csv, JSON.stringify(f)).toContain(`,${quoted},`);
    }
    // no line starts a cell with a raw formula character
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
    expect(csv).toContain('"邻里 \'quote\' ""双引号"", 逗号"');

    const xlsxRes = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=xlsx&unit=${HOME}`), { key: "disputes" });
    const sheet = await sheetOf(await bytesOf(xlsxRes.body!));
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["编号", "所属单位", "纠纷概况"]);
    const col = header.indexOf("纠纷概况") + 1;
    const found = new Map<string, ExcelJS.Cell>();
    sheet.eachRow((row, n) => {
      if (n > 1) found.set(String(row.getCell(col).value), row.getCell(col));
    });
    for (const f of FORMULAS) {
      const cell = found.get(f);
      expect(cell, JSON.stringify(f)).toBeDefined();
      expect(cell!.type).toBe(ExcelJS.ValueType.String);
      expect(cell!.formula).toBeUndefined();
    }
    // numbers as numbers, dates as dates
    const row2 = sheet.getRow(2);
    const countCol = header.indexOf("当事人数") + 1;
    expect(row2.getCell(countCol).type).toBe(ExcelJS.ValueType.Number);
    const foundCol = header.indexOf("排查日期") + 1;
    expect(row2.getCell(foundCol).value).toBeInstanceOf(Date);
    expect(row2.getCell(foundCol).numFmt).toBe("yyyy-mm-dd");
    const createdCol = header.indexOf("登记时间") + 1;
    expect(row2.getCell(createdCol).value).toBeInstanceOf(Date);
    expect(row2.getCell(createdCol).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect([...found.keys()].some((k) => k.includes("域外记录"))).toBe(false);
  });
});

describe("abandoned downloads", () => {
  it("give their database connection back: more cancelled exports than the export pool holds, then one completes", async () => {
    const user = await actor("OFFICER", HOME);
    for (let i = 0; i < 6; i++) {
      for (const format of ["csv", "xlsx"]) {
        const res = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=${format}&unit=${HOME}`), { key: "disputes" });
        expect(res.status).toBe(200);
        await res.body!.cancel(); // never read: the first row was already fetched through the cursor
      }
    }
    const res = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=csv&unit=${HOME}`), { key: "disputes" });
    const csv = (await bytesOf(res.body!)).toString("utf8");
    expect(csv.split("\r\n").length - 2).toBe(Number(res.headers.get("x-export-rows")));
  }, 20_000);
});
