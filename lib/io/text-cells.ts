// The spreadsheet writers' cell rendering (lib/io/write-spreadsheet.ts csvField, lib/io/xlsx-stream.ts cellXml) for
// a column as PostgreSQL sends it in text (no parsing into Date/number objects): a large export reads plain columns
// on a connection whose TimeZone is Asia/Shanghai (lib/db/stream-rows.ts streamCopyRows), so an instant arrives as
// its Beijing wall clock ("2025-03-05 09:02:03.456+08", DST-era offsets included) and becomes the CSV's text by
// slicing. The common case (no special character) is one regular-expression test; anything unusual goes through
// the writers' own functions, so the output is byte-identical to theirs (tests/integration/export-render.test.ts).
import pg from "pg";
import { type SheetColumn, csvField } from "./write-spreadsheet";
import { cellXml } from "./xlsx-stream";

const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text") as (s: string) => Date;

/** csvText's rule: quote or prefix only when one of these is there (PostgreSQL text is always well-formed) */
const CSV_SLOW = /[",\r\n]|^[\s=+\-@]|\s$/;
/** a CSV text cell */
export function csvTextCell(s: string | null): string {
  if (s === null) return "";
  return CSV_SLOW.test(s) ? csvField(s, "text") : s;
}

/** xmlText/EDGE_SPACE of cellXml: escaping, removal, preserve, truncation only when one of these is there */
const XML_SLOW = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|^\s|\s$/;
const MAX_CELL_CHARS = 32767;
/** a string cell's `<t>` (cellXml's inline string body) */
export function xmlInline(s: string): string {
  if (!XML_SLOW.test(s) && s.length <= MAX_CELL_CHARS) return `<t>${s}</t>`;
  const c = cellXml("A1", s, "text", 0);
  return c.slice(c.indexOf("<is>") + 4, c.lastIndexOf("</is>"));
}

const DAY = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** "YYYY-MM-DD" → ms of its UTC midnight since the Excel epoch (cached: the same days come again and again) */
const dayCache = new Map<string, number>();
function dayMs(ymd: string): number {
  let v = dayCache.get(ymd);
  if (v === undefined) {
    v = Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10)) - EXCEL_EPOCH;
    if (dayCache.size > 50_000) dayCache.clear();
    dayCache.set(ymd, v);
  }
  return v;
}

const isYmd = (s: string) => s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(0) !== 48;
/** a Beijing wall-clock timestamptz text of the ordinary shape (4-digit year from 1000, not BC) */
const isStamp = (s: string) => s.length >= 22 && isYmd(s) && s.charCodeAt(10) === 32 && s.charCodeAt(13) === 58 && !s.endsWith("BC");

/** a `date` column as the CSV writer writes the app's Date of it */
export function csvDate(s: string | null): string {
  if (s === null) return "";
  return isYmd(s) && s.length === 10 ? s : csvField(new Date(`${s}T00:00:00Z`), "date");
}

/** a timestamptz column (Beijing text) as the CSV writer writes it: YYYY-MM-DD HH:MM of the wall clock */
export function csvDateTime(s: string | null): string {
  if (s === null) return "";
  return isStamp(s) ? s.slice(0, 16) : csvField(parseTimestamptz(s), "datetime");
}

/** the Excel serial of a `date` column's text */
export function serialDate(s: string): string {
  return isYmd(s) && s.length === 10 ? String(dayMs(s) / DAY) : cellValue(cellXml("A1", new Date(`${s}T00:00:00Z`), "date", 0));
}

/** the Excel serial of a timestamptz (Beijing text): its wall clock, milliseconds as JavaScript's Date has them */
export function serialDateTime(s: string): string {
  if (!isStamp(s)) return cellValue(cellXml("A1", parseTimestamptz(s), "datetime", 0));
  let ms = 0;
  if (s.charCodeAt(19) === 46) {
    // ".f" to ".ffffff": the first three digits (JavaScript keeps milliseconds, truncated)
    let k = 20;
    for (let m = 100; m >= 1 && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57; m /= 10, k++) ms += (s.charCodeAt(k) - 48) * m;
  }
  const t = ((+s.slice(11, 13) * 60 + +s.slice(14, 16)) * 60 + +s.slice(17, 19)) * 1000 + ms;
  return String((dayMs(s.slice(0, 10)) + t) / DAY);
}

const cellValue = (c: string) => c.slice(c.indexOf("<v>") + 3, c.indexOf("</v>"));

/** an integer column's text as the writers print the number */
export function intText(s: string): string {
  return s.length < 16 ? s : String(Number(s));
}

export type ColumnType = NonNullable<SheetColumn["type"]>;
