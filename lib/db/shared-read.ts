// Shared reads: the expensive reads that are the same for everyone who looks at the same unit (a cockpit's widgets,
// the report view) are computed once per process and shared by the requests of the next few seconds, instead of
// once per request. A province's commanders open the same province cockpit many times a minute; at 08:30 that one
// page costs more database time than a hundred officers' task lists.
//
// The rule is the one a streaming replica already follows (lib/db/read-router.ts): a page shows data computed at most
// SHARED_READ_SECONDS ago (default 30: the cockpit's figures are a period's; up to twice that while a renewal runs, below),
// says how old (「数据截至 HH:MM:SS」), and a
// reader who carries their last write's WAL position (cookie pingan-wal: set by writes through routes, and by server
// actions when replicas are configured — lib/db.ts rememberWrite says why not otherwise) never sees data from before
// it: each entry knows the WAL position its data includes (read before the data), and an older one is recomputed. Concurrent requests
// for the same entry share one computation (no stampede when a page gets busy). A failed computation is not kept.
// Figures are computed by the same functions either way: sharing changes when, never how.
//
// Shared across the web processes of a host too (`peers`, lib/db/shared-peers.ts): an entry computed by one process is
// sent to the others, with its instant, WAL position and age, so the second process does not compute the same cockpit
// again for the next half minute. Misses were about a fifth of the web and database CPU under load, and with two web
// processes each computed its own. Only plain data travels (isPlainData); anything else stays in its process.
//
// A busy entry is renewed in the background: the first reader after it reached SHARED_READ_SECONDS starts one
// recomputation and, with everyone else until it is done, is still served the entry it has (its age on the page),
// for at most another SHARED_READ_SECONDS; so on a busy page nobody waits for the figures of the next half minute
// (under load, the recomputation of a province cockpit took seconds, and every viewer waited for it). Readers who
// carry a newer write than the entry, and everyone once an entry is twice the age, wait for fresh figures as before.
import type { Db } from "@/lib/db/client";
import { parseLsn } from "@/lib/db/read-router";

export interface SharedReadOptions {
  /** how old shared data may be; 0: nothing is shared (every request computes its own) */
  maxAgeMs: number;
  /** entries kept at most (least recently used dropped first) */
  maxEntries: number;
}

export interface SharedResult<T> {
  value: T;
  /** the data includes every write committed before this instant */
  asOf: Date;
  /** computed for an earlier request (false: computed for this one) */
  shared: boolean;
}

interface Entry {
  value: Promise<unknown>;
  started: number;
  asOf: Date;
  /** the WAL position the data includes (null: unknown — then only readers without a recent write use it) */
  lsn: Promise<bigint | null>;
  /** the value is there (a renewal is served only from an entry that has one) */
  settled: boolean;
  /** a background renewal of this entry is under way */
  renewing: boolean;
  /** this entry's max age: maxAgeMs less up to a quarter, at random, so that entries computed together (a cold start,
   *  a busy minute) do not all come due in the same second and renew in one burst */
  ttl: number;
}

/** An entry on its way to the other web processes: what a receiver needs to serve it exactly as its sender would. */
export interface SharedEntryMessage {
  key: string;
  value: unknown;
  /** when its computation started (ms since the epoch; the same clock on one host) */
  started: number;
  /** the data includes every write committed before this instant (ms) */
  asOf: number;
  /** the WAL position the data includes, as a decimal string (null: unknown) */
  lsn: string | null;
  /** the sender's max age for it (ms) */
  ttl: number;
}

/** The other web processes of this host (lib/db/shared-peers.ts; tests connect two instances directly). */
export interface SharedPeers {
  publish(entry: SharedEntryMessage): void;
  subscribe(onEntry: (entry: SharedEntryMessage) => void): void;
}

/**
 * Data that arrives in another process exactly as it is here: primitives, Date, arrays, Map, Set and objects with no
 * class. An instance of a class (a Prisma Decimal, a function's closure) would arrive as a plain object without its
 * methods, so such an entry is not sent.
 */
export function isPlainData(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || v === undefined) continue;
    const t = typeof v;
    if (t === "string" || t === "number" || t === "boolean" || t === "bigint") continue;
    if (t !== "object") return false;
    if (v instanceof Date) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
      continue;
    }
    if (v instanceof Set) {
      for (const x of v) stack.push(x);
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const x of Object.values(v as object)) stack.push(x);
  }
  return true;
}

/** The WAL position a read made after this query includes: replayed on a standby, written on the primary. */
export async function readPosition(db: Db): Promise<bigint | null> {
  try {
    const rows = await db.$queryRawUnsafe<{ lsn: string | null }[]>("SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn");
    return parseLsn(rows[0]?.lsn);
  } catch {
    return null;
  }
}

