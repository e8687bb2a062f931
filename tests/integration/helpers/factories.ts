// Integration-only helpers; the factories of users, units and assignments are shared with the e2e tests
// (tests/support/factories.ts) and re-exported here.
import type { Db } from "@/lib/db/client";

export { TEST_PASSWORD, type TestUser, makeStation, makeUser, unitByCode } from "../../support/factories";

/** md5 of every row of every table except the audit log: equal snapshots mean nothing was written. */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_logs', '_prisma_migrations') ORDER BY tablename",
  );
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await db.$queryRawUnsafe<{ h: string | null }[]>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${tablename}" t`);
    out[tablename] = row.h ?? "";
  }
  return out;
}

export async function auditCount(db: Db, where: { action?: string; result?: string } = {}) {
  return db.auditLog.count({ where });
}
