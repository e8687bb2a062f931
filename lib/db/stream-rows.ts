// Rows of one SELECT streamed in batches through a server-side portal (pg-cursor): one statement, one snapshot,
// the database's own order, memory flat however many rows (the export of a million rows holds one batch).
// Plain `pg`, not Prisma: an export of 100,000 rows spends its time in per-row object building otherwise.
import pg from "pg";
import Cursor from "pg-cursor";

const globalForPool = globalThis as unknown as { pinganExportPool?: { url: string; pool: pg.Pool } };

/** A small pool of its own (exports are long reads; they must not starve the app's Prisma pool). */
function exportPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL 未设置");
  const cur = globalForPool.pinganExportPool;
  if (cur && cur.url === url) return cur.pool;
  if (cur) cur.pool.end().catch(() => {});
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.EXPORT_POOL_SIZE ?? 4), idleTimeoutMillis: 30_000 });
  pool.on("error", () => {});
  globalForPool.pinganExportPool = { url, pool };
  return pool;
}

const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;
const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, "text") as (s: string) => Date;
/** "2025-03-05 01:30:00.123+00" (or "+08": an export's session in Beijing time) quickly; anything else as pg does */
const HOUR_STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d$/;
function fastTimestamptz(s: string): Date {
  // years before 1000 (Date.UTC reads 0–99 as 19xx) and anything unusual: pg's own parser
  if (s.length < 22 || s.charCodeAt(0) === 48 || !HOUR_STAMP.test(s)) return parseTimestamptz(s);
  const ms = s.length > 22 ? Math.floor(Number(s.slice(20, -3).padEnd(6, "0")) / 1000) : 0;
  const offset = (s.charCodeAt(s.length - 3) === 45 ? -1 : 1) * +s.slice(-2) * 3_600_000;
  return new Date(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10), +s.slice(11, 13), +s.slice(14, 16), +s.slice(17, 19), ms) - offset);
}
/** `date` columns as UTC midnight, as Prisma returns them (pg's default is local midnight) */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === DATE_OID) return (s: string) => (s === null ? null : new Date(`${s}T00:00:00Z`));
    if (oid === TIMESTAMPTZ_OID) return fastTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
};

export type Row = Record<string, unknown>;

/**
 * The rows of `text` (with bound `values`) as objects keyed by the result's column names (through `rename`),
 * `batch` at a time.
 * Stops (and returns the connection) when the consumer stops iterating.
 */
export async function* streamRows(text: string, values: unknown[], opts: { batch?: number; rename?: (column: string) => string } = {}): AsyncGenerator<Row[]> {
  const batch = opts.batch ?? 2000;
  const client = await exportPool().connect();
  let ok = false;
  try {
    await client.query("SET TIME ZONE 'UTC'");
    const cursor = client.query(new Cursor<unknown[]>(text, values, { rowMode: "array", types }));
    const read = () =>
      new Promise<{ rows: unknown[][]; names: string[] }>((resolve, reject) =>
        cursor.read(batch, (err, rows, result) => (err ? reject(err) : resolve({ rows, names: (result?.fields ?? []).map((f) => f.name) }))),
      );
    try {
      for (;;) {
        const { rows, names: raw } = await read();
        if (!rows.length) break;
        const names = opts.rename ? raw.map(opts.rename) : raw;
        const out: Row[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          const o: Row = {};
          for (let j = 0; j < names.length; j++) o[names[j]] = r[j];
          out[i] = o;
        }
        yield out;
      }
      ok = true;
    } finally {
      await cursor.close().catch(() => {});
    }
  } finally {
    // a cursor abandoned mid-way may leave the connection in an unknown state: do not reuse it
    client.release(ok ? undefined : true);
  }
}

// ── COPY … TO STDOUT: the same rows as one byte stream ──────────────────────────────────────────────────────

/** COPY takes no bind parameters: a value as the literal PostgreSQL would have read from the parameter (an untyped
 * literal is resolved by its context exactly as an untyped parameter is) */
function literal(client: pg.PoolClient, v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  return client.escapeLiteral(prepareValue(v));
}

