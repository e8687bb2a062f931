// The spreadsheet writers' cells (lib/io/write-spreadsheet.ts csvField, lib/io/xlsx-stream.ts cellXml) written as
// bytes, straight from the values of a binary COPY (lib/db/stream-rows.ts streamCopyBinary) into an output Buffer:
// no JS string per cell in the common case. Text is copied byte by byte while a table says whether any byte needs the
// writers' rules (quotes, formula prefix, XML escapes, edge white space); if one does, that one cell goes through the
// writers' own functions (csvTextCell / xmlInline), so the output stays byte-identical to theirs
// (tests/integration/export-render.test.ts, tests/unit/byte-cells.test.ts). Instants are int64 µs since 2000-01-01
// UTC; Beijing time is UTC+8 from 1992 on (the writers' own rule, toShanghaiWallClock), earlier instants (DST
// 1986–1991, LMT before 1901) go through the writers.
import { dateOfDays, msOfMicros } from "@/lib/db/stream-rows";
import { csvTextCell, xmlInline } from "./text-cells";
import { shanghaiWallClock } from "@/lib/time";
import { FIXED_OFFSET_SINCE, type SheetColumn, csvField } from "./write-spreadsheet";
import { cellXml } from "./xlsx-stream";

const DAY = 86_400_000;
/** Beijing's offset from UTC, from lib/time.ts (the one place that defines it) */
const BEIJING_MS = shanghaiWallClock(new Date(0)).getTime();
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
/** days from 1970-01-01 to 2000-01-01 */
const PG_EPOCH_DAYS = 10_957;
/** days of 1000-01-01 and 9999-12-31 since 1970 (4-digit years: the writers' text is the ISO one) */
const MIN_DAY = Math.floor(Date.UTC(1000, 0, 1) / DAY);
const MAX_DAY = Math.floor(Date.UTC(9999, 11, 31) / DAY);

/** An output Buffer filled from the front; `cut()` hands out what was written since the last cut. */
export class ByteSink {
  buf: Buffer;
  pos = 0;
  private mark = 0;
  constructor(private readonly slab = 512 << 10) {
    this.buf = Buffer.allocUnsafe(slab);
  }
  /** room for `n` more bytes (a new slab keeps the bytes since the last cut) */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const keep = this.pos - this.mark;
    const next = Buffer.allocUnsafe(Math.max(this.slab, (keep + n) * 2));
    this.buf.copy(next, 0, this.mark, this.pos);
    this.buf = next;
    this.mark = 0;
    this.pos = keep;
  }
  get pending(): number {
    return this.pos - this.mark;
  }
  /** the bytes since the last cut (a view of the slab: the slab is never written again before it) */
  cut(): Buffer {
    const out = this.buf.subarray(this.mark, this.pos);
    // the rest of a nearly full slab is left: the next row starts a new one
    if (this.buf.length - this.pos < 64 << 10) {
      this.buf = Buffer.allocUnsafe(this.slab);
      this.pos = 0;
    }
    this.mark = this.pos;
    return out;
  }
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }
  bytes(src: Uint8Array): void {
    const n = src.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = src[i];
    this.pos = p;
  }
  /** `head`, the first `n` bytes of `mid`, `tail` (a cell's opening: `<c r="` + column + row number + style) */
  open(head: Uint8Array, mid: Uint8Array, n: number, tail: Uint8Array): void {
    this.room(head.length + n + tail.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < head.length; i++) b[p++] = head[i];
    for (let i = 0; i < n; i++) b[p++] = mid[i];
    for (let i = 0; i < tail.length; i++) b[p++] = tail[i];
    this.pos = p;
  }
  /** a non-negative integer's digits */
  uint(v: number): void {
    if (v < 10) {
      this.room(1);
      this.buf[this.pos++] = 48 + v;
      return;
    }
    this.ascii(String(v));
  }
}

