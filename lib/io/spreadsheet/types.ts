// Public shapes of the spreadsheet reader (see index.ts).
import type { ZipLimits } from "@/lib/io/zip";

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
  /** non-empty cells read from the sheet, header included; default 4,000,000 */
  maxCells?: number;
  /** named header columns; default 1,000 */
  maxColumns?: number;
  /** XLSX package bounds (entries, uncompressed bytes per entry and in total); defaults in limits.ts */
  zipLimits?: Partial<ZipLimits>;
  /** called every 1000 data rows, and once at the end with the total */
  onProgress?: (rowsRead: number) => void;
}
