// Spreadsheet import: XLSX (first visible worksheet) and CSV (UTF-8 / GBK), as trimmed strings keyed by header.
// No "server-only": also used by scripts and tests. Messages are Chinese and shown to the user as they are.
import { posix } from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";

/** A problem with the uploaded file; the message is Chinese and shown to the user as is. */
export class SpreadsheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SpreadsheetError";
  }
}

/** line = 1-based row (XLSX) / record (CSV) number in the file, header included; values keyed by normalised header. */
export interface ParsedRow {
  line: number;
  values: Record<string, string>;
}

export interface ParsedSheet {
  format: "xlsx" | "csv";
  encoding?: "utf-8" | "gbk";
  headers: string[];
  rows: ParsedRow[];
}

export interface ParseOptions {
  /** default 200_000 data rows */
  maxRows?: number;
  /** called every 1000 data rows, and once at the end with the total */
  onProgress?: (rowsRead: number) => void;
}

const DEFAULT_MAX_ROWS = 200_000;
const PROGRESS_EVERY = 1000;

const MSG = {
  noData: "文件中没有数据行",
  xls: "不支持 .xls 格式，请另存为 .xlsx 或 CSV 后再导入",
  encrypted: "无法读取：文件可能设置了打开密码，或实为旧版 .xls 文件。请取消密码并另存为 .xlsx 或 CSV 后再导入",
  oleOther: "不支持该文件格式（旧版 Office 二进制文件），请另存为 .xlsx 或 CSV 后再导入",
  ods: "不支持 .ods 格式，请另存为 .xlsx 或 CSV 后再导入",
  badXlsx: "文件不是有效的 .xlsx 工作簿（可能已损坏或扩展名不符），请用 Excel 打开后重新保存为 .xlsx 再导入",
  unreadableXlsx: "无法读取该 .xlsx 文件，文件可能已损坏。请用 Excel 打开后重新保存再导入",
  zipEncrypted: "文件已加密，请取消密码后再导入",
  html: "文件是网页（HTML/XML）格式，不是真正的表格文件。请用 Excel 打开后另存为 .xlsx 或 CSV 再导入",
  utf16: "文件为 UTF-16（Unicode 文本）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
  unknownFormat: "无法识别的文件格式，请上传 .xlsx 或 CSV 文件",
  unknownEncoding: "无法识别文件的字符编码，请另存为“CSV UTF-8（逗号分隔）”后再导入",
  noSheet: "工作簿中没有工作表",
} as const;

// ---------------------------------------------------------------------------------------------
// Public entry point

export async function parseSpreadsheet(bytes: Uint8Array, filename: string, opts: ParseOptions = {}): Promise<ParsedSheet> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ext = posix.extname(filename.replace(/\\/g, "/")).toLowerCase();
  if (buf.length === 0) throw new SpreadsheetError(MSG.noData);

  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    return parseXlsx(buf, ext, maxRows, opts.onProgress);
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: old .xls/.et, or an encrypted (password-protected) .xlsx
    throw new SpreadsheetError(ext === ".xlsx" ? MSG.encrypted : ext === ".xls" || ext === ".et" ? MSG.xls : MSG.oleOther);
  }
  return parseCsv(buf, ext, maxRows, opts.onProgress);
}

function startsWith(buf: Buffer, sig: number[]): boolean {
  return buf.length >= sig.length && sig.every((b, i) => buf[i] === b);
}

// ---------------------------------------------------------------------------------------------
// Cell and header text

/** Trim, collapse internal whitespace, drop "*" / "（必填）" markers that templates carry. */
export function normalizeHeader(raw: string): string {
  let h = raw.replace(/[\u200b-\u200d\ufeff]/g, "").replace(/\s+/g, " ").trim();
  for (;;) {
    const before = h;
    h = h
      .replace(/^[*＊]+\s*/, "")
      .replace(/\s*[*＊]+$/, "")
      .replace(/\s*[（(]\s*必填\s*[)）]$/, "")
      .trim();
    if (h === before) return h;
  }
}

/** A number as Excel would show it in General format: at most 15 significant digits, never an exponent. */
export function formatPlainNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (n === 0) return "0";
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : expandExponent(String(n));
  const s = String(Number(n.toPrecision(15)));
  return /e/i.test(s) ? expandExponent(s) : s;
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const digits = (int + frac).replace(/^0+(?=\d)/, "");
  const point = int.length + Number(expText);
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
  return sign + out;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const EXCEL_DAY0 = Date.UTC(1899, 11, 30);
