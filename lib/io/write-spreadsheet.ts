// Streaming spreadsheet export: XLSX (exceljs streaming writer) and CSV (UTF-8 with BOM).
// No "server-only": also used by scripts and tests. Dates are rendered as Asia/Shanghai wall-clock time.
import { PassThrough, Readable, type Stream } from "node:stream";
import ExcelJS from "exceljs";
import { TZ } from "@/lib/format";
import { formatPlainNumber } from "@/lib/io/parse-spreadsheet";
import { shanghaiWallClock } from "@/lib/time";

/** A number with its own format: the exact value in XLSX (shown with numFmt), `text` in CSV (lib/format.ts kpiCell). */
export interface FormattedNumber {
  num: number;
  numFmt: string;
  text: string;
}

export type CellValue = string | number | boolean | Date | FormattedNumber | null | undefined;

export interface SheetColumn {
  header: string;
  key?: string;
  /** characters */
  width?: number;
  type?: "text" | "number" | "integer" | "percent" | "date" | "datetime";
}

export interface SheetSpec {
  name: string;
  columns: SheetColumn[];
  rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>;
  /** the data rows already rendered as sheet XML (`<row>`s, in chunks; lib/ledgers/export.ts): written after the
   * header instead of `rows` — lib/io/xlsx-stream.ts only */
  xmlRows?: AsyncIterable<Uint8Array>;
  /** default true */
  freezeHeader?: boolean;
  /** optional first row, merged, bold, above the header */
  title?: string;
}

export const DATE_FMT = "yyyy-mm-dd";
export const DATETIME_FMT = "yyyy-mm-dd hh:mm";
const PERCENT_FMT = "0.0%";
const INTEGER_FMT = "0";
const TEXT_FMT = "@";
/** Excel refuses cells longer than this. */
const MAX_CELL_CHARS = 32767;
export const HEADER_FILL = "FFEFEFEF";
/** yield to the event loop (and honour the consumer's back-pressure) every this many rows */
const YIELD_EVERY = 500;

// ---------------------------------------------------------------------------------------------
// Time zone: Excel and CSV have no zones, so instants are written as Beijing wall-clock time.

/** China has not observed DST since 1991; before that, ask Intl. */
export const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);
const partsFmt = new Intl.DateTimeFormat("en-US", {
  timeZone: TZ,
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
});

/** A Date whose UTC fields are the Beijing wall-clock fields of `d`. */
export function toShanghaiWallClock(d: Date): Date {
  const t = d.getTime();
  if (t >= FIXED_OFFSET_SINCE) return shanghaiWallClock(d);
  const p: Record<string, number> = {};
  for (const part of partsFmt.formatToParts(d)) if (part.type !== "literal") p[part.type] = Number(part.value);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second, d.getUTCMilliseconds()));
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function wallDate(w: Date): string {
  return `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())}`;
}

function wallDateTime(w: Date): string {
  return `${wallDate(w)} ${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`;
}

export function isWallMidnight(w: Date): boolean {
  return w.getUTCHours() === 0 && w.getUTCMinutes() === 0 && w.getUTCSeconds() === 0 && w.getUTCMilliseconds() === 0;
}

export function isValidDate(d: Date): boolean {
  return !Number.isNaN(d.getTime());
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** CSV/XLSX formula-injection: text starting with these is neutralised in CSV. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Strings that are not well-formed UTF-16 or too long would corrupt the workbook. */
export function cleanText(s: string): string {
  const w = s.toWellFormed();
  return w.length > MAX_CELL_CHARS ? w.slice(0, MAX_CELL_CHARS) : w;
}

/** Display width in "characters": CJK / full-width characters count double. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

const MIN_WIDTH: Record<NonNullable<SheetColumn["type"]>, number> = {
  text: 10,
  number: 10,
  integer: 8,
  percent: 8,
  date: 12,
  datetime: 17,
};

export function columnWidth(col: SheetColumn): number {
  if (col.width !== undefined && Number.isFinite(col.width) && col.width > 0) return col.width;
  const fromHeader = displayWidth(col.header) + 2;
  return Math.min(50, Math.max(MIN_WIDTH[col.type ?? "text"], fromHeader));
}

export function columnNumFmt(type: SheetColumn["type"]): string | undefined {
  switch (type) {
    case "date":
      return DATE_FMT;
    case "datetime":
      return DATETIME_FMT;
    case "percent":
      return PERCENT_FMT;
    case "integer":
      return INTEGER_FMT;
    case "text":
      return TEXT_FMT;
    default:
      return undefined;
  }
}

async function* toAsync<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* rows;
}

// Excel sheet names: at most 31 characters, none of : \ / ? * [ ], not blank, not "History", unique (case-insensitive).
export function sheetName(raw: string, used: Set<string>, index: number): string {
  let name = raw
    .replace(/[:\\/?*[\]]/g, "_")
    .replace(/^'+|'+$/g, "")
    .trim();
  if (!name) name = `Sheet${index + 1}`;
  if (name.toLowerCase() === "history") name = `${name}_`;
  name = Array.from(name).slice(0, 31).join("");
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = `(${n})`;
    candidate = Array.from(name).slice(0, 31 - suffix.length).join("") + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// XLSX

interface XlsxCell {
  value: string | number | boolean | Date | null;
  /** per-cell number format, only where the column's format does not fit the value */
  numFmt?: string;
}

