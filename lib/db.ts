import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { countFromEnv, createPrismaClient, type Db, poolOf } from "@/lib/db/client";
import { type ReadChoice, ReadRouter, WAL_COOKIE, formatLsn, parseLsn, replicaUrlsFromEnv, routerOptionsFromEnv, walCookieMaxAge } from "@/lib/db/read-router";
import { SEEN_COOKIE } from "@/lib/freshness/seen-cookie";
import { clusterPeers } from "@/lib/db/shared-peers";
import { type SharedResult, SharedReads, readPosition, sharedReadOptionsFromEnv } from "@/lib/db/shared-read";

// One client per server process (and one across dev-mode hot reloads). Created lazily so that `next build`,
// which imports server modules, never needs DATABASE_URL.
const globalForDb = globalThis as unknown as { pinganDb?: Db; pinganComputeDb?: Db; pinganReadRouter?: ReadRouter | null; pinganSharedReads?: SharedReads };

/** The primary: writes, transactions, sessions, permission and scope checks before a write — and every read by default. */
export function getDb(): Db {
  if (!globalForDb.pinganDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置");
    globalForDb.pinganDb = createPrismaClient(url, { max: Number(process.env.DB_POOL_SIZE ?? 10) });
  }
  return globalForDb.pinganDb;
}

/** COMPUTE_POOL_SIZE: connections per web process for computing shared figures on the primary (default 2; 0: none). */
function computePoolSize(): number {
  return countFromEnv("COMPUTE_POOL_SIZE", 2);
}

/**
 * Statements that may wait for the compute pool before a new computation uses the main pool instead: a few cold
 * pages' worth (a province cockpit sends some 30 at once). Beyond it the figures are wanted faster than two
 * connections compute them (400 people at once on two cores: reports waited 30 s), and sharing the main pool, as
 * before the compute pool, is the lesser wait.
 */
export const COMPUTE_QUEUE_MAX = 64;

/**
 * How long the compute pool may have statements waiting, without once running dry, before new computations use the
 * main pool too. A count alone missed a slow backlog: a report's statements come in waves of a few, so fewer than
 * COMPUTE_QUEUE_MAX waited at any moment, yet on two saturated cores the queue did not empty for half a minute and
 * report views timed out (400 people: 11 at 30 s). A backlog of 2 s is already longer than a cold province cockpit.
 */
export const COMPUTE_BACKLOG_MAX_MS = 2000;

/** Per compute pool: since when it has had statements waiting without running dry (null: none waiting). */
const backlog = new WeakMap<NonNullable<ReturnType<typeof poolOf>>, { since: number | null }>();

/** Whether new computations should use the main pool: too many statements waiting, or waiting for too long. */
function computeSaturated(compute: Db, now = Date.now()): boolean {
  const pool = poolOf(compute);
  if (!pool) return false;
  let b = backlog.get(pool);
  if (!b) {
    const state: { since: number | null } = { since: null };
    // a statement got a connection and nobody is left waiting: the backlog is over
    pool.on("acquire", () => {
      if (pool.waitingCount === 0) state.since = null;
    });
    backlog.set(pool, (b = state));
  }
  if (pool.waitingCount === 0) {
    b.since = null;
    return false;
  }
  b.since ??= now;
  return pool.waitingCount > COMPUTE_QUEUE_MAX || now - b.since > COMPUTE_BACKLOG_MAX_MS;
}

/**
 * The primary, for computing shared figures (a cockpit's widgets, the report view): its own small pool. A cold
 * province cockpit sends some 30 statements at once; on the main pool they took every connection, and the task list
 * or ledger page that came next waited behind them (200 people at once: p95 of every page about 1 s). Null with
 * COMPUTE_POOL_SIZE=0.
 */
function getComputeDb(): Db | null {
  if (computePoolSize() === 0) return null;
  if (!globalForDb.pinganComputeDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置");
    globalForDb.pinganComputeDb = createPrismaClient(url, { max: computePoolSize() });
  }
  return globalForDb.pinganComputeDb;
}

function computeDbFor(target: ReadChoice): Db {
  // a replica is a server of its own for these reads (and a separate pool per replica already)
  if (target.source !== "primary") return target.db;
  const compute = getComputeDb();
  if (!compute) return target.db;
  return computeSaturated(compute) ? target.db : compute;
}

/** Where this request computes shared figures: the compute pool on the primary (unless saturated), else the chosen replica. */
export async function getComputeReadDb(): Promise<Db> {
  return computeDbFor(await readTarget());
}

