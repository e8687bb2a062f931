import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { type ReadChoice, ReadRouter, WAL_COOKIE, parseLsn, replicaUrlsFromEnv, routerOptionsFromEnv, walCookieMaxAge } from "@/lib/db/read-router";

// One client per server process (and one across dev-mode hot reloads). Created lazily so that `next build`,
// which imports server modules, never needs DATABASE_URL.
const globalForDb = globalThis as unknown as { pinganDb?: Db; pinganReadRouter?: ReadRouter | null };

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

/** The reader's last write (the primary's WAL position in the cookie), or null (none, malformed, not in a request). */
async function lastWriteLsn(): Promise<bigint | null> {
  try {
    return parseLsn((await cookies()).get(WAL_COOKIE)?.value);
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
  return router.pick(await lastWriteLsn());
});

/** The client for cockpit, report and list reads: a caught-up replica when there is one, else the primary. */
export async function getReadDb(): Promise<Db> {
  return (await readTarget()).db;
}

/** The Set-Cookie value that routes the writer's next reads to the primary until a replica has replayed the write. */
export async function writeCookieValue(): Promise<{ name: string; value: string; maxAge: number } | null> {
  const router = getReadRouter();
  if (!router) return null;
  const lsn = await router.primaryLsn();
  return lsn ? { name: WAL_COOKIE, value: lsn, maxAge: walCookieMaxAge(routerOptionsFromEnv()) } : null;
}

/** After a committed write in a server action: remember it in the browser (no-op without replicas). */
export async function rememberWrite(): Promise<void> {
  try {
    const c = await writeCookieValue();
    if (c) (await cookies()).set(c.name, c.value, { httpOnly: true, sameSite: "lax", path: "/", maxAge: c.maxAge, secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false });
  } catch (e) {
    // the write stands; at worst the writer's next read comes from a replica a moment behind
    console.error(`[db] 无法记录写入位置：${e instanceof Error ? e.message : String(e)}`);
  }
}

export type { Db };