const EXCEL_DAY1 = Date.UTC(1899, 11, 31);

/**
 * exceljs builds Dates from the naive Excel serial as if it were UTC, so the UTC fields are the wall-clock
 * fields shown in Excel. "YYYY-MM-DD" at midnight, else "YYYY-MM-DD HH:mm"; a bare time (serial < 1) as "HH:mm".
 */
function formatExcelDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return "";
  const w = new Date(Math.round(ms / 1000) * 1000);
  const time = `${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`;
  if (w.getTime() >= EXCEL_DAY0 && w.getTime() < EXCEL_DAY1) return time;
  const date = `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())}`;
  const midnight = w.getUTCHours() === 0 && w.getUTCMinutes() === 0 && w.getUTCSeconds() === 0;
  return midnight ? date : `${date} ${time}`;
}

/** Same rule exceljs uses: after removing [..] and "..", any of y m d h s b means a date/time format. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(f);
}

function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** Any exceljs cell value → trimmed display string. */
function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") {
    // formula results keep the raw serial even in date-formatted cells
    return isDateFormat(numFmt) ? formatExcelDate(excelSerialToDate(value)) : formatPlainNumber(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return formatExcelDate(value);
  if (isRecord(value)) {
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((run: unknown) => (isRecord(run) && typeof run.text === "string" ? run.text : ""))
        .join("")
        .trim();
    }
    if ("error" in value) return "";
    if ("result" in value) return cellText(value.result, numFmt);
    if ("formula" in value || "sharedFormula" in value) return "";
    if ("text" in value) return cellText(value.text, numFmt); // hyperlink
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Rows → headers and records (shared by XLSX and CSV)

class SheetBuilder {
  private pending: { line: number; cells: string[] } | null = null;
  private columns: { index: number; name: string }[] | null = null;
  private headerWidth = 0;
  readonly headers: string[] = [];
  readonly rows: ParsedRow[] = [];

  constructor(
    private readonly maxRows: number,
    private readonly onProgress: ((n: number) => void) | undefined,
    private readonly strictWidth: boolean,
  ) {}

  add(line: number, cells: string[]): void {
    if (!cells.some((c) => c !== "")) return;
    if (!this.columns) {
      if (!this.pending) {
        this.pending = { line, cells };
        return;
      }
      const first = this.pending;
      this.pending = null;
      // a lone title cell above the real header ("XX台账", merged across the columns)
      if (countFilled(first.cells) === 1 && countFilled(cells) >= 2) {
        this.setHeader(cells);
        return;
      }
      this.setHeader(first.cells);
    }
    this.addData(line, cells);
  }

  finish(): { headers: string[]; rows: ParsedRow[] } {
    if (this.pending) {
      this.setHeader(this.pending.cells);
      this.pending = null;
    }
    if (this.rows.length === 0) throw new SpreadsheetError(MSG.noData);
    this.onProgress?.(this.rows.length);
    return { headers: this.headers, rows: this.rows };
  }

  private setHeader(cells: string[]): void {
    const columns: { index: number; name: string }[] = [];
    const seen = new Set<string>();
    const dup: string[] = [];
    cells.forEach((c, index) => {
      const name = normalizeHeader(c);
      if (!name) return;
      if (seen.has(name)) {
        if (!dup.includes(name)) dup.push(name);
      } else seen.add(name);
      columns.push({ index, name });
    });
    if (dup.length) throw new SpreadsheetError(`表头重复：${dup.join("、")}`);
    this.columns = columns;
    this.headerWidth = cells.length;
    this.headers.push(...columns.map((c) => c.name));
  }

  private addData(line: number, cells: string[]): void {
    if (this.strictWidth) {
      for (let i = this.headerWidth; i < cells.length; i++) {
        if (cells[i] !== "") throw new SpreadsheetError(`第 ${line} 行的列数多于表头`);
      }
    }
    if (this.rows.length >= this.maxRows) throw new SpreadsheetError(`数据行超过上限 ${this.maxRows} 行`);
    const values = Object.fromEntries(this.columns!.map((c) => [c.name, cells[c.index] ?? ""]));
    this.rows.push({ line, values });
    if (this.rows.length % PROGRESS_EVERY === 0) this.onProgress?.(this.rows.length);
  }
}

function countFilled(cells: string[]): number {
  let n = 0;
  for (const c of cells) if (c !== "") n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// XLSX

async function parseXlsx(buf: Buffer, ext: string, maxRows: number, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  const zip = readZipDirectory(buf);
  if (!zip) throw new SpreadsheetError(MSG.badXlsx);
  if (!zip.has("xl/workbook.xml")) {
    throw new SpreadsheetError(zip.has("content.xml") || ext === ".ods" ? MSG.ods : MSG.badXlsx);
  }
  for (const e of zip.values()) if (e.flags & 1) throw new SpreadsheetError(MSG.zipEncrypted);

  try {
    const streamed = await parseXlsxStreaming(buf, zip, maxRows, onProgress);
    if (streamed) return streamed;
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e;
    // unexpected shape the streaming reader cannot handle: try the full in-memory reader below
  }
  try {
    return await parseXlsxInMemory(buf, maxRows, onProgress);
  } catch (e) {
    if (e instanceof SpreadsheetError) throw e;
    throw new SpreadsheetError(MSG.unreadableXlsx);
  }
}

// --- minimal ZIP central-directory reader ---------------------------------------------------------
// Reading the directory ourselves lets us parse the parts in the order we need (workbook, styles,
// shared strings, then only the first sheet) whatever order the writer stored them in.

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const U32 = 0xffffffff;

function readZipDirectory(buf: Buffer): Map<string, ZipEntry> | null {
  // end of central directory: 22 bytes + comment (≤ 65535)
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((offset === U32 || count === 0xffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) return null;
    count = Number(buf.readBigUInt64LE(z64 + 32));
    offset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    // zip64 extra field: the 0xFFFFFFFF fields, in order
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = buf.readUInt16LE(x);
      const size = buf.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === U32) q += 8;
        if (compressedSize === U32) {
          compressedSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === U32) localOffset = Number(buf.readBigUInt64LE(q));
      }
      x += 4 + size;
    }
    const key = name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();
    entries.set(key, { name, flags, method, compressedSize, localOffset });
    p = xEnd + commentLen;
  }
  return entries;
}