export class SharedReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly o: SharedReadOptions,
    private readonly peers: SharedPeers | null = null,
  ) {
    peers?.subscribe((m) => this.accept(m));
  }

  get maxAgeMs(): number {
    return this.o.maxAgeMs;
  }

  /**
   * `load`'s value for `key`: a recent entry's (at most maxAgeMs old, including `minLsn` — the reader's last write),
   * else computed now on `db` and kept. `dataAsOf`: when `db` is a replica, the instant its data is current to.
   */
  async read<T>(key: string, db: Db, minLsn: bigint | null, load: () => Promise<T>, dataAsOf: Date | null = null): Promise<SharedResult<T>> {
    if (this.o.maxAgeMs <= 0) return { value: await load(), asOf: dataAsOf ?? new Date(), shared: false };
    const hit = this.entries.get(key);
    const age = hit ? Date.now() - hit.started : Infinity;
    // fresh, or aged but still served (with its age on the page) while one background renewal runs
    if (hit && (age <= hit.ttl || (hit.settled && age <= hit.ttl + this.o.maxAgeMs))) {
      const lsn = await hit.lsn;
      if (minLsn === null || (lsn !== null && lsn >= minLsn)) {
        // most recently used last
        this.entries.delete(key);
        this.entries.set(key, hit);
        if (age > hit.ttl && !hit.renewing) this.renew(key, hit, db, load, dataAsOf);
        return { value: (await hit.value) as T, asOf: hit.asOf, shared: true };
      }
    }
    const entry = this.compute(key, db, load, dataAsOf);
    this.put(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return { value: (await entry.value) as T, asOf: entry.asOf, shared: false };
  }

  private compute(key: string, db: Db, load: () => Promise<unknown>, dataAsOf: Date | null): Entry {
    const started = Date.now();
    const asOf = dataAsOf && dataAsOf.getTime() < started ? dataAsOf : new Date(started);
    const lsn = readPosition(db);
    // the data is read after its position is known: it includes at least every write up to that position
    const value = lsn.then(() => load());
    const entry: Entry = { value, started, asOf, lsn, settled: false, renewing: false, ttl: this.o.maxAgeMs * (0.75 + 0.25 * Math.random()) };
    value.then(
      (v) => {
        entry.settled = true;
        if (this.peers) void this.publish(key, entry, v);
      },
      () => undefined,
    );
    return entry;
  }

  /** sends a computed entry to the other processes (plain data only; a failure keeps it here, nothing else changes) */
  private async publish(key: string, entry: Entry, value: unknown): Promise<void> {
    try {
      if (!isPlainData(value)) return;
      const at = await entry.lsn;
      this.peers!.publish({ key, value, started: entry.started, asOf: entry.asOf.getTime(), lsn: at === null ? null : at.toString(), ttl: entry.ttl });
    } catch {
      /* the entry stays in this process */
    }
  }

  /**
   * An entry another process computed: kept unless this process has one that started later (its own computation
   * under way included). Its age counts from its computation, and it comes due a little after the sender's, so that
   * a page busy in both processes is renewed by the sender alone and the others receive the renewal.
   */
  accept(m: SharedEntryMessage): void {
    if (this.o.maxAgeMs <= 0) return;
    const have = this.entries.get(m.key);
    if (have && have.started >= m.started) return;
    const ttl = Math.min(this.o.maxAgeMs, m.ttl + this.o.maxAgeMs * 0.1);
    if (Date.now() - m.started > ttl + this.o.maxAgeMs) return;
    const entry: Entry = { value: Promise.resolve(m.value), started: m.started, asOf: new Date(m.asOf), lsn: Promise.resolve(m.lsn === null ? null : BigInt(m.lsn)), settled: true, renewing: false, ttl };
    this.put(m.key, entry);
  }

  private put(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.o.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** computes `old` again in the background; the new entry replaces it once its value is there (a failure keeps the old one until it is too old) */
  private renew(key: string, old: Entry, db: Db, load: () => Promise<unknown>, dataAsOf: Date | null) {
    old.renewing = true;
    const entry = this.compute(key, db, load, dataAsOf);
    entry.value.then(
      () => {
        // unless something newer took the place meanwhile (a reader with a recent write computed its own)
        if (this.entries.get(key) === old || !this.entries.has(key)) this.put(key, entry);
      },
      () => void (old.renewing = false),
    );
  }

  /** Drop every entry (tests). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * SHARED_READ_SECONDS (default 30; 0 turns sharing off), SHARED_READ_ENTRIES (default 500).
 * 30 s, not 10: most cockpit entries are one commander's unit, opened again within half a minute (the next KPI, back
 * from a drill-down) — at 10 s they were recomputed nearly every time. `npm run bench -- --only load`, together with
 * the cheaper task-KPI statement of the same evening: PostgreSQL CPU per request 11.1 → 8.4 ms at 200 people and
 * 12.2 → 8.4 ms at 400, where throughput rose 47.8 → 56.5 requests/s.
 */
export function sharedReadOptionsFromEnv(env: Record<string, string | undefined> = process.env): SharedReadOptions {
  const num = (v: string | undefined, dflt: number) => {
    const n = Number(v);
    return v !== undefined && v.trim() !== "" && Number.isFinite(n) && n >= 0 ? n : dflt;
  };
  return { maxAgeMs: num(env.SHARED_READ_SECONDS, 30) * 1000, maxEntries: Math.max(1, Math.floor(num(env.SHARED_READ_ENTRIES, 500))) };
}