/** The replica router of this process, or null without DATABASE_REPLICA_URL (then every read is on the primary). */
export function getReadRouter(): ReadRouter | null {
  if (globalForDb.pinganReadRouter === undefined) {
    const urls = replicaUrlsFromEnv();
    const primaryUrl = process.env.DATABASE_URL;
    if (!urls.length || !primaryUrl) {
      globalForDb.pinganReadRouter = null;
    } else {
      const router = new ReadRouter(getDb(), primaryUrl, urls, routerOptionsFromEnv());
      router.start();
      globalForDb.pinganReadRouter = router;
    }
  }
  return globalForDb.pinganReadRouter;
}

/**
 * The oldest data this reader may see, as the primary's WAL position: its last write (cookie pingan-wal), or a change
 * a wall was told about (pingan-wall-seen, lib/freshness/seen-cookie.ts), whichever is later; null when neither is there
 * (or malformed, or not in a request).
 */
async function readerMinLsn(): Promise<bigint | null> {
  try {
    const jar = await cookies();
    const [wrote, seen] = [parseLsn(jar.get(WAL_COOKIE)?.value), parseLsn(jar.get(SEEN_COOKIE)?.value)];
    return wrote === null ? seen : seen === null || wrote >= seen ? wrote : seen;
  } catch {
    return null; // outside a request (scripts, tests)
  }
}

/**
 * Where this request's cockpit, report and list reads go: one choice per request (the page and its 「数据截至」 label
 * agree). Never for session or permission checks, nor inside a write.
 */
export const readTarget = cache(async (): Promise<ReadChoice> => {
  const router = getReadRouter();
  if (!router) return { db: getDb(), source: "primary", asOf: null, inSync: true, replica: null, url: process.env.DATABASE_URL ?? "" };
  return router.pick(await readerMinLsn());
});

/** The client for cockpit, report and list reads: a caught-up replica when there is one, else the primary. */
export async function getReadDb(): Promise<Db> {
  return (await readTarget()).db;
}

/**
 * This process's shared reads (lib/db/shared-read.ts): SHARED_READ_SECONDS, SHARED_READ_ENTRIES; shared with the other
 * web processes of the host (lib/db/shared-peers.ts) unless SHARED_READ_PEERS=0.
 */
export function getSharedReads(): SharedReads {
  globalForDb.pinganSharedReads ??= new SharedReads(sharedReadOptionsFromEnv(), process.env.SHARED_READ_PEERS === "0" ? null : clusterPeers());
  return globalForDb.pinganSharedReads;
}

/**
 * A read shared with the other requests of the next few seconds (the cockpit's widgets, the report view): `load`
 * runs on this request's read target; `key` must name everything the result depends on (never the viewer — the
 * caller has checked the viewer's scope). The reader's own last write is always included.
 */
export async function sharedRead<T>(key: string, load: (db: Db) => Promise<T>): Promise<SharedResult<T>> {
  const target = await readTarget();
  const db = computeDbFor(target);
  return getSharedReads().read(key, db, await readerMinLsn(), () => load(db), target.source === "replica" ? target.asOf : null);
}

/**
 * The Set-Cookie value that makes the writer's next reads include the write: only a replica that has replayed it,
 * only shared data that includes it. Null when neither replicas nor shared reads are in use.
 */
export async function writeCookieValue(): Promise<{ name: string; value: string; maxAge: number } | null> {
  const router = getReadRouter();
  if (!router && getSharedReads().maxAgeMs <= 0) return null;
  const lsn = router ? await router.primaryLsn() : await readPosition(getDb()).then((n) => (n === null ? null : formatLsn(n)));
  return lsn ? { name: WAL_COOKIE, value: lsn, maxAge: Math.max(walCookieMaxAge(routerOptionsFromEnv()), Math.ceil(getSharedReads().maxAgeMs / 1000) + 5) } : null;
}

/**
 * After a committed write in a server action: remember it in the browser — only with replicas. Setting a cookie in a
 * server action makes Next.js re-render the page in the action's response, which unmounts what the action's result
 * was shown in when the write removed its row (the one-time initial password of an activated account). Without
 * replicas a server action's writer may therefore see shared figures (lib/db/shared-read.ts) up to
 * SHARED_READ_SECONDS old; writes through routes (lib/http/route.ts) set the cookie in either case.
 */
export async function rememberWrite(): Promise<void> {
  if (!getReadRouter()) return;
  try {
    const c = await writeCookieValue();
    if (c) (await cookies()).set(c.name, c.value, { httpOnly: true, sameSite: "lax", path: "/", maxAge: c.maxAge, secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false });
  } catch (e) {
    // the write stands; at worst the writer's next read comes from a replica a moment behind
    console.error(`[db] 无法记录写入位置：${e instanceof Error ? e.message : String(e)}`);
  }
}

export type { Db };
