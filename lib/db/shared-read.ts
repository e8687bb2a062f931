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

  constructor(private readonly o: SharedReadOptions) {}

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
    const entry = this.compute(db, load, dataAsOf);
    this.put(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return { value: (await entry.value) as T, asOf: entry.asOf, shared: false };
  }

  private compute(db: Db, load: () => Promise<unknown>, dataAsOf: Date | null): Entry {
    const started = Date.now();
    const asOf = dataAsOf && dataAsOf.getTime() < started ? dataAsOf : new Date(started);
    const lsn = readPosition(db);
    // the data is read after its position is known: it includes at least every write up to that position
    const value = lsn.then(() => load());
    const entry: Entry = { value, started, asOf, lsn, settled: false, renewing: false, ttl: this.o.maxAgeMs * (0.75 + 0.25 * Math.random()) };
    value.then(
      () => void (entry.settled = true),
      () => undefined,
    );
    return entry;
  }

  private put(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.o.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** computes `old` again in the background; the new entry replaces it once its value is there (a failure keeps the old one until it is too old) */
  private renew(key: string, old: Entry, db: Db, load: () => Promise<unknown>, dataAsOf: Date | null) {
    old.renewing = true;
    const entry = this.compute(db, load, dataAsOf);
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