// ── white space as JavaScript's \s sees it ────────────────────────────────────────────────────────────────
function isSpaceCp(cp: number): boolean {
  return (
    (cp >= 9 && cp <= 13) ||
    cp === 32 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}
/** the code point of the UTF-8 sequence at `i` (PostgreSQL's text is valid UTF-8) */
function cpAt(d: Uint8Array, i: number): number {
  const b = d[i];
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (d[i + 1] & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((d[i + 1] & 0x3f) << 6) | (d[i + 2] & 0x3f);
  return ((b & 0x07) << 18) | ((d[i + 1] & 0x3f) << 12) | ((d[i + 2] & 0x3f) << 6) | (d[i + 3] & 0x3f);
}
/** the lead bytes of every white-space code point beyond ASCII (U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF) */
const SPACE_LEAD = new Uint8Array(256);
for (const b of [0xc2, 0xe1, 0xe2, 0xe3, 0xef]) SPACE_LEAD[b] = 1;
for (const b of [9, 10, 11, 12, 13, 32]) SPACE_LEAD[b] = 1;
const startsWithSpace = (d: Uint8Array, o: number) => SPACE_LEAD[d[o]] === 1 && isSpaceCp(cpAt(d, o));
function endsWithSpace(d: Uint8Array, o: number, end: number): boolean {
  let i = end - 1;
  const last = d[i];
  if (last < 0x80) return SPACE_LEAD[last] === 1;
  while (i > o && (d[i] & 0xc0) === 0x80) i--;
  return SPACE_LEAD[d[i]] === 1 && isSpaceCp(cpAt(d, i));
}

// ── CSV ──────────────────────────────────────────────────────────────────────────────────────────────────
/** bytes anywhere in a text that make the writer quote it: " , CR LF */
const CSV_QUOTE = new Uint8Array(256);
for (const c of '",\r\n') CSV_QUOTE[c.charCodeAt(0)] = 1;
/** first bytes of a formula the writer neutralises with a leading ' (TAB and CR are white space as well) */
const CSV_FORMULA = new Uint8Array(256);
for (const c of "=+-@") CSV_FORMULA[c.charCodeAt(0)] = 1;

/** a text value (bytes [o, o+len)) as the CSV writer writes the string */
export function csvTextBytes(out: ByteSink, d: Buffer, o: number, len: number): void {
  if (len <= 0) return;
  const end = o + len;
  if (CSV_FORMULA[d[o]] === 1 || startsWithSpace(d, o) || endsWithSpace(d, o, end)) return out.utf8(csvTextCell(d.toString("utf8", o, end)));
  // a read-only scan, then one native copy (faster than copying byte by byte from ~16 bytes on)
  for (let i = o; i < end; i++) if (CSV_QUOTE[d[i]] === 1) return out.utf8(csvTextCell(d.toString("utf8", o, end)));
  out.room(len);
  out.pos += d.copy(out.buf, out.pos, o, end);
}

/** "YYYY-MM-DD" of a day since 1970 (4-digit years only: the caller checks MIN_DAY…MAX_DAY) */
const dayText = new Map<number, Buffer>();
function dayBytes(day: number): Buffer {
  let t = dayText.get(day);
  if (t === undefined) {
    t = Buffer.from(new Date(day * DAY).toISOString().slice(0, 10), "latin1");
    if (dayText.size > 100_000) dayText.clear();
    dayText.set(day, t);
  }
  return t;
}
/** " HH:MM" of each minute of a day */
const MINUTE_TEXT: Buffer[] = Array.from({ length: 1440 }, (_, m) => Buffer.from(` ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`, "latin1"));

/** a binary `date` as the CSV writer writes the app's Date of it (UTC midnight): its calendar day */
export function csvDateBytes(out: ByteSink, d: Buffer, o: number): void {
  const day = d.readInt32BE(o) + PG_EPOCH_DAYS;
  if (day >= MIN_DAY && day <= MAX_DAY) out.bytes(dayBytes(day));
  else out.utf8(csvField(dateOfDays(day - PG_EPOCH_DAYS), "date"));
}

/** a binary timestamptz as the CSV writer writes it: YYYY-MM-DD HH:MM of Beijing's wall clock */
export function csvDateTimeBytes(out: ByteSink, d: Buffer, o: number): void {
  const ms = msOfMicros(d, o);
  if (ms >= FIXED_OFFSET_SINCE && ms < MAX_DAY * DAY) {
    const minute = Math.floor((ms + BEIJING_MS) / 60_000);
    const day = Math.floor(minute / 1440);
    out.bytes(dayBytes(day));
    out.bytes(MINUTE_TEXT[minute - day * 1440]);
  } else out.utf8(csvField(new Date(ms), "datetime"));
}

/** an integer column (int2/int4/int8 by `size`) as the writers print the number */
export function intBytes(out: ByteSink, d: Buffer, o: number, size: number): void {
  if (size === 8) return out.ascii(int8Text(d, o));
  const v = size === 4 ? d.readInt32BE(o) : d.readInt16BE(o);
  if (v >= 0) out.uint(v);
  else out.ascii(String(v));
}
/** an int8 as the text path printed it (intText: digits below 16 characters, else String(Number)) */
export function int8Text(d: Buffer, o: number): string {
  const s = d.readBigInt64BE(o).toString();
  return s.length < 16 ? s : String(Number(s));
}

// ── XLSX ─────────────────────────────────────────────────────────────────────────────────────────────────
/** bytes of a text that cellXml escapes, drops or writes as a reference: & < > " CR and the C0 controls XML cannot
 * carry; 0xEF may begin U+FFFE/U+FFFF (checked) */
const XML_SLOW = new Uint8Array(256);
for (const c of '&<>"\r') XML_SLOW[c.charCodeAt(0)] = 1;
for (let c = 0; c < 32; c++) if (c !== 9 && c !== 10 && c !== 13) XML_SLOW[c] = 1;
XML_SLOW[0xef] = 2;
const MAX_CELL_CHARS = 32767;

/** a text value as cellXml's inline string body (`<t>…</t>`) */
export function xmlTextBytes(out: ByteSink, d: Buffer, o: number, len: number): void {
  const end = o + len;
  if (len > MAX_CELL_CHARS || (len > 0 && (startsWithSpace(d, o) || endsWithSpace(d, o, end)))) return out.utf8(xmlInline(d.toString("utf8", o, end)));
  for (let i = o; i < end; i++) {
    const f = XML_SLOW[d[i]];
    if (f !== 0 && (f === 1 || (d[i + 1] === 0xbf && (d[i + 2] === 0xbe || d[i + 2] === 0xbf)))) return out.utf8(xmlInline(d.toString("utf8", o, end)));
  }
  out.room(len + 7);
  const b = out.buf;
  let p = out.pos;
  b[p++] = 60; // <t>
  b[p++] = 116;
  b[p++] = 62;
  p += d.copy(b, p, o, end);
  b[p++] = 60; // </t>
  b[p++] = 47;
  b[p++] = 116;
  b[p++] = 62;
  out.pos = p;
}

/** the Excel serial of a binary `date` (cellXml of its UTC-midnight Date, type date) */
export function serialDateText(d: Buffer, o: number): string {
  const day = d.readInt32BE(o) + PG_EPOCH_DAYS;
  // a whole number of days: (UTC midnight − 1899-12-30) / DAY
  if (day >= MIN_DAY && day <= MAX_DAY) return String(day - EXCEL_EPOCH / DAY);
  return cellValue(cellXml("A1", dateOfDays(day - PG_EPOCH_DAYS), "date", 0));
}

/** the Excel serial of a binary timestamptz: Beijing's wall clock, as cellXml computes it ("" when not a date) */
export function serialDateTimeText(d: Buffer, o: number): string {
  const ms = msOfMicros(d, o);
  if (ms >= FIXED_OFFSET_SINCE && ms < MAX_DAY * DAY) return String((ms + BEIJING_MS - EXCEL_EPOCH) / DAY);
  return cellValue(cellXml("A1", new Date(ms), "datetime", 0));
}

const cellValue = (c: string) => (c ? c.slice(c.indexOf("<v>") + 3, c.indexOf("</v>")) : "");

export type ColumnType = NonNullable<SheetColumn["type"]>;
