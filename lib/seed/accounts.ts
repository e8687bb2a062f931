// The one way an account with a known password is written directly (outside the two-person flow of lib/users, where
// the 系统管理员 creates and the 安全管理员 activates): the demo seed's accounts, and the users the tests create
// (tests/support/factories.ts). Demo-like accounts open with their password alone.
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";

export interface PasswordAccount {
  username: string;
  name: string;
  unitId: number;
  role: Role;
  /** argon2id hash (lib/auth/password.ts hashPassword) */
  passwordHash: string;
  badgeNo?: string | null;
  status?: "ACTIVE" | "DISABLED";
  /** demo-like: no first-login change and no second factor (the demo accounts; the end-to-end tests' users) */
  demoLike?: boolean;
}

/** Creates the accounts (an existing username is left alone) and returns the rows created. */
export async function createPasswordAccounts(db: Db, accounts: PasswordAccount[]) {
  if (!accounts.length) return [];
  return db.user.createManyAndReturn({
    data: accounts.map((a) => ({
      username: a.username,
      name: a.name,
      badgeNo: a.badgeNo ?? null,
      unitId: a.unitId,
      role: a.role,
      passwordHash: a.passwordHash,
      status: a.status ?? "ACTIVE",
      mustChangePassword: false,
      mfaExempt: a.demoLike ?? false,
    })),
    skipDuplicates: true,
  });
}