/** the text pg sends for a bound value (as pg/lib/utils prepareValue: arrays as array literals; WhereSql has already
 * made dates ISO strings) */
function prepareValue(v: unknown): string {
  if (Array.isArray(v)) return `{${v.map((x) => (x === null || x === undefined ? "NULL" : `"${String(prepareValue(x)).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** `$1`, `$2` … of `text` replaced by the literals of `values` (placeholders come only from WhereSql, never inside a
 * string: its values are always parameters) */
export function inlineParams(client: pg.PoolClient, text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)\b/g, (_, n: string) => literal(client, values[Number(n) - 1]));
}

/** stop reading the socket when this many bytes wait for the consumer (back-pressure down to PostgreSQL) */
const COPY_HIGH_WATER = 1 << 20;
/** hand the consumer no less than this (fewer, larger batches) unless the COPY has ended, and about no more than */
const COPY_MIN_TAKE = 32 << 10;
const COPY_MAX_TAKE = 64 << 10;

/** a COPY TO STDOUT run as a pg Submittable: the rows' bytes are copied out of pg's parser buffer (it reuses it) */
class CopyOut {
  // twice the high-water mark: the unread bytes (≤ ~1 MB) move to the front about once per MB read, not once per
  // batch taken
  buf = Buffer.allocUnsafe(2 * COPY_HIGH_WATER + (64 << 10));
  /** the unread bytes: buf[start, len) */
  start = 0;
  len = 0;
  done = false;
  error: Error | null = null;
  private wake: (() => void) | null = null;
  private connection: { query(text: string): void; stream: { pause(): void; resume(): void } } | null = null;
  private paused = false;
  constructor(private readonly text: string) {}
  submit(connection: CopyOut["connection"]) {
    this.connection = connection;
    connection!.query(this.text);
  }
  handleCopyData(msg: { chunk: Buffer }) {
    const n = msg.chunk.length;
    if (this.len + n > this.buf.length && this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.len);
      this.len -= this.start;
      this.start = 0;
    }
    if (this.len + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    msg.chunk.copy(this.buf, this.len);
    this.len += n;
    if (this.len - this.start >= COPY_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.connection?.stream.pause();
    }
    this.notify();
  }
  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handlePortalSuspended() {}
  handleEmptyQuery() {}
  handleCopyInResponse() {}
  handleReadyForQuery() {
    this.done = true;
    this.notify();
  }
  handleError(err: Error) {
    this.error = err;
    this.done = true;
    this.notify();
  }
  private notify() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  /** until `n` unread bytes are there, or the COPY has ended (the socket resumed if the consumer needs more) */
  async wait(n: number): Promise<void> {
    while (this.len - this.start < n && !this.done) {
      if (this.paused) {
        this.paused = false;
        this.connection?.stream.resume();
      }
      await new Promise<void>((r) => (this.wake = r));
    }
  }
  /** the bytes before `p` are read */
  consume(p: number): void {
    this.start = p;
    if (this.start === this.len) this.start = this.len = 0;
    if (this.paused && this.len - this.start < COPY_HIGH_WATER) {
      this.paused = false;
      this.connection?.stream.resume();
    }
  }
}

// ── COPY … TO STDOUT (FORMAT binary): no text output functions in PostgreSQL ────────────────────────────────────

/** A batch of whole tuples of a binary COPY: `data` holds their bytes; `cells` holds, per row and per field, the
 * offset of its value in `data` and its length (-1: NULL) — row r, field i at [2 * (r * width + i)]. */
export interface BinaryBatch {
  fields: { name: string; dataTypeID: number }[];
  data: Buffer;
  cells: Int32Array;
  rows: number;
}

/** the types whose binary form the export reads (lib/io/byte-cells.ts); any other column is sent as text (`::text`) */
const BINARY_OIDS = new Set([16, 20, 21, 23, 25, 700, 701, 1042, 1043, 1082, 1184]);
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/** a column's binary value as the app's value (as pg and Prisma give it: int → number, bool, date → UTC midnight,
 * timestamptz → Date; text and enums → string) */
