import "server-only";
import { createPrismaClient, type Db } from "@/lib/db/client";

// One client per server process (and one across dev-mode hot reloads). Created lazily so that `next build`,
// which imports server modules, never needs DATABASE_URL.
const globalForDb = globalThis as unknown as { pinganDb?: Db };

export function getDb(): Db {
  if (!globalForDb.pinganDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL 未设置");
    globalForDb.pinganDb = createPrismaClient(url, { max: Number(process.env.DB_POOL_SIZE ?? 10) });
  }
  return globalForDb.pinganDb;
}

export type { Db };
