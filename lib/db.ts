import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { type ReadChoice, ReadRouter, WAL_COOKIE, formatLsn, parseLsn, replicaUrlsFromEnv, routerOptionsFromEnv, walCookieMaxAge } from "@/lib/db/read-router";
import { SEEN_COOKIE } from "@/lib/freshness/seen-cookie";
import { type SharedResult, SharedReads, readPosition, sharedReadOptionsFromEnv } from "@/lib/db/shared-read";

// One client per server process (and one across dev-mode hot reloads). Created lazily so that `next build`,
// which imports server modules, never needs DATABASE_URL.
const globalForDb = globalThis as unknown as { pinganDb?: Db; pinganReadRouter?: ReadRouter | null; pinganSharedReads?: SharedReads };

/** The primary: writes, transactions, sessions, permission and scope checks before a write — and every read by default. */
export function getDb(): Db {
  if (!globalForDb.pinganDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置");
    globalForDb.pinganDb = createPrismaClient(url, { max: Number(process.env.DB_POOL_SIZE ?? 10) });
  }
  return globalForDb.pinganDb;
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

/** This process's shared reads (lib/db/shared-read.ts): SHARED_READ_SECONDS, SHARED_READ_ENTRIES. */
export function getSharedReads(): SharedReads {
  globalForDb.pinganSharedReads ??= new SharedReads(sharedReadOptionsFromEnv());
  return globalForDb.pinganSharedReads;
}

/**
 * A read shared with the other requests of the next few seconds (the cockpit's widgets, the report view): `load`
 * runs on this request's read target; `key` must name everything the result depends on (never the viewer — the
 * caller has checked the viewer's scope). The reader's own last write is always included.
 */
export async function sharedRead<T>(key: string, load: (db: Db) => Promise<T>): Promise<SharedResult<T>> {
  const target = await readTarget();
  return getSharedReads().read(key, target.db, await readerMinLsn(), () => load(target.db), target.source === "replica" ? target.asOf : null);
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
