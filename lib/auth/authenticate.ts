// Credential check for the login form (等保 身份鉴别). One generic answer for every failure and the same work (one
// argon2 verification, one transaction with one audit row) whether or not the user exists, whether the password or
// the second factor was wrong, and whether the account or the address is locked. Writes the audit row of every
// attempt; the per-address throttle counts those rows.
//
//   password wrong / second factor wrong ─► failure; the policy's maxFailures in a row lock the account for
//   lockMinutes; the policy's manualAfter lockouts in one (Beijing) day lock it until a 安全管理员 unlocks it.
//   too many failures from one address in the window ─► refused before the account is even looked at.
import { z } from "zod";
import { zString } from "@/lib/validation";
import { writeAudit } from "@/lib/audit/write";
import type { Db, Tx } from "@/lib/db/client";
import { getSecurityPolicy } from "@/lib/security/policy";
import { dayString, shanghaiToday } from "@/lib/time";
import { dummyHash, verifyPassword } from "./password";
import { checkTotp, hashRecoveryCode, normaliseRecoveryCode, openTotpSecret } from "./totp";

export { LOGIN_FAILED_MESSAGE } from "./messages";

const ZCredentials = z.object({
  username: zString().trim().min(1).max(64),
  password: zString().min(1).max(256),
  otp: zString().trim().max(32).optional().default(""),
});

export interface AuthenticatedUser {
  id: number;
  username: string;
  name: string;
  sessionVersion: number;
  role: string;
}

/** Failed logins from `ip` within the policy's window (the audit log is the counter). */
async function failuresFromAddress(db: Db, ip: string, windowMinutes: number): Promise<number> {
  return db.auditLog.count({ where: { ip, action: "auth.login", result: "failure", at: { gte: new Date(Date.now() - windowMinutes * 60_000) } } });
}

/** The second factor: a current TOTP code (once) or an unused recovery code (once). */
async function checkSecondFactor(tx: Tx, user: { id: number; totpSecret: string | null; totpLastStep: number | null }, otp: string): Promise<"totp" | "recovery" | null> {
  const secret = openTotpSecret(user.id, user.totpSecret);
  if (secret) {
    const step = checkTotp(secret, otp, user.totpLastStep);
    if (step !== null) {
      // the compare-and-set makes a code usable once even when two logins race
      const { count } = await tx.user.updateMany({ where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] }, data: { totpLastStep: step } });
      return count === 1 ? "totp" : null;
    }
  }
  if (normaliseRecoveryCode(otp)) {
    const { count } = await tx.recoveryCode.updateMany({ where: { userId: user.id, codeHash: hashRecoveryCode(user.id, otp), usedAt: null }, data: { usedAt: new Date() } });
    if (count === 1) return "recovery";
  }
  return null;
}

export async function authenticate(db: Db, raw: unknown, ip: string | null): Promise<AuthenticatedUser | null> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) {
    await verifyPassword(await dummyHash(), "x");
    return null;
  }
  const { username, password, otp } = parsed.data;
  const policy = await getSecurityPolicy(db);
  const now = new Date();
  const throttled = ip !== null && (await failuresFromAddress(db, ip, policy.throttle.windowMinutes)) >= policy.throttle.maxFailures;

  const user = await db.user.findUnique({
    where: { username },
    select: {
      id: true, username: true, name: true, role: true, status: true, passwordHash: true, failedLoginCount: true, lockedUntil: true, lockedManual: true,
      lockoutDay: true, lockoutCount: true, sessionVersion: true, unitId: true, totpSecret: true, totpEnabledAt: true, totpLastStep: true, mfaExempt: true,
      pendingActivation: true, mustChangePassword: true,
      unit: { select: { path: true } },
    },
  });
  // always one argon2 verification: the same time whether or not the user exists or is locked
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  const actor = user
    ? { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unit.path, role: user.role }
    : { userId: null, username, unitId: null, unitPath: null, role: null };
  const fail = (tx: Tx, reason: string) => writeAudit(tx, { actor, action: "auth.login", entity: "User", entityId: user?.id ?? null, result: "failure", reason, ip });

  return db.$transaction(async (tx) => {
    if (throttled) {
      await fail(tx, `来源地址 ${policy.throttle.windowMinutes} 分钟内登录失败已达 ${policy.throttle.maxFailures} 次，暂时拒绝`);
      return null;
    }
    if (!user) {
      // the same statements as for a real account: an update (of nothing) and the audit row
      await tx.user.updateMany({ where: { id: -1 }, data: { failedLoginCount: { increment: 1 } } });
      await fail(tx, "用户不存在");
      return null;
    }
    if (user.lockedManual) {
      await fail(tx, "账户已锁定，须由安全管理员解锁");
      return null;
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await fail(tx, "账户已临时锁定");
      return null;
    }
    if (user.pendingActivation) {
      // created or reset by the 系统管理员 and not yet activated by a 安全管理员: no password works (the same answer)
      await fail(tx, `账户待激活（${user.pendingActivation === "CREATED" ? "新建" : "密码已重置"}），须由安全管理员激活后方可登录`);
      return null;
    }
    const mfaOn = !!user.totpEnabledAt && !user.mfaExempt;
    const factor = passwordOk && mfaOn ? await checkSecondFactor(tx, user, otp) : null;
    if (!passwordOk || (mfaOn && !factor)) {
      const failures = user.failedLoginCount + 1;
      const lock = failures >= policy.lockout.maxFailures;
      const today = dayString(shanghaiToday(now));
      const lockouts = lock ? (user.lockoutDay === today ? user.lockoutCount : 0) + 1 : user.lockoutCount;
      const manual = lock && lockouts >= policy.lockout.manualAfter;
      await tx.user.update({
        where: { id: user.id },
        data: lock
          ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + policy.lockout.lockMinutes * 60_000), lockoutDay: today, lockoutCount: lockouts, lockedManual: manual }
          : { failedLoginCount: failures },
      });
      await fail(tx, passwordOk ? (otp ? "动态口令错误" : "未输入动态口令") : "密码错误");
      if (lock) {
        await writeAudit(tx, {
          actor, action: "auth.lockout", entity: "User", entityId: user.id, result: "success", ip,
          reason: manual
            ? `今日第 ${lockouts} 次锁定：须由安全管理员解锁`
            : `连续 ${policy.lockout.maxFailures} 次登录失败，锁定 ${policy.lockout.lockMinutes} 分钟（今日第 ${lockouts} 次）`,
        });
      }
      return null;
    }
    if (user.status !== "ACTIVE") {
      await fail(tx, "账户已停用");
      return null;
    }
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now, lastLoginIp: ip } });
    if (factor === "recovery") {
      const left = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
      await writeAudit(tx, { actor, action: "auth.recovery_code", entity: "User", entityId: user.id, reason: `使用了一个恢复码，剩余 ${left} 个`, ip });
    }
    const how = factor ? (factor === "totp" ? "密码 + 动态口令" : "密码 + 恢复码") : "密码";
    const first = user.mustChangePassword && !user.mfaExempt ? "；初始密码或重置后的首次登录：受限会话，须先修改密码（未绑定动态口令的须再绑定）" : "";
    await writeAudit(tx, { actor, action: "auth.login", entity: "User", entityId: user.id, result: "success", reason: how + first, ip });
    return { id: user.id, username: user.username, name: user.name, sessionVersion: user.sessionVersion, role: user.role };
  });
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