export function parseBinaryValue(oid: number, d: Buffer, o: number, len: number): unknown {
  if (len < 0) return null;
  switch (oid) {
    case 16:
      return d[o] !== 0;
    case 21:
      return d.readInt16BE(o);
    case 23:
      return d.readInt32BE(o);
    case 20:
      return Number(d.readBigInt64BE(o));
    case 700:
      return d.readFloatBE(o);
    case 701:
      return d.readDoubleBE(o);
    case DATE_OID:
      return dateOfDays(d.readInt32BE(o));
    case TIMESTAMPTZ_OID:
      return instantOfMicros(d, o);
    default:
      return d.toString("utf8", o, o + len);
  }
}

const DAY_MS = 86_400_000;
/** 2000-01-01 00:00 UTC, PostgreSQL's epoch of dates and timestamps */
export const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
/** a binary `date` (days since 2000-01-01; ±infinity as int32 extremes) as UTC midnight */
export function dateOfDays(days: number): Date {
  return days === 0x7fffffff || days === -0x80000000 ? new Date(NaN) : new Date(PG_EPOCH_MS + days * DAY_MS);
}
/** the milliseconds since 1970 of a binary timestamptz (int64 µs since 2000, truncated to ms as JavaScript's Date;
 * ±infinity: NaN) */
export function msOfMicros(d: Buffer, o: number): number {
  const hi = (d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3];
  const lo = ((d[o + 4] << 24) | (d[o + 5] << 16) | (d[o + 6] << 8) | d[o + 7]) >>> 0;
  if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) return NaN;
  // hi·2³² + lo µs = 1000·(hi·4294967) + (hi·296 + lo): exact in doubles beyond 2^53 µs (years past 2285) too
  return PG_EPOCH_MS + hi * 4294967 + Math.floor((hi * 296 + lo) / 1000);
}
function instantOfMicros(d: Buffer, o: number): Date {
  return new Date(msOfMicros(d, o));
}

/**
 * The rows of `text` (bound `values` inlined) through `COPY (…) TO STDOUT (FORMAT binary)`: dates, timestamps,
 * integers and booleans cross as fixed-size integers (PostgreSQL runs no text output function for them — for a
 * timestamptz that is most of its COPY time), text as its UTF-8 bytes; the consumer reads the values straight from
 * the bytes (BinaryBatch). Batches of whole tuples, up to ~64 KB, copied out of the receive buffer; at most ~1 MB
 * waits for the consumer, then the socket is paused (back-pressure to PostgreSQL). Columns of any type the
 * consumer does not read in binary are selected as text. Stops (and discards the connection, whose COPY may still be
 * running) when the consumer stops iterating.
 */