function entryBytes(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new SpreadsheetError(MSG.unreadableXlsx);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new SpreadsheetError(MSG.unreadableXlsx);
  return buf.subarray(start, end);
}

/** The entry's text as a stream of UTF-8-decoded strings (multi-byte characters never split). */
function openEntry(buf: Buffer, e: ZipEntry): Readable {
  const raw = entryBytes(buf, e);
  const slices = function* () {
    for (let i = 0; i < raw.length; i += 65536) yield raw.subarray(i, i + 65536);
  };
  let out: Readable;
  if (e.method === 0) out = Readable.from(slices(), { objectMode: false });
  else if (e.method === 8) out = Readable.from(slices(), { objectMode: false }).pipe(zlib.createInflateRaw());
  else throw new SpreadsheetError(MSG.unreadableXlsx);
  out.setEncoding("utf8");
  return out;
}

/** An XML part, normalised for exceljs's streaming part parsers (see xmlText). */
function openXml(buf: Buffer, e: ZipEntry, worksheet = false): Readable {
  return Readable.from(xmlText(openEntry(buf, e), worksheet));
}

const ROW_OR_CELL = /<(row|c)(?=[\s/>])([^>]*)>/g;
const R_ATTR = /(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d+)["']/;

function columnLetters(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * Text fixes applied on the fly, cut at safe points (never inside a tag or an entity):
 * - namespace-prefixed documents (<x:worksheet>, written by the .NET Open XML SDK) lose their prefixes,
 *   since exceljs matches bare element names;
 * - worksheets: exceljs's streaming WorksheetReader XML-decodes inline/str cell text a second time (after the
 *   SAX parser already did), turning a literal "&lt;" into "<"; escaping "&amp;" once more cancels that out;
 * - worksheets: rows and cells may omit their optional r="…" reference, which the reader needs.
 */
async function* xmlText(stream: Readable, worksheet: boolean): AsyncGenerator<string> {
  let carry = "";
  let stripPrefixes: boolean | null = null;
  let row = 0;
  let col = 0;
  // writers are consistent: once the first 200 rows/cells all carried r="…", stop checking (saves ~15%)
  let checkRefs = worksheet;
  let seen = 0;
  let missing = 0;
  const fixCells = (s: string) =>
    s.replace(ROW_OR_CELL, (tag: string, name: string, attrs: string) => {
      const m = R_ATTR.exec(attrs);
      if (!m) missing++;
      if (++seen >= 200 && missing === 0) checkRefs = false;
      if (name === "row") {
        row = m ? Number(m[2]) : row + 1;
        col = 0;
        if (m) return tag;
      } else {
        if (m) {
          col = columnNumber(m[1]);
          return tag;
        }
        col++;
      }
      const selfClosing = attrs.endsWith("/");
      const ref = name === "row" ? String(row) : `${columnLetters(col)}${row}`;
      return `<${name}${selfClosing ? attrs.slice(0, -1) : attrs} r="${ref}"${selfClosing ? "/" : ""}>`;
    });
  const fix = (s: string): string => {
    if (stripPrefixes === null) {
      const root = /<([A-Za-z_][\w.:-]*)(?=[\s/>])/.exec(s.replace(/<[?!][^>]*>/g, ""));
      if (!root) return s;
      stripPrefixes = root[1].includes(":");
    }
    let t = stripPrefixes ? s.replace(/<(\/?)[A-Za-z_][\w.-]*:/g, "<$1") : s;
    if (worksheet) t = t.replaceAll("&amp;", "&amp;amp;");
    if (checkRefs) t = fixCells(t);
    return t;
  };
  for await (const chunk of stream) {
    const s = carry + String(chunk);
    let cut = s.length;
    const lt = s.lastIndexOf("<");
    if (lt !== -1 && s.indexOf(">", lt) === -1) cut = lt;
    const amp = s.lastIndexOf("&", cut - 1);
    if (amp !== -1 && amp > cut - 5) cut = amp;
    // the root element must be seen whole before deciding about prefixes
    if (stripPrefixes === null && !/<[A-Za-z_]/.test(s.slice(0, cut).replace(/<[?!][^>]*>/g, ""))) cut = 0;
    carry = s.slice(cut);
    if (cut > 0) yield fix(s.slice(0, cut));
  }
  if (carry) yield fix(carry);
}

// --- streaming path: exceljs WorkbookReader's part parsers, fed in a known order ---------------------

interface StreamingCell {
  value: unknown;
  numFmt?: string;
}
interface StreamingRow {
  number: number;
  eachCell(cb: (cell: StreamingCell, col: number) => void): void;
}
interface StreamingWorkbookInternals {
  workbookRels?: { Id?: string; Type?: string; Target?: string }[];
  model?: { sheets?: { rId?: string; state?: string; name?: string }[] };
  sharedStrings?: unknown[];
  styles?: { index?: { numFmt?: Record<number, string | undefined> } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<{ eventType: string; value: unknown }>;
}

function hasStreamingInternals(r: unknown): r is StreamingWorkbookInternals {
  if (!isRecord(r)) return false;
  return ["_parseRels", "_parseWorkbook", "_parseStyles", "_parseSharedStrings", "_parseWorksheet"].every((m) => typeof r[m] === "function");
}

function isStreamingRowSource(v: unknown): v is AsyncIterable<StreamingRow> {
  return isRecord(v) && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}

/**
 * Built-in number formats 27–36 and 50–58 are locale dependent (Chinese dates such as 2024年3月5日 in
 * Excel and WPS); exceljs leaves them undefined, so their dates would come out as serial numbers.
 */
const CJK_DATE_FORMAT_IDS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

function sheetPath(target: string): string {
  const t = target.replace(/\\/g, "/");
  const p = t.startsWith("/") ? t.slice(1) : posix.join("xl", t);
  return posix.normalize(p).toLowerCase();
}

async function parseXlsxStreaming(
  buf: Buffer,
  zip: Map<string, ZipEntry>,
  maxRows: number,
  onProgress?: (n: number) => void,
): Promise<ParsedSheet | null> {
  const reader: unknown = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "ignore",
  });
  if (!hasStreamingInternals(reader)) return null;

  const relsEntry = zip.get("xl/_rels/workbook.xml.rels");
  if (relsEntry) await reader._parseRels(openXml(buf, relsEntry));
  await reader._parseWorkbook(openXml(buf, zip.get("xl/workbook.xml")!));
  const stylesEntry = zip.get("xl/styles.xml");
  if (stylesEntry) await reader._parseStyles(openXml(buf, stylesEntry));
  const numFmts = reader.styles?.index?.numFmt;
  if (numFmts && typeof numFmts === "object") {
    for (const id of CJK_DATE_FORMAT_IDS) numFmts[id] ??= "yyyy-mm-dd";
  }
  const ssEntry = zip.get("xl/sharedstrings.xml");
  if (ssEntry) {
    for await (const _ of reader._parseSharedStrings(openXml(buf, ssEntry))) {
      // cache mode: strings are collected on the reader
    }
  }

  // first visible sheet in workbook order
  const sheets = reader.model?.sheets ?? [];
  const rels = reader.workbookRels ?? [];
  let entry: ZipEntry | undefined;
  for (const visibleOnly of [true, false]) {
    for (const s of sheets) {
      if (visibleOnly && s.state && s.state !== "visible") continue;
      // skip chart sheets and the like
      const target = rels.find((r) => r.Id === s.rId && (!r.Type || r.Type.endsWith("/worksheet")))?.Target;
      const found = target ? zip.get(sheetPath(target)) : undefined;
      if (found) {
        entry = found;
        break;
      }
    }
    if (entry) break;
  }
  if (!entry) {
    if (sheets.length === 0) throw new SpreadsheetError(MSG.noSheet);
    return null;
  }

  let source: unknown = null;
  for (const ev of reader._parseWorksheet(xmlText(openEntry(buf, entry), true), "1")) {
    if (ev.eventType === "worksheet") source = ev.value;
  }
  if (!isStreamingRowSource(source)) return null;

  const builder = new SheetBuilder(maxRows, onProgress, false);
  let lastLine = 0;
  for await (const row of source) {
    const line = Number.isFinite(row.number) && row.number > 0 ? row.number : lastLine + 1;
    lastLine = line;
    const cells: string[] = [];
    row.eachCell((cell, col) => {
      cells[col - 1] = cellText(cell.value, cell.numFmt);
    });
    builder.add(line, Array.from(cells, (c) => c ?? ""));
  }
  const { headers, rows } = builder.finish();
  return { format: "xlsx", headers, rows };
}