function xlsxCell(v: CellValue, type: SheetColumn["type"]): XlsxCell {
  if (v === null || v === undefined) return { value: null };
  if (typeof v === "number") return { value: Number.isFinite(v) ? v : null };
  if (typeof v === "boolean") return { value: v };
  if (typeof v === "object" && !(v instanceof Date)) return Number.isFinite(v.num) ? { value: v.num, numFmt: v.numFmt } : { value: null };
  if (v instanceof Date) {
    if (!isValidDate(v)) return { value: null };
    const w = toShanghaiWallClock(v);
    if (type === "date") return { value: new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate())) };
    if (type === "datetime") return { value: w };
    return { value: w, numFmt: isWallMidnight(w) ? DATE_FMT : DATETIME_FMT };
  }
  // A plain string is always written as a string cell (t="str"), never a formula, so "=1+1" stays text.
  return { value: cleanText(String(v)) };
}

function isNodeWritable(s: NodeJS.WritableStream): s is NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean } {
  return typeof s === "object" && s !== null;
}

/**
 * Streams an XLSX workbook (one or more sheets) into `out` without holding all rows in memory.
 * Resolves when `out` has finished; returns the number of data rows written per sheet.
 * `onRow` receives the running total of data rows written (all sheets).
 * On failure the promise rejects and `out` is left unfinished: destroy it.
 */
export async function writeXlsx(
  out: NodeJS.WritableStream,
  sheets: SheetSpec[],
  opts: { creator?: string; onRow?: (n: number) => void } = {},
): Promise<number[]> {
  // stop promptly if the consumer goes away (client disconnect) instead of waiting forever
  let outFailure: Error | null = null;
  let rejectClosed: (e: Error) => void = () => {};
  const closed = new Promise<never>((_, reject) => (rejectClosed = reject));
  closed.catch(() => {});
  let finished = false;
  const onError = (e: unknown) => {
    outFailure = e instanceof Error ? e : new Error(String(e));
    rejectClosed(outFailure);
  };
  const onClose = () => {
    if (!finished && !outFailure) onError(new Error("输出流已关闭，导出中止"));
  };
  const onFinish = () => {
    finished = true;
  };
  out.on("error", onError);
  out.on("close", onClose);
  out.on("finish", onFinish);

  const waitForConsumer = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (outFailure) throw outFailure;
    if (isNodeWritable(out) && out.writableNeedDrain) {
      await Promise.race([new Promise<void>((resolve) => out.once("drain", () => resolve())), closed]);
    }
  };

  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useStyles: true, useSharedStrings: false });
    wb.creator = opts.creator ?? "平安甘肃";
    wb.lastModifiedBy = wb.creator;
    wb.created = new Date();
    wb.modified = wb.created;

    const counts: number[] = [];
    const usedNames = new Set<string>();
    let total = 0;

    for (const [index, spec] of sheets.entries()) {
      const cols = spec.columns;
      const headerRowNo = spec.title ? 2 : 1;
      const freeze = spec.freezeHeader ?? true;
      const ws = wb.addWorksheet(sheetName(spec.name, usedNames, index), {
        views: freeze ? [{ state: "frozen", xSplit: 0, ySplit: headerRowNo, topLeftCell: `A${headerRowNo + 1}`, activeCell: `A${headerRowNo + 1}` }] : [],
      });
      ws.columns = cols.map((c) => {
        const numFmt = columnNumFmt(c.type);
        return { key: c.key, width: columnWidth(c), style: numFmt ? { numFmt } : {} };
      });

      if (spec.title) {
        const row = ws.addRow([cleanText(spec.title)]);
        row.height = 24;
        const cell = row.getCell(1);
        cell.font = { bold: true, size: 14 };
        cell.alignment = { horizontal: "center", vertical: "middle" };
        cell.numFmt = "General";
        if (cols.length > 1) ws.mergeCells(1, 1, 1, cols.length);
        row.commit();
      }

      const header = ws.addRow(cols.map((c) => cleanText(c.header)));
      header.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
        cell.alignment = { vertical: "middle" };
        cell.numFmt = "General";
      });
      header.commit();

      // One style object per column and per number format, shared by every cell: exceljs caches a style's id by
      // the object's identity, so a fresh object per cell (its default) re-serialises the style for every cell —
      // a quarter of the time of a 100,000-row export.
      const colStyles = cols.map((c) => {
        const numFmt = columnNumFmt(c.type);
        return numFmt ? { numFmt } : {};
      });
      const fmtStyles = new Map<string, { numFmt: string }>();
      const fmtStyle = (numFmt: string) => {
        let st = fmtStyles.get(numFmt);
        if (!st) fmtStyles.set(numFmt, (st = { numFmt }));
        return st;
      };
      let n = 0;
      for await (const values of toAsync(spec.rows)) {
        if (outFailure) throw outFailure;
        const cells = cols.map((c, i) => xlsxCell(values[i], c.type));
        const row = ws.addRow(cells.map((c) => c.value));
        for (let i = 0; i < cells.length; i++) row.getCell(i + 1).style = cells[i].numFmt ? fmtStyle(cells[i].numFmt!) : colStyles[i];
        row.commit();
        n++;
        total++;
        opts.onRow?.(total);
        if (n % YIELD_EVERY === 0) await waitForConsumer();
      }
      ws.commit();
      counts.push(n);
    }

    await Promise.race([wb.commit(), closed]);
    return counts;
  } finally {
    out.removeListener("error", onError);
    out.removeListener("close", onClose);
    out.removeListener("finish", onFinish);
  }
}

