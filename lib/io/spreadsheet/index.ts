// Spreadsheet import: XLSX (first visible worksheet, streamed) and CSV (UTF-8 / GBK), as trimmed strings keyed by
// header. Every upload is bounded before and while it is read (limits.ts). No "server-only": also used by scripts
// and tests. Messages are Chinese and shown to the user as they are.
//   index.ts          sniffing and the entry point        csv.ts            CSV decoding and parsing
//   xlsx.ts           XLSX via exceljs's part parsers     xml-normalize.ts  text fixes for real-world writers
//   sheet-builder.ts  header detection, row/cell bounds   text.ts           cell values → display strings
//   limits.ts         every bound, with its reason        messages.ts       every user-facing message
import { posix } from "node:path";
import { parseCsv } from "./csv";
import { DEFAULT_MAX_CELLS, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS, XLSX_ZIP_LIMITS } from "./limits";
import { MSG } from "./messages";
import { type ParseOptions, type ParsedSheet, SpreadsheetError } from "./types";
import { startsWith } from "./util";
import { parseXlsx } from "./xlsx";

export { SpreadsheetError, type ParseOptions, type ParsedRow, type ParsedSheet } from "./types";
export { formatPlainNumber, normalizeHeader } from "./text";
export { XLSX_ZIP_LIMITS } from "./limits";

export async function parseSpreadsheet(bytes: Uint8Array, filename: string, opts: ParseOptions = {}): Promise<ParsedSheet> {
  const limits = { maxRows: opts.maxRows ?? DEFAULT_MAX_ROWS, maxCells: opts.maxCells ?? DEFAULT_MAX_CELLS, maxColumns: opts.maxColumns ?? DEFAULT_MAX_COLUMNS };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ext = posix.extname(filename.replace(/\\/g, "/")).toLowerCase();
  if (buf.length === 0) throw new SpreadsheetError(MSG.noData);

  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04]) || startsWith(buf, [0x50, 0x4b, 0x05, 0x06])) {
    return parseXlsx(buf, ext, limits, { ...XLSX_ZIP_LIMITS, ...opts.zipLimits }, opts.onProgress);
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: old .xls/.et, or an encrypted (password-protected) .xlsx
    throw new SpreadsheetError(ext === ".xlsx" ? MSG.encrypted : ext === ".xls" || ext === ".et" ? MSG.xls : MSG.oleOther);
  }
  return parseCsv(buf, ext, limits, opts.onProgress);
}
