import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { type Db, createPrismaClient } from "@/lib/db/client";

export interface TestDatabase {
  db: Db;
  url: string;
  name: string;
}

/** A fresh database for this test file, cloned from the migrated and seeded template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // cloning needs the template to itself: files starting at the same moment take turns
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
        break;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const db = createPrismaClient(url, { max: 5 });
  return { db, url, name };
}

/** Registers a per-file database and makes it the app's database (lib/db.ts getDb) for this file. */
export function setupTestDatabase(): TestDatabase {
  const holder = {} as TestDatabase;
  beforeAll(async () => {
    const t = await createTestDatabase();
    Object.assign(holder, t);
    process.env.DATABASE_URL = t.url;
    (globalThis as unknown as { pinganDb?: Db }).pinganDb = t.db;
  });
  afterAll(async () => {
    await holder.db?.$disconnect();
  });
  return holder;
}