export async function* streamCopyBinary(text: string, values: unknown[]): AsyncGenerator<BinaryBatch> {
  const client = await exportPool().connect();
  let ok = false;
  try {
    // in a transaction, settings LOCAL to it: nothing stays on the pooled connection (or on another client's server
    // connection behind pgbouncer's transaction mode). random_page_cost 1.1: the ledgers' (date, id) indexes give the
    // list's order; with the default 4 the planner prices reading the heap in index order as random disk reads and
    // sorts every row instead (100,000 disputes: 530 ms → 158 ms of PostgreSQL, the table being in memory as an
    // export's tables are). work_mem: a sort that remains (another order) stays in memory; no parallel workers: the
    // export's Node side already keeps one of the two cores busy
    await client.query(
      `BEGIN READ ONLY; SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL work_mem = '64MB'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1`,
    );
    const shape = await client.query({ text: `SELECT * FROM (${text}) q LIMIT 0`, values, rowMode: "array" });
    let fields = shape.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    const other = [...new Set(fields.map((f) => f.dataTypeID).filter((oid) => !BINARY_OIDS.has(oid)))];
    // enum labels cross as their text's bytes in binary too
    const enums = other.length ? new Set((await client.query<{ oid: number }>("SELECT oid::int AS oid FROM pg_type WHERE typtype = 'e' AND oid = ANY($1)", [other])).rows.map((r) => r.oid)) : new Set<number>();
    let sql = inlineParams(client, text, values);
    if (fields.some((f) => !BINARY_OIDS.has(f.dataTypeID) && !enums.has(f.dataTypeID))) {
      sql = `SELECT ${fields.map((f) => `q.${quoteName(f.name)}${BINARY_OIDS.has(f.dataTypeID) || enums.has(f.dataTypeID) ? "" : "::text"}`).join(", ")} FROM (${sql}) q`;
      fields = fields.map((f) => (BINARY_OIDS.has(f.dataTypeID) || enums.has(f.dataTypeID) ? f : { name: f.name, dataTypeID: 25 }));
    }
    const width = fields.length;
    const copy = new CopyOut(`COPY (${sql}) TO STDOUT (FORMAT binary)`);
    client.query(copy as unknown as pg.QueryConfig);
    let header = true;
    let need = COPY_MIN_TAKE;
    for (;;) {
      await copy.wait(need);
      if (copy.error) throw copy.error;
      const b = copy.buf;
      const start = copy.start;
      const end = copy.len;
      let p = start;
      if (header) {
        if (end - p < 19) {
          if (copy.done) throw new Error("COPY: 数据流不完整");
          need = end - p + 1;
          continue;
        }
        if (b.compare(SIGNATURE, 0, 11, p, p + 11) !== 0) throw new Error("COPY: 不是二进制格式");
        p += 19 + b.readInt32BE(p + 15);
        header = false;
      }
      const { rows, cells, end: next, ended } = readTuples(b, p, end, width, COPY_MAX_TAKE);
      // the batch's own copy of its bytes (the receive buffer is reused), offsets from p
      const data = rows ? Buffer.from(b.subarray(p, next)) : null;
      copy.consume(next);
      if (data) yield { fields, data, cells, rows };
      if (ended) {
        // the trailer: then CommandComplete and ReadyForQuery
        await copy.wait(Infinity);
        if (copy.error) throw copy.error;
        await client.query("COMMIT");
        break;
      }
      if (!rows && copy.done) throw new Error("COPY: 数据流不完整");
      // a tuple not yet whole: wait for more than what is there
      need = rows ? COPY_MIN_TAKE : copy.len - copy.start + 1;
    }
    ok = true;
  } finally {
    if (ok) client.release();
    else {
      // stopped mid-COPY: the backend may be blocked sending into a socket nobody reads (paused), where a polite
      // Terminate would never be read — release (the client ends as intended, no error event), then close the
      // socket so PostgreSQL ends the COPY, its transaction and its snapshot at once
      const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
      client.release(true);
      stream?.destroy();
    }
  }
}

/**
 * The whole tuples of a binary COPY's bytes b[start, end) (after the header), up to about `maxBytes`: per row and
 * field the offset of its value (from `start`) and its length (-1: NULL); `end` where the first incomplete tuple (or
 * the rest) begins; `ended` when the trailer (-1) was read.
 */
export function readTuples(b: Uint8Array, start: number, end: number, width: number, maxBytes: number): { rows: number; cells: Int32Array; end: number; ended: boolean } {
  let cells = new Int32Array(2 * width * 64);
  let p = start;
  let rows = 0;
  let k = 0;
  let ended = false;
  while (p + 2 <= end && p - start < maxBytes) {
    const n = (b[p] << 8) | b[p + 1];
    if (n === 0xffff) {
      ended = true;
      p += 2;
      break;
    }
    if (n !== width) throw new Error(`COPY: 每行应有 ${width} 列，收到 ${n} 列`);
    if (k + 2 * width > cells.length) {
      const bigger = new Int32Array(cells.length * 2);
      bigger.set(cells);
      cells = bigger;
    }
    let q = p + 2;
    let whole = true;
    for (let i = 0; i < width; i++) {
      if (q + 4 > end) {
        whole = false;
        break;
      }
      const len = (b[q] << 24) | (b[q + 1] << 16) | (b[q + 2] << 8) | b[q + 3];
      q += 4;
      cells[k + 2 * i] = q - start;
      cells[k + 2 * i + 1] = len;
      if (len > 0) q += len;
      if (q > end) {
        whole = false;
        break;
      }
    }
    if (!whole) break;
    k += 2 * width;
    rows++;
    p = q;
  }
  return { rows, cells: cells.subarray(0, k), end: p, ended };
}

const quoteName = (n: string) => `"${n.replace(/"/g, '""')}"`;
