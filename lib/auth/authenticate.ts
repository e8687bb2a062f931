// Credential check for the login form. One generic answer for every failure, and the same work (one argon2
// verification) whether or not the user exists. Writes the audit row of every attempt.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write";
import { dummyHash, verifyPassword } from "./password";

export { LOGIN_FAILED_MESSAGE } from "./messages";
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

const ZCredentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export interface AuthenticatedUser {
  id: number;
  username: string;
  name: string;
  sessionVersion: number;
}

export async function authenticate(db: Db, raw: unknown, ip: string | null): Promise<AuthenticatedUser | null> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) {
    await verifyPassword(await dummyHash(), "x");
    return null;
  }
  const { username, password } = parsed.data;
  const user = await db.user.findUnique({
    where: { username },
    select: { id: true, username: true, name: true, role: true, status: true, passwordHash: true, failedLoginCount: true, lockedUntil: true, sessionVersion: true, unitId: true, unit: { select: { path: true } } },
  });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  const actor = user
    ? { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unit.path, role: user.role }
    : { userId: null, username, unitId: null, unitPath: null, role: null };
  const now = new Date();

  if (!user) {
    await writeAudit(db, { actor, action: "auth.login", entity: "User", result: "failure", reason: "用户不存在", ip });
    return null;
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await writeAudit(db, { actor, action: "auth.login", entity: "User", entityId: user.id, result: "failure", reason: "账户已锁定", ip });
    return null;
  }
  if (!ok) {
    const failures = user.failedLoginCount + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    await db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: lock ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) } : { failedLoginCount: failures },
      });
      await writeAudit(tx, { actor, action: "auth.login", entity: "User", entityId: user.id, result: "failure", reason: "密码错误", ip });
      if (lock) await writeAudit(tx, { actor, action: "auth.lockout", entity: "User", entityId: user.id, result: "success", reason: `连续 ${MAX_FAILED_LOGINS} 次密码错误，锁定 ${LOCK_MINUTES} 分钟`, ip });
    });
    return null;
  }
  if (user.status !== "ACTIVE") {
    await writeAudit(db, { actor, action: "auth.login", entity: "User", entityId: user.id, result: "failure", reason: "账户已停用", ip });
    return null;
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, lastLoginIp: ip } });
    await writeAudit(tx, { actor, action: "auth.login", entity: "User", entityId: user.id, result: "success", ip });
  });
  return { id: user.id, username: user.username, name: user.name, sessionVersion: user.sessionVersion };
}

/** Logout ends every session of the user: the session version moves on, so old tokens fail at their next request. */
export async function endSessions(db: Db, userId: number, action: "auth.logout" | "auth.revoke", ip: string | null, by?: { userId: number; username: string; unitId: number; unitPath: string; role: string }) {
  await db.$transaction(async (tx) => {
    const u = await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true, username: true, unitId: true, role: true, unit: { select: { path: true } } } });
    await writeAudit(tx, {
      actor: by ?? { userId: u.id, username: u.username, unitId: u.unitId, unitPath: u.unit.path, role: u.role },
      action,
      entity: "User",
      entityId: u.id,
      ip,
    });
  });
}
