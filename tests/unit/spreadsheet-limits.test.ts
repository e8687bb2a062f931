// Hostile spreadsheets (issue 9 item 5): zip bombs and row/cell bombs are refused with a Chinese message that
// names the limit, before or while they are read, and the process does not balloon while refusing them.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { SpreadsheetError, parseSpreadsheet } from "@/lib/io/parse-spreadsheet";
import { SHEET_HEAD, SHEET_TAIL, SST_HEAD, SST_TAIL, craftZip, deflateRepeated, xlsxEntries } from "@/tests/support/zip-craft";

const MB = 1024 * 1024;

/** Runs `fn`, sampling RSS and heap every 5 ms; returns the error it threw and the peak growth. */
async function refused(fn: () => Promise<unknown>): Promise<{ message: string; rssGrowth: number; heapGrowth: number }> {
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 5);
  try {
    await fn();
    throw new Error("expected the file to be refused");
  } catch (e) {
    if (!(e instanceof SpreadsheetError)) throw e;
    const m = process.memoryUsage();
    return { message: e.message, rssGrowth: Math.max(rss, m.rss) - base.rss, heapGrowth: Math.max(heap, m.heapUsed) - base.heapUsed };
  } finally {
    clearInterval(timer);
  }
}

const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row>`;
const smallSheet = { data: `${SHEET_HEAD}${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row>${SHEET_TAIL}` };

describe("zip bombs are refused before they cost memory", { timeout: 60_000 }, () => {
  // ~160 MB of shared strings in ~0.2 MB, built once (deflating takes a few seconds on a busy machine)
  let sst: { bytes: Buffer; size: number };
  beforeAll(async () => {
    sst = await deflateRepeated(SST_HEAD, "<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>", 2_900_000, SST_TAIL);
  });

  it("shared strings that inflate to 160 MB (declared honestly): refused from the central directory", async () => {
    expect(sst.size).toBeGreaterThan(150 * MB);
    const file = craftZip(xlsxEntries(smallSheet, { deflated: sst }));
    expect(file.length).toBeLessThan(1 * MB);
    const r = await refused(() => parseSpreadsheet(file, "bomb.xlsx"));
    expect(r.message).toBe("文件中的部件「xl/sharedStrings.xml」解压后超过 128 MB 上限");
    expect(r.rssGrowth).toBeLessThan(200 * MB);
  });

  it("shared strings that lie about their size (declared 1 KB, 160 MB inside): inflation stops at the declared size", async () => {
    const file = craftZip(xlsxEntries(smallSheet, { deflated: sst, declaredSize: 1024 }));
    const r = await refused(() => parseSpreadsheet(file, "liar.xlsx"));
    expect(r.message).toBe("文件中的部件「xl/sharedStrings.xml」解压后的大小与声明不符（文件已损坏或被恶意构造），已停止读取");
    expect(r.rssGrowth).toBeLessThan(200 * MB);
    expect(r.heapGrowth).toBeLessThan(200 * MB);
  });

  it("a worksheet that lies about its size is stopped too (the streamed part)", async () => {
    const sheet = await deflateRepeated(SHEET_HEAD + header, "<row/>", 20_000_000, SHEET_TAIL);
    const file = craftZip(xlsxEntries({ deflated: sheet, declaredSize: 4096 }));
    const r = await refused(() => parseSpreadsheet(file, "liar.xlsx"));
    expect(r.message).toMatch(/「xl\/worksheets\/sheet1\.xml」解压后的大小与声明不符/);
    expect(r.rssGrowth).toBeLessThan(200 * MB);
  });

  it("parts that together declare more than 512 MB: refused before any is read", async () => {
    const entries = xlsxEntries(smallSheet);
    for (let i = 0; i < 2; i++) entries.push({ name: `xl/media/big${i}.xml`, deflated: sst, declaredSize: 300 * MB });
    const r = await refused(() => parseSpreadsheet(craftZip(entries), "many-parts.xlsx"));
    expect(r.message).toBe("文件解压后超过 512 MB 上限");
    expect(r.rssGrowth).toBeLessThan(100 * MB);
  });

  it("a single part declared over 400 MB, and a held part (styles) over 16 MB", async () => {
    let r = await refused(() => parseSpreadsheet(craftZip([...xlsxEntries(smallSheet), { name: "xl/media/huge.xml", deflated: sst, declaredSize: 450 * MB }]), "x.xlsx"));
    expect(r.message).toBe("文件中的部件「xl/media/huge.xml」解压后超过 400 MB 上限");
    r = await refused(() => parseSpreadsheet(craftZip([...xlsxEntries(smallSheet), { name: "xl/styles.xml", deflated: sst }]), "x.xlsx"));
    expect(r.message).toBe("文件中的部件「xl/styles.xml」解压后超过 16 MB 上限");
  });

  it("more than 1,000 entries: refused from the end record, before the directory is read", async () => {
    const entries = xlsxEntries(smallSheet);
    for (let i = 0; i < 20_000; i++) entries.push({ name: `xl/media/e${i}.xml`, data: "", method: 0 });
    const r = await refused(() => parseSpreadsheet(craftZip(entries), "entries.xlsx"));
    expect(r.message).toBe("文件中的部件超过 1000 个上限");
    expect(r.rssGrowth).toBeLessThan(100 * MB);
  });

  it("a nested bomb (a zip of zips inside the package) is never opened: the workbook reads normally", async () => {
    const inner = await deflateRepeated("", "\u0000".repeat(1024), 200_000, "");
    const innerZip = craftZip(Array.from({ length: 10 }, (_, i) => ({ name: `${i}.bin`, deflated: inner })));
    const outerZip = craftZip(Array.from({ length: 10 }, (_, i) => ({ name: `${i}.zip`, data: innerZip })));
    const file = craftZip([...xlsxEntries(smallSheet, { data: `${SST_HEAD}<si><t>兰州</t></si>${SST_TAIL}` }), { name: "xl/embeddings/bomb.zip", data: outerZip }]);
    const base = process.memoryUsage().rss;
    const parsed = await parseSpreadsheet(file, "nested.xlsx");
    expect(parsed.rows).toEqual([{ line: 2, values: { 编号: "兰州" } }]);
    expect(process.memoryUsage().rss - base).toBeLessThan(100 * MB);
  });

  it("a package the streaming reader cannot read falls back only after every part's real size is measured", async () => {
    const bomb = await deflateRepeated("<x>", "<y/>", 50_000_000, "</x>");
    const broken = { data: `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></rowx>${SHEET_TAIL}` };
    const file = craftZip([...xlsxEntries(broken), { name: "xl/media/image1.xml", deflated: bomb, declaredSize: 200 }]);
    const r = await refused(() => parseSpreadsheet(file, "fallback.xlsx"));
    expect(r.message).toBe("文件中的部件「xl/media/image1.xml」解压后的大小与声明不符（文件已损坏或被恶意构造），已停止读取");
    expect(r.rssGrowth).toBeLessThan(200 * MB);
    // without the bomb the same broken sheet is simply unreadable
    expect((await refused(() => parseSpreadsheet(craftZip(xlsxEntries(broken)), "broken.xlsx"))).message).toMatch(/无法读取该 \.xlsx 文件/);
  });

  it("names with .. or absolute paths, encrypted entries, unknown methods", async () => {
    const withEntry = (e: Parameters<typeof craftZip>[0][number]) => craftZip([...xlsxEntries(smallSheet), e]);
    expect((await refused(() => parseSpreadsheet(withEntry({ name: "../../etc/passwd", data: "x" }), "x.xlsx"))).message).toMatch(/非法路径/);
    expect((await refused(() => parseSpreadsheet(withEntry({ name: "/abs.xml", data: "x" }), "x.xlsx"))).message).toMatch(/非法路径/);
    expect((await refused(() => parseSpreadsheet(withEntry({ name: "xl/a.xml", data: "x", flags: 1 }), "x.xlsx"))).message).toBe("文件已加密，请取消密码后再导入");
    const bzip = craftZip([...xlsxEntries(smallSheet), { name: "xl/b.xml", data: "x", method: 0 }]);
    bzip.writeUInt16LE(12, bzip.lastIndexOf(Buffer.from("xl/b.xml")) - 46 + 10); // central method → bzip2
    expect((await refused(() => parseSpreadsheet(bzip, "x.xlsx"))).message).toMatch(/不支持的压缩方式/);
  });
});

describe("row, cell and text bombs", { timeout: 60_000 }, () => {
  it("a worksheet of a million tiny rows stops at the row limit", async () => {
    let rows = "";
    for (let i = 2; i < 1_000_002; i++) rows += `<row r="${i}"><c r="A${i}"><v>1</v></c></row>`;
    const file = craftZip(xlsxEntries({ data: SHEET_HEAD + header + rows + SHEET_TAIL }));
    rows = "";
    const r = await refused(() => parseSpreadsheet(file, "rows.xlsx"));
    expect(r.message).toBe("数据行超过上限 200000 行");
  });

  it("a header wider than 1,000 columns, and more cells than allowed", async () => {
    const wide = Array.from({ length: 1500 }, (_, i) => `<c t="inlineStr"><is><t>列${i}</t></is></c>`).join("");
    let r = await refused(() => parseSpreadsheet(craftZip(xlsxEntries({ data: `${SHEET_HEAD}<row r="1">${wide}</row><row r="2"><c r="A2"><v>1</v></c></row>${SHEET_TAIL}` })), "wide.xlsx"));
    expect(r.message).toBe("表头超过 1000 列上限");
    const csv = ["a,b,c,d", ...Array.from({ length: 100 }, () => "1,2,3,4")].join("\n");
    r = await refused(() => parseSpreadsheet(Buffer.from(csv), "cells.csv", { maxCells: 200 }));
    expect(r.message).toBe("单元格超过 200 个上限，请拆分文件后分批导入");
    const many = ["a,b", ...Array.from({ length: 20_001 }, () => "1,2")].join("\n");
    r = await refused(() => parseSpreadsheet(Buffer.from(many), "cells.csv", { maxCells: 40_000 }));
    expect(r.message).toBe("单元格超过 4 万个上限，请拆分文件后分批导入");
  });

  it("more shared strings than cells allowed", async () => {
    const sst = `${SST_HEAD}${"<si><t>x</t></si>".repeat(3000)}${SST_TAIL}`;
    const r = await refused(() => parseSpreadsheet(craftZip(xlsxEntries(smallSheet, { data: sst })), "sst.xlsx", { maxCells: 2000 }));
    expect(r.message).toBe("工作簿中的文本超过 2000 条上限，请拆分文件后分批导入");
  });

  it("a single run of text of 5 million characters (a cell holds at most 32,767)", async () => {
    const big = await deflateRepeated(`${SHEET_HEAD}${header}<row r="2"><c r="A2" t="inlineStr"><is><t>`, "甘", 5_000_000, `</t></is></c></row>${SHEET_TAIL}`);
    const r = await refused(() => parseSpreadsheet(craftZip(xlsxEntries({ deflated: big })), "text.xlsx"));
    expect(r.message).toMatch(/超过 100 万个字符的连续文本/);
    expect(r.rssGrowth).toBeLessThan(100 * MB);
  });
});

describe("damaged workbooks never escape as exceptions", () => {
  it("any bytes changed in a valid xlsx: parsed or a SpreadsheetError, never another exception", async () => {
    const valid = craftZip(xlsxEntries(smallSheet, { data: `${SST_HEAD}<si><t>兰州</t></si>${SST_TAIL}` }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }), async (edits) => {
        const bytes = Buffer.from(valid);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        try {
          await parseSpreadsheet(bytes, "x.xlsx");
        } catch (e) {
          expect(e).toBeInstanceOf(SpreadsheetError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
