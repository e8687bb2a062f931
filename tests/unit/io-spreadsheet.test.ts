import crypto from "node:crypto";
import { PassThrough, Writable, type Readable } from "node:stream";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { type ParsedSheet, SpreadsheetError, parseSpreadsheet } from "@/lib/io/parse-spreadsheet";
import { type CellValue, type SheetColumn, type SheetSpec, csvReadable, csvWebStream, writeXlsx, xlsxWebStream } from "@/lib/io/write-spreadsheet";

// ---------------------------------------------------------------------------------------------
// helpers

async function xlsxBuffer(sheets: SheetSpec[]): Promise<{ buf: Buffer; counts: number[] }> {
  const pass = new PassThrough();
  const chunks: Buffer[] = [];
  pass.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => pass.on("end", resolve));
  const counts = await writeXlsx(pass, sheets);
  await ended;
  return { buf: Buffer.concat(chunks), counts };
}

async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

async function loadWorkbook(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

async function parseError(bytes: Uint8Array, filename: string, opts?: { maxRows?: number }): Promise<SpreadsheetError> {
  try {
    await parseSpreadsheet(bytes, filename, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(SpreadsheetError);
    return e as SpreadsheetError;
  }
  throw new Error(`expected ${filename} to be rejected`);
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const valuesOf = (sheet: ParsedSheet) => sheet.rows.map((r) => r.values);

/** Beijing wall-clock time → instant */
const bj = (iso: string) => new Date(`${iso}+08:00`);

/** A deflated ZIP with the entries in exactly the given order (real writers differ: Excel, WPS, LibreOffice). */
function makeZip(files: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, "utf8");
    const comp = zlib.deflateRawSync(data);
    const nameBuf = Buffer.from(name, "utf8");
    const crc = zlib.crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(0x800, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(0x800, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, comp);
    central.push(ch, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

// ---------------------------------------------------------------------------------------------
// XLSX

const ledgerColumns: SheetColumn[] = [
  { header: "编号", type: "integer" },
  { header: "单位", type: "text" },
  { header: "金额", type: "number" },
  { header: "发生日期", type: "date" },
  { header: "发生时间", type: "datetime" },
  { header: "完成率", type: "percent" },
  { header: "备注", type: "text" },
  { header: "公式", type: "text" },
];

const ledgerRows: CellValue[][] = [
  [1, "城关分局", 1234.5, bj("2025-03-05T00:00:00"), bj("2025-03-05T14:03:09"), 0.984, null, "=1+1"],
  // 0.1+0.2 noise; a DATE column value (UTC midnight) stays on its calendar day; empty string = empty cell
  [2, "七里河分局 第二中队", 0.1 + 0.2, new Date(Date.UTC(2025, 0, 31)), bj("2025-12-31T23:59:00"), 1, "", "-5"],
  [30000, "嘉峪关市公安局（含\"雄关\"派出所）", -12, bj("2024-02-29T23:30:00"), bj("2024-02-29T00:00:00"), 0, "多行\n备注", "@SUM(A1)"],
];

describe("XLSX export and import", () => {
  it("round-trips Chinese text, numbers, dates, percent, empty cells and formula-looking text", async () => {
    const { buf, counts } = await xlsxBuffer([{ name: "台账", columns: ledgerColumns, rows: ledgerRows }]);
    expect(counts).toEqual([3]);

    const parsed = await parseSpreadsheet(buf, "台账.xlsx");
    expect(parsed.format).toBe("xlsx");
    expect(parsed.encoding).toBeUndefined();
    expect(parsed.headers).toEqual(["编号", "单位", "金额", "发生日期", "发生时间", "完成率", "备注", "公式"]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(valuesOf(parsed)).toEqual([
      { 编号: "1", 单位: "城关分局", 金额: "1234.5", 发生日期: "2025-03-05", 发生时间: "2025-03-05 14:03", 完成率: "0.984", 备注: "", 公式: "=1+1" },
      { 编号: "2", 单位: "七里河分局 第二中队", 金额: "0.3", 发生日期: "2025-01-31", 发生时间: "2025-12-31 23:59", 完成率: "1", 备注: "", 公式: "-5" },
      {
        编号: "30000",
        单位: '嘉峪关市公安局（含"雄关"派出所）',
        金额: "-12",
        发生日期: "2024-02-29",
        发生时间: "2024-02-29",
        完成率: "0",
        备注: "多行\n备注",
        公式: "@SUM(A1)",
      },
    ]);

    const wb = await loadWorkbook(buf);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("台账");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const header = ws.getRow(1);
    expect(header.getCell(1).value).toBe("编号");
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(header.getCell(1).fill).toMatchObject({ type: "pattern", pattern: "solid" });

    const r2 = ws.getRow(2);
    expect(r2.getCell(1).value).toBe(1);
    expect(r2.getCell(3).value).toBe(1234.5);
    expect(r2.getCell(6).value).toBe(0.984);
    expect(r2.getCell(6).numFmt).toBe("0.0%");
    // Excel has no zones: the cell holds Beijing wall-clock time
    expect(r2.getCell(4).value).toEqual(new Date(Date.UTC(2025, 2, 5)));
    expect(r2.getCell(4).numFmt).toBe("yyyy-mm-dd");
    expect(r2.getCell(5).value).toEqual(new Date(Date.UTC(2025, 2, 5, 14, 3, 9)));
    expect(r2.getCell(5).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(r2.getCell(7).value).toBeNull();

    const formulaLike = r2.getCell(8);
    expect(formulaLike.value).toBe("=1+1");
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(formulaLike.formula).toBeUndefined();
    expect(typeof ws.getRow(3).getCell(3).value).toBe("number");
    expect(ws.getRow(3).getCell(8).value).toBe("-5");
  });

  it("writes several sheets, each with its own row count; titles and unfrozen headers", async () => {
    const cols: SheetColumn[] = [{ header: "单位" }, { header: "数量", type: "integer" }];
    const { buf, counts } = await xlsxBuffer([
      { name: "汇总", columns: cols, rows: [["城关", 3], ["安宁", 4], ["西固", 5]] },
      { name: "空表", columns: cols, rows: [] },
      { name: "明细/2025[1]", title: "2025年1月 明细", freezeHeader: false, columns: cols, rows: [["城关", 1], ["城关", 2]] },
      { name: "汇总", columns: cols, rows: [["七里河", 9]] },
    ]);
    expect(counts).toEqual([3, 0, 2, 1]);

    const wb = await loadWorkbook(buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "空表", "明细_2025_1_", "汇总(2)"]);
    expect(wb.worksheets.map((w) => w.actualRowCount)).toEqual([4, 1, 4, 2]);
    const titled = wb.worksheets[2];
    expect(titled.getCell("A1").value).toBe("2025年1月 明细");
    expect(titled.getCell("A1").font?.bold).toBe(true);
    expect(titled.model.merges).toContain("A1:B1");
    expect((titled.views ?? []).some((v) => v.state === "frozen")).toBe(false);
    expect(wb.worksheets[0].views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("skips a lone title row above the header when importing", async () => {
    const { buf } = await xlsxBuffer([
      { name: "明细", title: "2025年1月 明细", columns: [{ header: "单位" }, { header: "数量", type: "integer" }], rows: [["城关", 1], ["安宁", 2]] },
    ]);
    const parsed = await parseSpreadsheet(buf, "明细.xlsx");
    expect(parsed.headers).toEqual(["单位", "数量"]);
    expect(parsed.rows).toEqual([
      { line: 3, values: { 单位: "城关", 数量: "1" } },
      { line: 4, values: { 单位: "安宁", 数量: "2" } },
    ]);
  });

  it("reads an Excel/WPS-style workbook: parts in any order, shared strings, CJK date formats, formulas, errors", async () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const sst = ["2024年案件台账", "编号", " 发生时间* ", "地点（必填）", "金额", "状态", "备注"];
    const sharedStrings =
      `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="9" uniqueCount="9">` +
      sst.map((s) => `<si><t xml:space="preserve">${s}</t></si>`).join("") +
      `<si><r><rPr><b/></rPr><t>兰州</t></r><r><t>市城关区</t></r></si>` +
      `<si><t>A&amp;B &lt;b&gt;</t></si></sst>`;
    const styles =
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${ns}>` +
      `<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d h:mm"/></numFmts>` +
      `<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    const s = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
    const dataSheet =
      `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>` +
      `<row r="1">${s("A1", 0)}</row>` +
      `<row r="3">${[1, 2, 3, 4, 5, 6].map((i, k) => s(`${"ABCDEF"[k]}3`, i)).join("")}</row>` +
      `<row r="4"><c r="A4"><v>1</v></c><c r="B4" s="1"><v>45292</v></c>${s("C4", 7)}<c r="D4"><v>0.30000000000000004</v></c>` +
      `<c r="E4" t="b"><v>1</v></c>${s("F4", 8)}</row>` +
      `<row r="5"><c r="A5"><v>2</v></c><c r="B5" s="3"><f>B4+0.5</f><v>45292.5</v></c>` +
      `<c r="C5" t="inlineStr"><is><t>嘉峪关 &amp;lt;市&amp;gt; &amp;amp; 酒泉</t></is></c><c r="D5"><v>1E-7</v></c>` +
      `<c r="E5" t="e"><v>#N/A</v></c><c r="F5" t="str"><f>"x"&amp;"y"</f><v>x&amp;y</v></c></row>` +
      `<row r="6"><c r="A6"><v>3</v></c><c r="B6" s="2"><v>45658.604166666664</v></c><c r="D6"><v>123456789012</v></c><c r="G6"><v>99</v></c></row>` +
      `<row r="7"><c r="A7" t="s"><v>1</v></c></row>` +
      `</sheetData><mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells></worksheet>`;
    const otherSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>`;
    const workbook =
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><workbookPr/><sheets>` +
      `<sheet name="数据" sheetId="2" r:id="rId2"/><sheet name="说明" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    const workbookRels =
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId4" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
    // worst case for a streaming reader: the sheets come before the shared strings, styles and workbook
    const buf = makeZip([
      ["xl/worksheets/sheet2.xml", dataSheet],
      ["xl/worksheets/sheet1.xml", otherSheet],
      ["xl/sharedStrings.xml", sharedStrings],
      ["xl/styles.xml", styles],
      ["xl/_rels/workbook.xml.rels", workbookRels],
      ["xl/workbook.xml", workbook],
    ]);

    const parsed = await parseSpreadsheet(buf, "案件台账.xlsx");
    expect(parsed.headers).toEqual(["编号", "发生时间", "地点", "金额", "状态", "备注"]);
    expect(parsed.rows).toEqual([
      { line: 4, values: { 编号: "1", 发生时间: "2024-01-01", 地点: "兰州市城关区", 金额: "0.3", 状态: "TRUE", 备注: "A&B <b>" } },
      { line: 5, values: { 编号: "2", 发生时间: "2024-01-01 12:00", 地点: "嘉峪关 &lt;市&gt; &amp; 酒泉", 金额: "0.0000001", 状态: "", 备注: "x&y" } },
      { line: 6, values: { 编号: "3", 发生时间: "2025-01-01 14:30", 地点: "", 金额: "123456789012", 状态: "", 备注: "" } },
      { line: 7, values: { 编号: "编号", 发生时间: "", 地点: "", 金额: "", 状态: "", 备注: "" } },
    ]);
  });

  it("reads sheets whose rows and cells omit r=, and namespace-prefixed (Open XML SDK) parts", async () => {
    const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const workbookRels =
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
    const noRefs = makeZip([
      ["xl/workbook.xml", `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
      ["xl/_rels/workbook.xml.rels", workbookRels],
      [
        "xl/worksheets/sheet1.xml",
        `<worksheet xmlns="${main}"><sheetData>` +
          `<row><c t="inlineStr"><is><t>编号</t></is></c><c t="inlineStr"><is><t>地点</t></is></c></row><row/>` +
          `<row><c><v>1</v></c><c t="inlineStr"><is><t>兰州</t></is></c></row>` +
          `<row r="7"><c r="B7" t="inlineStr"><is><t>天水</t></is></c><c><v>9</v></c></row></sheetData></worksheet>`,
      ],
    ]);
    expect((await parseSpreadsheet(noRefs, "x.xlsx")).rows).toEqual([
      { line: 3, values: { 编号: "1", 地点: "兰州" } },
      { line: 7, values: { 编号: "", 地点: "天水" } },
    ]);

    const prefixed = makeZip([
      ["xl/workbook.xml", `<x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`],
      ["xl/_rels/workbook.xml.rels", workbookRels],
      [
        "xl/worksheets/sheet1.xml",
        `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${main}"><x:sheetData>` +
          `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>编号</x:t></x:is></x:c></x:row>` +
          `<x:row r="2"><x:c r="A2"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
      ],
    ]);
    expect((await parseSpreadsheet(prefixed, "x.xlsx")).rows).toEqual([{ line: 2, values: { 编号: "42" } }]);
  });

  it("parses a 10,000-row × 12-column workbook", async () => {
    const columns: SheetColumn[] = Array.from({ length: 12 }, (_, i) => ({
      header: `字段${i + 1}`,
      type: i === 1 ? "integer" : i === 2 ? "number" : i === 3 ? "date" : i === 4 ? "datetime" : "text",
    }));
    const base = Date.UTC(2025, 0, 1, -8); // 2025-01-01 00:00 Beijing
    function* rows(): Generator<CellValue[]> {
      for (let r = 0; r < 10_000; r++) {
        yield columns.map((_, i) =>
          i === 1 ? r : i === 2 ? r / 4 : i === 3 ? new Date(base + r * 86_400_000) : i === 4 ? new Date(base + r * 60_000) : `第${r}行 兰州市城关区某某派出所 A&B <${i}>`,
        );
      }
    }
    let t = performance.now();
    const { buf } = await xlsxBuffer([{ name: "大表", columns, rows: rows() }]);
    const writeMs = performance.now() - t;
    t = performance.now();
    let progressCalls = 0;
    const parsed = await parseSpreadsheet(buf, "big.xlsx", { onProgress: () => progressCalls++ });
    const parseMs = performance.now() - t;
    console.log(`10,000 × 12 XLSX: write ${writeMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms, ${(buf.length / 1024).toFixed(0)} KiB`);

    expect(parsed.rows).toHaveLength(10_000);
    expect(progressCalls).toBe(11);
    expect(parsed.rows[0]).toEqual({
      line: 2,
      values: expect.objectContaining({ 字段1: "第0行 兰州市城关区某某派出所 A&B <0>", 字段2: "0", 字段3: "0", 字段4: "2025-01-01", 字段5: "2025-01-01" }),
    });
    expect(parsed.rows[9999].line).toBe(10_001);
    expect(parsed.rows[9999].values).toMatchObject({ 字段2: "9999", 字段3: "2499.75", 字段4: "2052-05-18", 字段5: "2025-01-07 22:39", 字段12: "第9999行 兰州市城关区某某派出所 A&B <11>" });
    expect(parsed.rows[4321].values.字段7).toBe("第4321行 兰州市城关区某某派出所 A&B <6>");
    // no multi-byte character broken at a chunk boundary
    expect(parsed.rows.some((r) => Object.values(r.values).some((v) => v.includes("\ufffd")))).toBe(false);
  }, 60_000); // correctness, not speed (the bench times it): a loaded machine may take longer than the default 5 s

  it("streams 50,000 rows from an async generator into a counting Writable", async () => {
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    });
    async function* rows(): AsyncGenerator<CellValue[]> {
      for (let i = 0; i < 50_000; i++) yield [i, `记录 ${i}`, bj("2025-06-01T08:00:00"), i % 7 === 0 ? null : i / 3];
    }
    let lastRow = 0;
    const t = performance.now();
    const counts = await writeXlsx(
      sink,
      [{ name: "流式", columns: [{ header: "序号", type: "integer" }, { header: "内容" }, { header: "时间", type: "datetime" }, { header: "数值", type: "number" }], rows: rows() }],
      { onRow: (n) => (lastRow = n) },
    );
    console.log(`50,000 × 4 XLSX streamed in ${(performance.now() - t).toFixed(0)} ms, ${(bytes / 1024).toFixed(0)} KiB`);
    expect(counts).toEqual([50_000]);
    expect(lastRow).toBe(50_000);
    expect(bytes).toBeGreaterThan(100_000);
    expect(sink.writableFinished).toBe(true);
  });

  it("stops pulling rows when the consumer goes away, and reports failures", async () => {
    let produced = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<CellValue[]> {
      try {
        for (let i = 0; ; i++) {
          produced++;
          yield [i, `记录 ${i}`];
        }
      } finally {
        closed = true;
      }
    }
    const reader = xlsxWebStream([{ name: "表", columns: [{ header: "序号" }, { header: "内容" }], rows: endless() }]).getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closed).toBe(true);
    expect(produced).toBeLessThan(10_000);

    async function* failing(): AsyncGenerator<CellValue[]> {
      yield ["兰州"];
      throw new Error("数据库连接中断");
    }
    await expect(new Response(xlsxWebStream([{ name: "表", columns: [{ header: "名称" }], rows: failing() }])).arrayBuffer()).rejects.toThrow("数据库连接中断");
  });

  it("gives web streams for Route Handlers", async () => {
    const xlsx = Buffer.from(await new Response(xlsxWebStream([{ name: "表", columns: [{ header: "名称" }], rows: [["兰州"]] }])).arrayBuffer());
    expect((await parseSpreadsheet(xlsx, "a.xlsx")).rows).toEqual([{ line: 2, values: { 名称: "兰州" } }]);
    const csv = Buffer.from(await new Response(csvWebStream([{ header: "名称" }], [["兰州"]])).arrayBuffer());
    expect(csv.toString("utf8")).toBe("\uFEFF名称\r\n兰州\r\n");
  });
});

// ---------------------------------------------------------------------------------------------
// CSV

describe("CSV export and import", () => {
  it("writes UTF-8 with BOM, CRLF, RFC 4180 quoting and formula-injection defence, and reads it back", async () => {
    const columns: SheetColumn[] = [
      { header: "名称" },
      { header: "数量", type: "integer" },
      { header: "日期", type: "date" },
      { header: "时间", type: "datetime" },
      { header: "备注" },
    ];
    const rows: CellValue[][] = [
      ["城关分局, 一中队", -5, bj("2025-03-05T23:30:00"), bj("2025-03-05T14:03:09"), '他说"你好"'],
      ["=cmd|' /C calc'!A0", 0.1 + 0.2, new Date(Date.UTC(2025, 0, 31)), null, "第一行\n第二行"],
      ["+86 138", 1e21, undefined, bj("2025-03-05T00:00:00"), "@SUM(A1)"],
      ["-5", true, null, null, " 前后空格 "],
    ];
    const bytes = await readAll(csvReadable(columns, rows));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text).toBe(
      [
        "名称,数量,日期,时间,备注",
        '"城关分局, 一中队",-5,2025-03-05,2025-03-05 14:03,"他说""你好"""',
        `'=cmd|' /C calc'!A0,0.3,2025-01-31,,"第一行\n第二行"`,
        "'+86 138,1000000000000000000000,,2025-03-05 00:00,'@SUM(A1)",
        "'-5,TRUE,,,\" 前后空格 \"",
        "",
      ].join("\r\n"),
    );

    const parsed = await parseSpreadsheet(bytes, "导出.csv");
    expect(parsed.format).toBe("csv");
    expect(parsed.encoding).toBe("utf-8");
    expect(parsed.headers).toEqual(["名称", "数量", "日期", "时间", "备注"]);
    expect(parsed.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(valuesOf(parsed)).toEqual([
      { 名称: "城关分局, 一中队", 数量: "-5", 日期: "2025-03-05", 时间: "2025-03-05 14:03", 备注: '他说"你好"' },
      { 名称: "=cmd|' /C calc'!A0", 数量: "0.3", 日期: "2025-01-31", 时间: "", 备注: "第一行\n第二行" },
      { 名称: "+86 138", 数量: "1000000000000000000000", 日期: "", 时间: "2025-03-05 00:00", 备注: "@SUM(A1)" },
      { 名称: "-5", 数量: "TRUE", 日期: "", 时间: "", 备注: "前后空格" },
    ]);
  });

  it("streams a large CSV in chunks", async () => {
    function* rows(): Generator<CellValue[]> {
      for (let i = 0; i < 2500; i++) yield [i, `行${i}`];
    }
    const r = csvReadable([{ header: "序号", type: "integer" }, { header: "内容" }], rows());
    let chunks = 0;
    const parts: Buffer[] = [];
    for await (const c of r) {
      chunks++;
      parts.push(c as Buffer);
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    const parsed = await parseSpreadsheet(Buffer.concat(parts), "x.csv");
    expect(parsed.rows).toHaveLength(2500);
    expect(parsed.rows[2499]).toEqual({ line: 2501, values: { 序号: "2499", 内容: "行2499" } });
  });

  it("reads GBK-encoded CSV (Excel's default “CSV (逗号分隔)” on Chinese Windows)", async () => {
    const gbk = iconv.encode('编号,发生时间,地点\r\n1,2025-03-05 14:00,兰州市城关区\r\n2,2025-03-06,"嘉峪关市, 雄关区"\r\n', "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    const parsed = await parseSpreadsheet(gbk, "案件.csv");
    expect(parsed.encoding).toBe("gbk");
    expect(parsed.headers).toEqual(["编号", "发生时间", "地点"]);
    expect(valuesOf(parsed)).toEqual([
      { 编号: "1", 发生时间: "2025-03-05 14:00", 地点: "兰州市城关区" },
      { 编号: "2", 发生时间: "2025-03-06", 地点: "嘉峪关市, 雄关区" },
    ]);
  });

  it("detects tab and semicolon delimiters in UTF-8 without BOM; counts blank lines in line numbers", async () => {
    const tsv = await parseSpreadsheet(utf8("编号\t地点\n1\t兰州\n\n2\t天水\n"), "导出.txt");
    expect(tsv.encoding).toBe("utf-8");
    expect(tsv.rows).toEqual([
      { line: 2, values: { 编号: "1", 地点: "兰州" } },
      { line: 4, values: { 编号: "2", 地点: "天水" } },
    ]);
    const semi = await parseSpreadsheet(utf8("编号;地点;金额\r\n1;兰州;1,5\r\n"), "x.csv");
    expect(valuesOf(semi)).toEqual([{ 编号: "1", 地点: "兰州", 金额: "1,5" }]);
  });

  it("normalises headers, ignores unnamed columns, pads short rows, reports progress", async () => {
    const csv = "\uFEFF  发生\u3000时间 * ,地点（必填）,*编号,,备注\r\n2025-01-01,兰州,1,忽略\r\n2025-01-02,天水\r\n";
    const seen: number[] = [];
    const parsed = await parseSpreadsheet(utf8(csv), "x.csv", { onProgress: (n) => seen.push(n) });
    expect(parsed.headers).toEqual(["发生 时间", "地点", "编号", "备注"]);
    expect(valuesOf(parsed)).toEqual([
      { "发生 时间": "2025-01-01", 地点: "兰州", 编号: "1", 备注: "" },
      { "发生 时间": "2025-01-02", 地点: "天水", 编号: "", 备注: "" },
    ]);
    expect(seen).toEqual([2]);
  });
});

// ---------------------------------------------------------------------------------------------
// errors

describe("rejects unusable files with a Chinese message", () => {
  it("empty file and header-only files", async () => {
    expect((await parseError(new Uint8Array(0), "x.csv")).message).toBe("文件中没有数据行");
    expect((await parseError(utf8("编号,地点\r\n\r\n"), "x.csv")).message).toBe("文件中没有数据行");
    const { buf } = await xlsxBuffer([{ name: "空", columns: [{ header: "编号" }, { header: "地点" }], rows: [] }]);
    expect((await parseError(buf, "x.xlsx")).message).toBe("文件中没有数据行");
  });

  it("old .xls, encrypted .xlsx, random bytes, broken zips, HTML disguised as .xls, UTF-16", async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), crypto.randomBytes(1024)]);
    expect((await parseError(ole, "台账.xls")).message).toBe("不支持 .xls 格式，请另存为 .xlsx 或 CSV 后再导入");
    expect((await parseError(ole, "台账.xlsx")).message).toMatch(/密码/);
    expect((await parseError(crypto.randomBytes(4096), "x.xlsx")).message).toMatch(/不是有效的 \.xlsx/);
    expect((await parseError(Buffer.concat([Buffer.from("PK\x03\x04"), crypto.randomBytes(4096)]), "x.xlsx")).message).toMatch(/\.xlsx/);
    const { buf } = await xlsxBuffer([{ name: "表", columns: [{ header: "名称" }], rows: [["兰州"]] }]);
    expect((await parseError(buf.subarray(0, buf.length - 200), "cut.xlsx")).message).toMatch(/\.xlsx/);
    const zipNotXlsx = makeZip([["mimetype", "application/vnd.oasis.opendocument.spreadsheet"], ["content.xml", "<x/>"]]);
    expect((await parseError(zipNotXlsx, "x.ods")).message).toMatch(/\.ods/);
    expect((await parseError(utf8("<html><body><table><tr><td>编号</td></tr></table></body></html>"), "x.xls")).message).toMatch(/HTML/);
    expect((await parseError(Buffer.from("\uFEFF编号\t地点\r\n", "utf16le"), "x.txt")).message).toMatch(/UTF-16/);
  });

  it("duplicate headers, named", async () => {
    expect((await parseError(utf8("编号,发生时间,地点,发生时间*\r\n1,2,3,4\r\n"), "x.csv")).message).toBe("表头重复：发生时间");
    const { buf } = await xlsxBuffer([{ name: "表", columns: [{ header: "编号" }, { header: "编号（必填）" }, { header: "地点" }], rows: [[1, 2, 3]] }]);
    expect((await parseError(buf, "x.xlsx")).message).toBe("表头重复：编号");
  });

  it("a CSV row with more cells than the header, with its line number", async () => {
    const csv = "编号,地点\r\n1,兰州\r\n2,天水,,\r\n3,\"多行\n地址\"\r\n4,白银,多余\r\n";
    expect((await parseError(utf8(csv), "x.csv")).message).toBe("第 5 行的列数多于表头");
    expect((await parseError(utf8('编号,地点\r\n1,兰州\r\n2,"天水\r\n3,白银\r\n'), "x.csv")).message).toBe("第 3 行的引号不成对，请检查该行");
  });

  it("more data rows than maxRows", async () => {
    const csv = ["编号", "1", "2", "3", "4"].join("\r\n");
    expect((await parseError(utf8(csv), "x.csv", { maxRows: 3 })).message).toBe("数据行超过上限 3 行");
    expect((await parseSpreadsheet(utf8(csv), "x.csv", { maxRows: 4 })).rows).toHaveLength(4);
    const { buf } = await xlsxBuffer([{ name: "表", columns: [{ header: "编号" }], rows: [[1], [2], [3], [4]] }]);
    expect((await parseError(buf, "x.xlsx", { maxRows: 3 })).message).toBe("数据行超过上限 3 行");
  });
});
