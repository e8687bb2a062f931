// The raw-XML XLSX writer (lib/io/xlsx-stream.ts) against the exceljs writer it replaces for list exports: the
// same cells (value, type, number format) for every kind of value, and a workbook exceljs opens.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { type CellValue, type SheetColumn, type SheetSpec, writeXlsx } from "@/lib/io/write-spreadsheet";
import { writeXlsxStream } from "@/lib/io/xlsx-stream";
import { parseSpreadsheet } from "@/lib/io/parse-spreadsheet";

async function bytes(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const pass = new PassThrough();
  const parts: Buffer[] = [];
  pass.on("data", (c: Buffer) => parts.push(c));
  const ended = new Promise((r) => pass.on("end", r));
  await write(pass);
  await ended;
  return Buffer.concat(parts);
}

async function load(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

const COLUMNS: SheetColumn[] = [
  { header: "文本", type: "text" },
  { header: "无类型" },
  { header: "整数", type: "integer" },
  { header: "数值", type: "number" },
  { header: "百分比", type: "percent" },
  { header: "日期", type: "date" },
  { header: "时间", type: "datetime", width: 20 },
];

const ROWS: CellValue[][] = [
  ["=1+1", "+x", 42, 3.14159, 0.5, new Date("2025-03-05T00:00:00Z"), new Date("2025-03-05T01:30:00Z")],
  ["<a & b> \"q\" 'x'", -7, -0, 1e21, 1, new Date("2025-12-31T20:00:00Z"), new Date("1985-06-01T00:00:00Z")],
  ["😀 中文 \u{20000}", true, null, undefined, Number.NaN, new Date("invalid"), null],
  ["x".repeat(40_000), false, 2_147_483_647, Number.POSITIVE_INFINITY, 0.123, null, new Date("2025-03-04T16:00:00Z")],
  ["\ud800 lone", new Date("2025-03-04T16:00:00Z"), 0, 0.1 + 0.2, 12.5, new Date("2000-02-29T00:00:00Z"), new Date("2025-03-05T12:34:56Z")],
  [" lead and trail ", new Date("2025-03-05T02:03:00Z"), 1, 2, 3, new Date("2025-03-05T00:00:00Z"), new Date("2025-03-05T00:00:00Z")],
];

describe("writeXlsxStream", () => {
  it("writes the same cells as the exceljs writer, for every kind of value", async () => {
    const spec = (): SheetSpec => ({ name: "台账/导出:测试", columns: COLUMNS, rows: ROWS });
    const a = (await load(await bytes((out) => writeXlsxStream(out, [spec()], { creator: "测试" })))).worksheets[0];
    const e = (await load(await bytes((out) => writeXlsx(out, [spec()], { creator: "测试" })))).worksheets[0];
    expect(a.name).toBe(e.name);
    expect(a.rowCount).toBe(e.rowCount);
    for (let r = 1; r <= e.rowCount; r++) {
      for (let c = 1; c <= COLUMNS.length; c++) {
        const ec = e.getRow(r).getCell(c);
        const ac = a.getRow(r).getCell(c);
        const at = `${r}:${c}`;
        expect(ac.type, at).toBe(ec.type);
        expect(ac.value, at).toEqual(ec.value);
        if (ec.value !== null) expect(ac.numFmt ?? "General", at).toBe(ec.numFmt ?? "General");
      }
    }
    expect(a.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(a.columns.map((c) => c.width)).toEqual(e.columns.map((c) => c.width));
    expect(a.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("keeps CR and drops characters XML cannot carry; a title row is merged above the header; several sheets", async () => {
    const buf = await bytes((out) =>
      writeXlsxStream(out, [
        { name: "一", title: "标题 & 说明", columns: [{ header: "甲" }, { header: "乙" }], rows: [["a\rb\u0001c\u000bd", "x\ny"]] },
        { name: "一", columns: [{ header: "丙", type: "integer" }], rows: (async function* () { for (let i = 0; i < 3000; i++) yield [i]; })() },
      ]),
    );
    const wb = await load(buf);
    const [s1, s2] = wb.worksheets;
    expect(s1.getCell("A1").value).toBe("标题 & 说明");
    expect(s1.getCell("A1").isMerged && s1.getCell("B1").isMerged).toBe(true);
    expect(s1.getCell("A2").value).toBe("甲");
    expect(s1.getCell("A3").value).toBe("a\rbcd");
    expect(s1.getCell("B3").value).toBe("x\ny");
    expect(s1.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(s2.name).toBe("一(2)");
    expect(s2.rowCount).toBe(3001);
    expect(s2.getCell("A3001").value).toBe(2999);
  });

  it("the import reader (parse-spreadsheet, yauzl) reads the zip back (entry sizes validated against the central directory)", async () => {
    const rows: CellValue[][] = Array.from({ length: 2000 }, (_, i) => [`第 ${i} 行 ${"中".repeat(i % 50)}`, i]);
    const buf = await bytes((out) => writeXlsxStream(out, [{ name: "回读", columns: [{ header: "文本" }, { header: "整数", type: "integer" }], rows }]));
    const sheet = await parseSpreadsheet(new Uint8Array(buf), "x.xlsx");
    expect(sheet.rows).toHaveLength(2000);
    expect(sheet.rows[1999].values["文本"]).toBe(`第 1999 行 ${"中".repeat(1999 % 50)}`);
    expect(String(sheet.rows[7].values["整数"])).toBe("7");
  });

  it("rejects, and ends its row sources (started or not), when the consumer goes away", async () => {
    let finalized = false;
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield [`row ${i} ${"y".repeat(200)}`];
      } finally {
        finalized = true;
      }
    }
    let returned = false;
    const notStarted: AsyncIterableIterator<CellValue[]> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: async () => ({ done: true, value: undefined }),
      return: async () => ((returned = true), { done: true, value: undefined }),
    };
    const out = new PassThrough();
    const p = writeXlsxStream(out, [
      { name: "x", columns: [{ header: "h" }], rows: rows() },
      { name: "y", columns: [{ header: "h" }], rows: notStarted },
    ]);
    let seen = 0;
    out.on("data", (c: Buffer) => {
      seen += c.length;
      if (seen > 200_000) out.destroy();
    });
    await expect(p).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(finalized).toBe(true);
    expect(returned).toBe(true);
  });
});