// --- fallback: exceljs full in-memory reader ---------------------------------------------------

async function parseXlsxInMemory(buf: Buffer, maxRows: number, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets.find((s) => s.state === "visible" || !s.state) ?? wb.worksheets[0];
  if (!ws) throw new SpreadsheetError(MSG.noSheet);
  const builder = new SheetBuilder(maxRows, onProgress, false);
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // a merged range's value lives in its top-left cell only (as in the streaming reader)
      if (cell.isMerged && cell.master !== cell) return;
      cells[col - 1] = cellText(cell.value, cell.numFmt);
    });
    builder.add(rowNumber, Array.from(cells, (c) => c ?? ""));
  });
  const { headers, rows } = builder.finish();
  return { format: "xlsx", headers, rows };
}

// ---------------------------------------------------------------------------------------------
// CSV

function decodeText(buf: Buffer, ext: string): { text: string; encoding: "utf-8" | "gbk" } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder("utf-8").decode(buf), encoding: "utf-8" };
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) throw new SpreadsheetError(MSG.utf16);
  const head = buf.subarray(0, 65536);
  if (head.includes(0)) throw new SpreadsheetError(ext === ".xlsx" ? MSG.badXlsx : MSG.unknownFormat);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    const text = iconv.decode(buf, "gb18030");
    if (text.includes("\ufffd")) throw new SpreadsheetError(ext === ".xlsx" ? MSG.badXlsx : MSG.unknownEncoding);
    return { text, encoding: "gbk" };
  }
}