/** A web ReadableStream of an XLSX workbook, for a Route Handler `Response`. Errors abort the stream. */
export function xlsxWebStream(sheets: SheetSpec[], opts: { creator?: string } = {}): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writeXlsx(pass, sheets, opts).catch((e: unknown) => {
    pass.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return Readable.toWeb(pass) as unknown as ReadableStream<Uint8Array>;
}

// ---------------------------------------------------------------------------------------------
// CSV

const BOM = "\uFEFF";
const CRLF = "\r\n";
const CSV_CHUNK_ROWS = 1000;

export function csvField(v: CellValue, type: SheetColumn["type"]): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? formatPlainNumber(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "object" && !(v instanceof Date)) return v.text;
  if (v instanceof Date) {
    if (!isValidDate(v)) return "";
    const w = toShanghaiWallClock(v);
    if (type === "date") return wallDate(w);
    if (type === "datetime") return wallDateTime(w);
    return isWallMidnight(w) ? wallDate(w) : wallDateTime(w);
  }
  return csvText(String(v));
}

const CSV_NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

function csvText(s: string): string {
  let t = s.isWellFormed() ? s : s.toWellFormed();
  if (FORMULA_START.test(t)) t = `'${t}`;
  return CSV_NEEDS_QUOTES.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csvLine(cells: string[]): string {
  return cells.join(",") + CRLF;
}

/** the BOM and the header line of csvReadable, for a body rendered elsewhere (lib/io/export-response.ts) */
export function csvHead(columns: SheetColumn[]): string {
  return BOM + csvLine(columns.map((c) => csvText(c.header)));
}

/** CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting, formula-injection defence) as a Node Readable of bytes. */
export function csvReadable(columns: SheetColumn[], rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    yield Buffer.from(csvHead(columns), "utf8");
    let chunk: string[] = [];
    for await (const values of toAsync(rows)) {
      chunk.push(csvLine(columns.map((c, i) => csvField(values[i], c.type))));
      if (chunk.length >= CSV_CHUNK_ROWS) {
        yield Buffer.from(chunk.join(""), "utf8");
        chunk = [];
      }
    }
    if (chunk.length) yield Buffer.from(chunk.join(""), "utf8");
  }
  return Readable.from(generate(), { objectMode: false });
}

/** A web ReadableStream of the CSV bytes, for a Route Handler `Response`. */
export function csvWebStream(columns: SheetColumn[], rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>): ReadableStream<Uint8Array> {
  return Readable.toWeb(csvReadable(columns, rows)) as unknown as ReadableStream<Uint8Array>;
}
