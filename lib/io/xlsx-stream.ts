// XLSX for large list exports, written as raw sheet XML into a streaming zip (ZipOut, below): inline strings, no shared
// strings, a handful of pre-built styles, no per-cell objects. Same cells as the exceljs writer in
// write-spreadsheet.ts (numbers stay numbers, dates are Beijing wall-clock date cells with the column's format,
// strings are always strings — never formulas), at a fraction of the time and with memory flat in the row count.
// The exceljs writer stays for the small workbooks (templates, reports).
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import {
  type CellValue,
  DATE_FMT,
  DATETIME_FMT,
  HEADER_FILL,
  type SheetColumn,
  type SheetSpec,
  cleanText,
  columnNumFmt,
  columnWidth,
  isValidDate,
  isWallMidnight,
  sheetName,
  toShanghaiWallClock,
} from "./write-spreadsheet";

// ── styles: cellXfs indexes ────────────────────────────────────────────────────────────────────────────────
const NUMFMTS = [DATE_FMT, DATETIME_FMT, "0.0%", "0"] as const; // ids 164…167; "@" is built-in 49
const XF = { plain: 0, header: 1, title: 2, date: 3, datetime: 4, percent: 5, integer: 6, text: 7 } as const;

function styleOf(numFmt: string | undefined): number {
  switch (numFmt) {
    case DATE_FMT:
      return XF.date;
    case DATETIME_FMT:
      return XF.datetime;
    case "0.0%":
      return XF.percent;
    case "0":
      return XF.integer;
    case "@":
      return XF.text;
    default:
      return XF.plain;
  }
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
/** characters XML 1.0 cannot carry at all */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** CR as a character reference: a literal one would be read back as LF (XML end-of-line normalisation) */
const XML_SPECIAL = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
function xmlText(s: string): string {
  const c = cleanText(s);
  return XML_SPECIAL.test(c) ? esc(c.replace(XML_INVALID, "")).replace(/\r/g, "&#13;") : c;
}

function colLetters(n: number): string {
  let s = "";
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** text whose leading/trailing white space XML would otherwise let a reader drop */
const EDGE_SPACE = /^\s|\s$/;

const DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** one `<c>`; `''` for an empty cell */
export function cellXml(ref: string, v: CellValue, type: SheetColumn["type"], colStyle: number): string {
  if (v === null || v === undefined) return "";
  const s = colStyle ? ` s="${colStyle}"` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) {
    if (!isValidDate(v)) return "";
    const w = toShanghaiWallClock(v);
    if (type === "date") return `<c r="${ref}"${s}><v>${(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate()) - EXCEL_EPOCH) / DAY}</v></c>`;
    const st = type === "datetime" ? colStyle : isWallMidnight(w) ? XF.date : XF.datetime;
    return `<c r="${ref}" s="${st}"><v>${(w.getTime() - EXCEL_EPOCH) / DAY}</v></c>`;
  }
  // a string is an inline string, never a formula: "=1+1" stays text
  const raw = String(v);
  const text = xmlText(raw);
  return `<c r="${ref}"${s} t="inlineStr"><is>${EDGE_SPACE.test(raw) ? `<t xml:space="preserve">${text}</t>` : `<t>${text}</t>`}</is></c>`;
}

function stylesXml(): string {
  const numFmts = NUMFMTS.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${esc(f)}"/>`).join("");
  const xf = (numFmtId: number, extra = "") => `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ""}${extra}/>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="${NUMFMTS.length}">${numFmts}</numFmts>` +
    `<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>` +
    `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="${HEADER_FILL}"/><bgColor indexed="64"/></patternFill></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="8">` +
    xf(0) +
    `<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
    `<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>` +
    xf(164) +
    xf(165) +
    xf(166) +
    xf(167) +
    xf(49) +
    `</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/></styleSheet>`
  );
}

const XML_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;

function staticParts(names: string[], creator: string, now: Date): [string, string][] {
  const iso = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return [
    [
      "[Content_Types].xml",
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("")}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    ],
    [
      "_rels/.rels",
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    ],
    [
      "docProps/app.xml",
      `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application></Properties>`,
    ],
    [
      "docProps/core.xml",
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${esc(creator)}</dc:creator><cp:lastModifiedBy>${esc(creator)}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      "xl/workbook.xml",
      `${XML_HEAD}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ],
    ["xl/styles.xml", stylesXml()],
  ];
}

/** Ends a row source early (an async generator's `return`): its `finally` runs, cursors close. */
export function closeRows(rows: SheetSpec["rows"]): void {
  const r = rows as { return?: (v?: unknown) => unknown };
  if (typeof r.return === "function") Promise.resolve(r.return()).catch(() => {});
}

function closeSheet(spec: SheetSpec): void {
  closeRows(spec.rows);
  if (spec.xmlRows) closeRows(spec.xmlRows as unknown as SheetSpec["rows"]);
}

/** flush the XML to the zip in pieces of about this many characters */
const CHUNK_CHARS = 32 * 1024;

