// Evidence .docx/.xlsx are checked as packages (issue 9 item 10): genuine Word/Excel files pass; executables,
// macros, OLE/ActiveX objects, external references, path tricks, hidden bytes, encryption, zip64 and zip bombs are
// refused with a Chinese sentence. Every hostile file is built here, most by changing one thing in a valid docx.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEvidence } from "@/lib/files/evidence";
import { writeXlsx } from "@/lib/io/write-spreadsheet";
import { PKG_REL, PNG, docRels, docxEntries, rel, types } from "@/tests/support/ooxml-fixtures";
import { type CraftEntry, craftZip, deflateRepeated } from "@/tests/support/zip-craft";

async function check(bytes: Buffer, name = "材料.docx") {
  return readEvidence(new File([new Uint8Array(bytes)], name));
}

async function refusal(bytes: Buffer, name = "材料.docx"): Promise<string> {
  const r = await check(bytes, name);
  if (typeof r !== "string") throw new Error(`expected ${name} to be refused, got ${r.mime}`);
  expect(r.startsWith(`「${name}」`)).toBe(true);
  return r.slice(name.length + 2);
}

async function exceljsWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("台账");
  ws.addRow(["编号", "单位", "链接"]);
  ws.addRow([1, "城关分局", { text: "网站", hyperlink: "https://www.gansu.gov.cn/" }]);
  ws.getCell("B2").note = "批注";
  ws.addImage(wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: "png" }), "D2:E4");
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("genuine Word and Excel files are accepted", () => {
  it("a minimal docx with a picture and a web link", async () => {
    const r = await check(craftZip(docxEntries()), "情况报告.DOCX");
    expect(r).toMatchObject({ filename: "情况报告.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  });

  it("an exceljs workbook (styles, theme, shared strings, hyperlink, comment, picture) and our streamed export", async () => {
    expect(await check(await exceljsWorkbook(), "台账.xlsx")).toMatchObject({ filename: "台账.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    const pass = new PassThrough();
    const chunks: Buffer[] = [];
    pass.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => pass.on("end", resolve));
    await writeXlsx(pass, [{ name: "表", columns: [{ header: "名称" }, { header: "日期", type: "date" }], rows: [["兰州", new Date()]] }]);
    await ended;
    expect(await check(Buffer.concat(chunks), "导出.xlsx")).toMatchObject({ filename: "导出.xlsx" });
  });

  it("the kind comes from the package, not the name", async () => {
    expect(await check(await exceljsWorkbook(), "伪装.docx")).toMatchObject({ filename: "伪装.xlsx" });
  });
});

describe("hostile packages are refused, each with its reason", { timeout: 30_000 }, () => {
  const withPart = (part: CraftEntry, o: Parameters<typeof docxEntries>[0] = {}) => craftZip([...docxEntries(o), part]);
  const MZ = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(120)]);
  const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(60)]);

  it("executables and scripts as parts, by name and by content", async () => {
    for (const name of ["word/media/setup.exe", "word/lib.dll", "run.js", "word/a.vbs", "x.ps1", "word/media/tool.bin", "payload.hta", "a.bat", "a.lnk"]) {
      expect(await refusal(withPart({ name, data: MZ }))).toMatch(/可执行文件或脚本|不允许的部件/);
    }
    // a PE file posing as a picture, declared image/png
    expect(await refusal(withPart({ name: "word/media/image2.png", data: MZ }))).toBe("文件中夹带了Windows 可执行文件（word/media/image2.png），已拒绝");
    // an ELF file posing as custom XML
    expect(await refusal(withPart({ name: "customXml/item1.xml", data: ELF }))).toMatch(/Linux 可执行文件/);
    // a shell script, a zip inside a part
    expect(await refusal(withPart({ name: "customXml/item2.xml", data: "#!/bin/sh\nrm -rf /\n" }))).toMatch(/脚本/);
    expect(await refusal(withPart({ name: "word/media/image3.png", data: craftZip([{ name: "a.txt", data: "x" }]) }))).toMatch(/压缩包/);
  });

  it("macros: a vbaProject part, a macro-enabled main type (a .docm renamed), an Excel 4 macro sheet", async () => {
    expect(await refusal(withPart({ name: "word/vbaProject.bin", data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }))).toMatch(/含有宏/);
    const docm = craftZip(docxEntries({ types: types("", "application/vnd.ms-word.document.macroEnabled.main+xml") }));
    expect(await refusal(docm)).toMatch(/含有宏/);
    expect(await refusal(withPart({ name: "xl/macrosheets/sheet1.xml", data: "<xm:macrosheet/>" }))).toMatch(/含有宏/);
    const declared = craftZip(docxEntries({ types: types(`<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`) }));
    expect(await refusal(declared)).toMatch(/含有宏/);
  });

  it("OLE objects, ActiveX controls, embedded packages and altChunks", async () => {
    const ole = "文件中含有嵌入对象（OLE/ActiveX 控件或嵌入的文件），不能作为证明材料。请删除嵌入对象或另存为 PDF 后上传";
    expect(await refusal(withPart({ name: "word/embeddings/oleObject1.bin", data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }))).toBe(ole);
    expect(await refusal(withPart({ name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx", data: await exceljsWorkbook() }))).toBe(ole);
    expect(await refusal(withPart({ name: "word/activeX/activeX1.xml", data: "<ax:ocx/>" }))).toBe(ole);
    expect(await refusal(craftZip(docxEntries({ docRels: docRels(rel("rId9", "oleObject", "media/image1.png")) })))).toBe(ole);
    expect(await refusal(craftZip(docxEntries({ docRels: docRels(rel("rId9", "aFChunk", "media/image1.png")) })))).toBe(ole);
    expect(await refusal(craftZip(docxEntries({ types: types(`<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>`) })))).toBe(ole);
  });

  it("external references: a remote template, file: and UNC links, linked pictures, external workbooks", async () => {
    const cases = [
      rel("rId9", "attachedTemplate", "http://evil.example/t.dotm", true),
      rel("rId9", "hyperlink", "file:///C:/Windows/System32/calc.exe", true),
      rel("rId9", "hyperlink", "\\\\evil.example\\share\\x", true),
      rel("rId9", "image", "http://evil.example/track.png", true),
      rel("rId9", "externalLink", "externalLinks/externalLink1.xml"),
      rel("rId9", "frame", "https://evil.example/", true),
      rel("rId9", "image", "file://server/share/x.png"),
    ];
    for (const extra of cases) expect(await refusal(craftZip(docxEntries({ docRels: docRels(extra) })))).toMatch(/引用了外部资源/);
  });

  it("path tricks: .. in names, absolute names, backslashes, relationship targets leaving the package", async () => {
    for (const name of ["../evil.xml", "word/../../evil.xml", "/etc/evil.xml", "C:/evil.xml", "word\\evil.xml"]) {
      expect(await refusal(withPart({ name, data: "<x/>" }))).toMatch(/非法路径/);
    }
    expect(await refusal(craftZip(docxEntries({ docRels: docRels(rel("rId9", "image", "../../../etc/passwd")) })))).toMatch(/不允许的部件/);
  });

  it("not what Word/Excel write: no content types, no main part, a part without or with a foreign type, a template, DTDs", async () => {
    const without = (name: string) => craftZip(docxEntries().filter((e) => e.name !== name));
    expect(await refusal(without("[Content_Types].xml"))).toMatch(/不是有效的 Word/);
    expect(await refusal(without("_rels/.rels"))).toMatch(/不是有效的 Word/);
    expect(await refusal(without("word/document.xml"))).toMatch(/不是有效的 Word/);
    expect(await refusal(withPart({ name: "word/media/image9.gif", data: "GIF89a" }))).toMatch(/没有声明内容类型/);
    expect(await refusal(craftZip(docxEntries({ types: types(`<Override PartName="/word/styles2.xml" ContentType="application/x-msdownload"/>`) }).concat({ name: "word/styles2.xml", data: "<x/>" })))).toMatch(/不允许的部件「word\/styles2\.xml」/);
    expect(await refusal(craftZip(docxEntries({ types: types("", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml") })))).toMatch(/模板/);
    const laughs = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Relationships xmlns="${PKG_REL}"/>`;
    expect(await refusal(craftZip(docxEntries({ docRels: laughs })))).toMatch(/不是有效的 XML/);
    expect(await refusal(withPart({ name: "word/media/image4.png", data: "not a picture" }))).toMatch(/内容与类型不符/);
    expect(await refusal(craftZip([{ name: "a.txt", data: "hello" }]))).toMatch(/不允许的部件|不是有效的 Word/);
  });

  it("encryption, zip64, bytes hidden between entries", async () => {
    expect(await refusal(withPart({ name: "word/media/image5.png", data: PNG, flags: 1 }))).toBe("文件已加密，请取消密码后上传");
    const zip64 = Buffer.alloc(20);
    zip64.writeUInt16LE(0x0001, 0);
    zip64.writeUInt16LE(16, 2);
    expect(await refusal(craftZip(docxEntries().map((e, i) => (i === 3 ? { ...e, extra: zip64 } : e))))).toMatch(/ZIP64/);
    expect(await refusal(craftZip(docxEntries(), { gapAfterFirst: MZ }))).toBe("文件中夹带了压缩包目录之外的数据，已拒绝");
    // the directory points at something that is not a local header; a truncated file; random bytes after "PK"
    const moved = craftZip(docxEntries());
    moved.writeUInt32LE(0x12345678, moved.indexOf(Buffer.from("PK\x03\x04", "latin1"), 10));
    expect(await refusal(moved)).toBe("文件已损坏，无法读取");
    expect(await refusal(craftZip(docxEntries()).subarray(0, 300))).toMatch(/不是有效的 Word/);
    expect(await refusal(Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(2000, 7)]))).toMatch(/不是有效的 Word/);
  });

  it("zip bombs: a part that lies about its size, too many entries", async () => {
    const bomb = await deflateRepeated("<x>", "<y/>", 50_000_000, "</x>");
    const liar = craftZip(docxEntries().map((e) => (e.name === "word/styles.xml" ? { name: e.name, deflated: bomb, declaredSize: 100 } : e)));
    const before = process.memoryUsage().rss;
    expect(await refusal(liar)).toMatch(/解压后的大小与声明不符/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const many = craftZip([...docxEntries(), ...Array.from({ length: 1500 }, (_, i) => ({ name: `customXml/item${i}.xml`, data: "", method: 0 as const }))]);
    expect(await refusal(many)).toBe("文件中的部件超过 1000 个上限");
  });
});

describe("damaged packages never escape as exceptions", () => {
  it("any bytes changed in a genuine docx or xlsx: accepted or refused in Chinese, never thrown", async () => {
    const genuine = [craftZip(docxEntries()), await exceljsWorkbook()];
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 8 }), async (which, edits) => {
        const bytes = Buffer.from(genuine[which]);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        const r = await check(bytes, "x.docx");
        if (typeof r === "string") expect(r).toMatch(/^「x\.docx」\S/);
      }),
      { numRuns: 300 },
    );
  });
});
