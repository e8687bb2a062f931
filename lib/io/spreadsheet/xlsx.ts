// XLSX: the first visible worksheet, streamed. The package is opened through lib/io/zip.ts (bounded: entries,
// uncompressed bytes per part and in total, actual inflated bytes counted), and exceljs's streaming part parsers
// are fed in the order we need (workbook, styles, shared strings, then only the first sheet), whatever order the
// writer stored them in. Nothing but the shared-string table and the result rows is held in memory.
import { posix } from "node:path";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type SafeZip, type ZipEntry, ZipError, type ZipLimits, openZip } from "@/lib/io/zip";
import { MAX_HELD_PART_BYTES, MAX_IN_MEMORY_BYTES, MAX_SHARED_STRINGS_BYTES } from "./limits";
import { MSG } from "./messages";
import { type BuilderLimits, SheetBuilder } from "./sheet-builder";
import { cellText } from "./text";
import { SpreadsheetError, type ParsedSheet } from "./types";
import { isRecord } from "./util";
import { xmlText } from "./xml-normalize";

function fromZipError(e: ZipError): SpreadsheetError {
  if (e.problem === "notZip") return new SpreadsheetError(MSG.badXlsx);
  if (e.problem === "corrupt") return new SpreadsheetError(MSG.unreadableXlsx);
  if (e.problem === "encrypted") return new SpreadsheetError(MSG.zipEncrypted);
  return new SpreadsheetError(e.message);
}

export async function parseXlsx(buf: Buffer, ext: string, limits: BuilderLimits, zipLimits: ZipLimits, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  let zip: SafeZip;
  try {
    zip = await openZip(buf, zipLimits);
  } catch (e) {
    throw e instanceof ZipError ? fromZipError(e) : new SpreadsheetError(MSG.badXlsx);
  }
  try {
    if (!zip.get("xl/workbook.xml")) {
      throw new SpreadsheetError(zip.get("content.xml") || ext === ".ods" ? MSG.ods : MSG.badXlsx);
    }
    try {
      const streamed = await parseXlsxStreaming(zip, limits, onProgress);
      if (streamed) return streamed;
    } catch (e) {
      if (e instanceof SpreadsheetError) throw e;
      if (e instanceof ZipError) throw fromZipError(e);
      // unexpected shape the streaming reader cannot handle: try the full in-memory reader below
    }
    try {
      return await parseXlsxInMemory(buf, zip, limits, onProgress);
    } catch (e) {
      if (e instanceof SpreadsheetError) throw e;
      if (e instanceof ZipError) throw fromZipError(e);
      throw new SpreadsheetError(MSG.unreadableXlsx);
    }
  } finally {
    zip.close();
  }
}

/** An XML part as decoded text, normalised for exceljs's streaming part parsers (see xmlText). */
async function openXml(zip: SafeZip, e: ZipEntry, maxBytes: number, onText?: (s: string) => void): Promise<Readable> {
  return Readable.from(xmlText(await zip.open(e, maxBytes), false, onText));
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

async function parseXlsxStreaming(zip: SafeZip, limits: BuilderLimits, onProgress?: (n: number) => void): Promise<ParsedSheet | null> {
  const reader: unknown = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache",
    worksheets: "emit",
    entries: "ignore",
  });
  if (!hasStreamingInternals(reader)) return null;

  const relsEntry = zip.get("xl/_rels/workbook.xml.rels");
  if (relsEntry) await reader._parseRels(await openXml(zip, relsEntry, MAX_HELD_PART_BYTES));
  await reader._parseWorkbook(await openXml(zip, zip.get("xl/workbook.xml")!, MAX_HELD_PART_BYTES));
  const stylesEntry = zip.get("xl/styles.xml");
  if (stylesEntry) await reader._parseStyles(await openXml(zip, stylesEntry, MAX_HELD_PART_BYTES));
  const numFmts = reader.styles?.index?.numFmt;
  if (numFmts && typeof numFmts === "object") {
    for (const id of CJK_DATE_FORMAT_IDS) numFmts[id] ??= "yyyy-mm-dd";
  }
  const ssEntry = zip.get("xl/sharedstrings.xml");
  if (ssEntry) {
    // every string is cached for the worksheet's look-ups: at most one per cell the sheet may have
    let strings = 0;
    const countStrings = (s: string) => {
      strings += s.match(/<si[\s/>]/g)?.length ?? 0;
      if (strings > limits.maxCells) throw new SpreadsheetError(MSG.tooManySharedStrings(limits.maxCells));
    };
    for await (const _ of reader._parseSharedStrings(await openXml(zip, ssEntry, MAX_SHARED_STRINGS_BYTES, countStrings))) {
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
  for (const ev of reader._parseWorksheet(xmlText(await zip.open(entry), true), "1")) {
    if (ev.eventType === "worksheet") source = ev.value;
  }
  if (!isStreamingRowSource(source)) return null;

  const builder = new SheetBuilder(limits, onProgress, false);
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

// --- fallback: exceljs full in-memory reader, only for small packages ---------------------------------

async function parseXlsxInMemory(buf: Buffer, zip: SafeZip, limits: BuilderLimits, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  // exceljs (JSZip) inflates every part into memory without bounds: only for packages that are small both as
  // declared and as actually inflated (counted here; a part that inflates past its declared size is refused)
  const declared = zip.entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (declared > MAX_IN_MEMORY_BYTES) throw new SpreadsheetError(MSG.unreadableXlsx);
  for (const e of zip.entries) for await (const _ of await zip.open(e, MAX_IN_MEMORY_BYTES)) void _;

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets.find((s) => s.state === "visible" || !s.state) ?? wb.worksheets[0];
  if (!ws) throw new SpreadsheetError(MSG.noSheet);
  const builder = new SheetBuilder(limits, onProgress, false);
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