async function* sheetXml(spec: SheetSpec, onRow?: () => void): AsyncGenerator<Buffer> {
  const cols = spec.columns;
  const letters = cols.map((_, i) => colLetters(i));
  const colStyles = cols.map((c) => styleOf(columnNumFmt(c.type)));
  const headerRowNo = spec.title ? 2 : 1;
  const freeze = spec.freezeHeader ?? true;
  const first = `A${headerRowNo + 1}`;
  let out =
    `${XML_HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<sheetViews><sheetView workbookViewId="0">${freeze ? `<pane ySplit="${headerRowNo}" topLeftCell="${first}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${first}" sqref="${first}"/>` : ""}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (cols.length ? `<cols>${cols.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c)}" customWidth="1"${colStyles[i] ? ` style="${colStyles[i]}"` : ""}/>`).join("")}</cols>` : "") +
    `<sheetData>`;
  let rowNo = 0;
  if (spec.title) {
    rowNo++;
    out += `<row r="1" ht="24" customHeight="1"><c r="A1" s="${XF.title}" t="inlineStr"><is><t xml:space="preserve">${xmlText(spec.title)}</t></is></c></row>`;
  }
  rowNo++;
  out += `<row r="${rowNo}">${cols.map((c, i) => `<c r="${letters[i]}${rowNo}" s="${XF.header}" t="inlineStr"><is><t xml:space="preserve">${xmlText(c.header)}</t></is></c>`).join("")}</row>`;
  if (spec.xmlRows) {
    yield Buffer.from(out, "utf8");
    out = "";
    for await (const xml of spec.xmlRows) yield Buffer.isBuffer(xml) ? xml : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  }
  for await (const values of spec.rows) {
    rowNo++;
    let row = `<row r="${rowNo}">`;
    for (let i = 0; i < cols.length; i++) row += cellXml(letters[i] + rowNo, values[i], cols[i].type, colStyles[i]);
    out += `${row}</row>`;
    onRow?.();
    if (out.length >= CHUNK_CHARS) {
      yield Buffer.from(out, "utf8");
      out = "";
    }
  }
  out += `</sheetData>`;
  if (spec.title && cols.length > 1) out += `<mergeCells count="1"><mergeCell ref="A1:${letters[cols.length - 1]}1"/></mergeCells>`;
  out += `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;
  yield Buffer.from(out, "utf8");
}

// ── the zip: stored parts deflated at level 1, crc32 by zlib (native) ──────────────────────────────────────
/** level 1: the XML compresses ~7× even so; higher levels cost seconds on 100,000 rows for a few % of size */
const DEFLATE_LEVEL = 1;
const U32 = 0xffffffff;

interface ZipEntry {
  name: Buffer;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
}

/** MS-DOS time and date fields of `d` (the server's local time, as zip tools write them) */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A zip written front to back into `out` (no seeking): each entry's local header carries no sizes (flag 3), its
 * deflated bytes follow, then a data descriptor; the central directory at the end has them all (ZIP64 fields when an
 * entry or offset passes 4 GB — Excel and every zip reader find entries through the central directory).
 */
class ZipOut {
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  private readonly stamp: { time: number; date: number };
  constructor(
    private readonly write: (b: Buffer) => Promise<void>,
    now: Date,
  ) {
    this.stamp = dosTime(now);
  }
  private async put(b: Buffer): Promise<void> {
    this.offset += b.length;
    await this.write(b);
  }
  /** one entry from its bytes, in pieces (deflated as they come: memory stays one piece) */
  async add(name: string, pieces: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<void> {
    const e: ZipEntry = { name: Buffer.from(name, "utf8"), crc: 0, csize: 0, usize: 0, offset: this.offset };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed
    h.writeUInt16LE(0x0808, 6); // sizes in the data descriptor; UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    h.writeUInt16LE(e.name.length, 26);
    await this.put(Buffer.concat([h, e.name]));
    const deflate = zlib.createDeflateRaw({ level: DEFLATE_LEVEL });
    const put = (c: Buffer) => this.put(c);
    await pipeline(
      async function* () {
        for await (const piece of pieces) {
          e.crc = zlib.crc32(piece, e.crc);
          e.usize += piece.length;
          yield piece;
        }
      },
      deflate,
      async function (deflated: AsyncIterable<Buffer>) {
        for await (const c of deflated) {
          e.csize += c.length;
          await put(c);
        }
      },
    );
    const big = e.csize > U32 || e.usize > U32;
    const dd = Buffer.alloc(big ? 24 : 16);
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(e.crc, 4);
    if (big) {
      dd.writeBigUInt64LE(BigInt(e.csize), 8);
      dd.writeBigUInt64LE(BigInt(e.usize), 16);
    } else {
      dd.writeUInt32LE(e.csize, 8);
      dd.writeUInt32LE(e.usize, 12);
    }
    await this.put(dd);
    this.entries.push(e);
  }
  /** the central directory and its end record(s) */
  async finish(): Promise<void> {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const z64: Buffer[] = [];
      if (e.usize >= U32) z64.push(u64(e.usize));
      if (e.csize >= U32) z64.push(u64(e.csize));
      if (e.offset >= U32) z64.push(u64(e.offset));
      const extra = z64.length ? Buffer.concat([u16(0x0001), u16(8 * z64.length), ...z64]) : Buffer.alloc(0);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(z64.length ? 45 : 20, 4); // made by (MS-DOS attributes)
      c.writeUInt16LE(z64.length ? 45 : 20, 6); // needed
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(this.stamp.time, 12);
      c.writeUInt16LE(this.stamp.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(Math.min(e.csize, U32), 20);
      c.writeUInt32LE(Math.min(e.usize, U32), 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt16LE(extra.length, 30);
      c.writeUInt32LE(Math.min(e.offset, U32), 42);
      parts.push(c, e.name, extra);
    }
    const dir = Buffer.concat(parts);
    const end: Buffer[] = [];
    const n = this.entries.length;
    if (start + dir.length >= U32 || n >= 0xffff) {
      // ZIP64 end of central directory record and its locator
      const z = Buffer.alloc(56);
      z.writeUInt32LE(0x06064b50, 0);
      z.writeBigUInt64LE(44n, 4);
      z.writeUInt16LE(45, 12);
      z.writeUInt16LE(45, 14);
      z.writeBigUInt64LE(BigInt(n), 24);
      z.writeBigUInt64LE(BigInt(n), 32);
      z.writeBigUInt64LE(BigInt(dir.length), 40);
      z.writeBigUInt64LE(BigInt(start), 48);
      const l = Buffer.alloc(20);
      l.writeUInt32LE(0x07064b50, 0);
      l.writeBigUInt64LE(BigInt(start + dir.length), 8);
      l.writeUInt32LE(1, 16);
      end.push(z, l);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(Math.min(n, 0xffff), 8);
    eocd.writeUInt16LE(Math.min(n, 0xffff), 10);
    eocd.writeUInt32LE(Math.min(dir.length, U32), 12);
    eocd.writeUInt32LE(Math.min(start, U32), 16);
    await this.put(Buffer.concat([dir, ...end, eocd]));
  }
}
const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};

/**
 * Streams the workbook into `out`; resolves with the data rows per sheet when the zip is complete. Writes wait while
 * `out` is full (back-pressure down to the row sources). If `out` closes early (the client went away) the row
 * sources are stopped (their `finally` runs: cursors closed, connections returned) and the promise rejects.
 */
export function writeXlsxStream(out: NodeJS.WritableStream, sheets: SheetSpec[], opts: { creator?: string; now?: Date } = {}): Promise<number[]> {
  const used = new Set<string>();
  const names = sheets.map((s, i) => sheetName(s.name, used, i));
  const counts = sheets.map(() => 0);
  let gone: Error | null = null;
  let wake: (() => void) | null = null;
  const stop = (e: Error) => {
    gone ??= e;
    wake?.();
  };
  out.on("error", (e: Error) => stop(e));
  out.on("close", () => stop(new Error("输出流已关闭，导出中止")));
  out.on("drain", () => wake?.());
  const write = async (b: Buffer) => {
    if (gone) throw gone;
    if (!out.write(b)) {
      await new Promise<void>((r) => (wake = r));
      wake = null;
      if (gone) throw gone;
    }
  };
  const now = opts.now ?? new Date();
  const zip = new ZipOut(write, now);
  return (async () => {
    try {
      for (const [name, xml] of staticParts(names, opts.creator ?? "平安甘肃", now)) await zip.add(name, [Buffer.from(xml, "utf8")]);
      for (let i = 0; i < sheets.length; i++) await zip.add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i], () => counts[i]++));
      await zip.finish();
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve);
        out.once("error", reject);
        // closed before finishing (the client went away during the last write): settle anyway
        out.once("close", () => reject(gone ?? new Error("输出流已关闭，导出中止")));
        out.end();
      });
      return counts;
    } catch (e) {
      // also a row source not yet started (its sheet not reached): it may already hold a database cursor
      for (const spec of sheets) closeSheet(spec);
      throw e instanceof Error ? e : new Error(String(e));
    }
  })();
}

/**
 * A Node stream as a web ReadableStream, pulled chunk by chunk. Not `Readable.toWeb`: on Node 20 a cancelled
 * download makes it enqueue into the closed controller, an uncaught exception that would stop the server.
 */
export function nodeToWeb(src: NodeJS.ReadableStream & { destroy(e?: Error): unknown }): ReadableStream<Uint8Array> {
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const r = await it.next();
        if (r.done) controller.close();
        else controller.enqueue(typeof r.value === "string" ? Buffer.from(r.value) : new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      src.destroy();
      await it.return?.().catch(() => {});
    },
  });
}

/** A web ReadableStream of the workbook, for a Route Handler `Response`. Errors abort the stream. */
export function xlsxStreamWeb(sheets: SheetSpec[], opts: { creator?: string } = {}): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writeXlsxStream(pass, sheets, opts).catch((e: unknown) => {
    if (!pass.destroyed) pass.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return nodeToWeb(pass);
}
