// Test factories: users and records created through the same code paths as the seed.
import { randomBytes } from "node:crypto";
import type { ActionActor } from "@/lib/actions/core";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";

export const TEST_PASSWORD = "Test@Pass2024";
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

export async function unitByCode(db: Db, code: string) {
  return db.unit.findUniqueOrThrow({ where: { code } });
}

export interface TestUser extends ActionActor {
  name: string;
  unitCode: string;
}

export async function makeUser(db: Db, role: Role, unitCode: string, extra: { username?: string; status?: "ACTIVE" | "DISABLED" } = {}): Promise<TestUser> {
  const unit = await unitByCode(db, unitCode);
  const username = extra.username ?? `u_${role.toLowerCase()}_${randomBytes(4).toString("hex")}`;
  const user = await db.user.create({
    data: { username, name: `测试${role}`, unitId: unit.id, role, passwordHash: await passwordHash(), status: extra.status ?? "ACTIVE" },
  });
  return { id: user.id, username, role, unitId: unit.id, unitPath: unit.path, name: user.name, unitCode };
}

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