/** Our CSV export prefixes "'" to text starting with = + - @ tab CR (formula injection); undo that on import. */
function unprotect(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1).trim() : cell;
}

async function parseCsv(buf: Buffer, ext: string, maxRows: number, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  const { text, encoding } = decodeText(buf, ext);
  if (/^\s*</.test(text.slice(0, 1024))) throw new SpreadsheetError(MSG.html);

  const builder = new SheetBuilder(maxRows, onProgress, true);
  let record = 0;
  let failure: unknown = null;
  // Guess the delimiter on a sample with blank lines skipped (they would spoil the guess) ...
  const guess = Papa.parse<string[]>(text.slice(0, 65536), {
    header: false,
    preview: 20,
    skipEmptyLines: "greedy",
    delimitersToGuess: [",", "\t", ";", "|"],
  });
  const delimiter = guess.meta.delimiter || ",";
  // ... then skip empty records by hand (same effect as skipEmptyLines: "greedy") so that record numbers
  // still count them, i.e. line = the row number Excel shows when it opens the file.
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter,
    step: (result, parser) => {
      record++;
      try {
        const missingQuote = result.errors.find((e) => e.code === "MissingQuotes");
        if (missingQuote) throw new SpreadsheetError(`第 ${record} 行的引号不成对，请检查该行`);
        builder.add(
          record,
          result.data.map((c) => unprotect(String(c).trim())),
        );
      } catch (e) {
        failure = e;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  const { headers, rows } = builder.finish();
  return { format: "csv", encoding, headers, rows };
}
