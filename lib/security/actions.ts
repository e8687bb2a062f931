// 安全管理员: set the security policy, unlock accounts, reset a lost second factor, end sessions.
// Changes no role and reads no business data or audit log (三员分立).
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { hashPassword } from "@/lib/auth/password";
import { generateTemporaryPassword } from "@/lib/auth/password-policy";
import { BUSINESS_ROLES, type RoleName } from "@/lib/auth/permissions";
import { zId, zString, zText } from "@/lib/validation";
import { SECURITY_POLICY_KEY, ZSecurityPolicy, getSecurityPolicy } from "./policy";

export const ZUserRef = z.object({ id: zId("用户") });

const userUnitPath = async (db: Parameters<ActionDefinition["target"]>[0], id: number) =>
  (await db.user.findUnique({ where: { id }, select: { unit: { select: { path: true } } } }))?.unit.path ?? null;

export const unlockUserAction: ActionDefinition<typeof ZUserRef, { id: number }> = {
  name: "security.unlockUser",
  title: "解锁账户",
  permission: "security:manage",
  input: ZUserRef,
  target: (db, input) => userUnitPath(db, input.id),
  run: async (tx, input) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, username: true, lockedUntil: true, lockedManual: true, failedLoginCount: true, lockoutCount: true } });
    await tx.user.update({ where: { id: input.id }, data: { lockedUntil: null, lockedManual: false, failedLoginCount: 0, lockoutCount: 0, lockoutDay: null } });
    return {
      data: { id: before.id },
      audit: {
        entity: "User",
        entityId: before.id,
        before: { lockedUntil: before.lockedUntil, lockedManual: before.lockedManual, failedLoginCount: before.failedLoginCount, lockoutCount: before.lockoutCount },
        after: { lockedUntil: null, lockedManual: false, failedLoginCount: 0, lockoutCount: 0 },
      },
      message: `已解锁 ${before.username}`,
    };
  },
};

export const revokeSessionsAction: ActionDefinition<typeof ZUserRef, { id: number }> = {
  name: "security.revokeSessions",
  title: "终止用户会话",
  permission: "security:manage",
  input: ZUserRef,
  target: (db, input) => userUnitPath(db, input.id),
  run: async (tx, input) => {
    const u = await tx.user.update({ where: { id: input.id }, data: { sessionVersion: { increment: 1 } }, select: { id: true, username: true, sessionVersion: true } });
    return {
      data: { id: u.id },
      audit: { entity: "User", entityId: u.id, after: { sessionVersion: u.sessionVersion } },
      message: `已终止 ${u.username} 的全部会话`,
    };
  },
};

/**
 * Two-person control (三员分立): an account the 系统管理员 created or whose password it reset stays 待激活 until a
 * 安全管理员 activates it here. Activation generates the initial password, stores only its argon2 hash and returns
 * it once to the activating 安全管理员, who delivers it to the person; the first sign-in with it is a restricted
 * session (new password, then the second factor). Neither administrator alone ever holds a working password.
 */
export const activateUserAction: ActionDefinition<typeof ZUserRef, { id: number; username: string; initialPassword: string }> = {
  name: "security.activateUser",
  title: "激活账户",
  permission: "security:manage",
  input: ZUserRef,
  target: (db, input) => userUnitPath(db, input.id),
  run: async (tx, input, ctx) => {
    if (input.id === ctx.actor.id) throw new ActionError("不能激活本人账户（须由另一名安全管理员操作）", undefined, "FORBIDDEN");
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, username: true, role: true, status: true, pendingActivation: true, pendingSince: true } });
    if (!BUSINESS_ROLES.includes(before.role as RoleName)) throw new ActionError("三员账户不能在此激活", undefined, "FORBIDDEN");
    if (!before.pendingActivation) throw new ActionError(`${before.username} 不是待激活账户，无需激活`);
    const initialPassword = generateTemporaryPassword();
    // compare-and-set: two 安全管理员 activating at once produce one password, not two
    const { count } = await tx.user.updateMany({
      where: { id: before.id, pendingActivation: before.pendingActivation },
      data: {
        passwordHash: await hashPassword(initialPassword),
        mustChangePassword: true,
        passwordChangedAt: new Date(),
        pendingActivation: null,
        pendingSince: null,
        failedLoginCount: 0,
        sessionVersion: { increment: 1 },
        version: { increment: 1 },
      },
    });
    if (!count) throw new ActionError(`${before.username} 已被其他安全管理员激活`);
    const kind = before.pendingActivation === "CREATED" ? "新建账户" : "密码重置";
    return {
      data: { id: before.id, username: before.username, initialPassword },
      audit: {
        entity: "User",
        entityId: before.id,
        before: { 激活状态: `待激活（${kind}）`, 待激活起始: before.pendingSince },
        after: { 激活状态: "已激活：已生成初始密码（仅向激活人显示一次，只保存摘要）；首次登录须修改密码并绑定动态口令" },
      },
      message: `已激活 ${before.username}。初始密码只显示这一次，请当面或以密封方式交给本人；首次登录须修改密码并绑定动态口令。`,
    };
  },
};

/** A lost phone: the user's TOTP key and recovery codes are removed; they enrol again at their next login. */
export const resetMfaAction: ActionDefinition<typeof ZUserRef, { id: number }> = {
  name: "security.resetMfa",
  title: "重置动态口令",
  permission: "security:manage",
  input: ZUserRef,
  target: (db, input) => userUnitPath(db, input.id),
  run: async (tx, input, ctx) => {
    if (input.id === ctx.actor.id) throw new ActionError("不能重置本人的动态口令（请由另一名安全管理员操作）", undefined, "FORBIDDEN");
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, username: true, totpEnabledAt: true } });
    if (!before.totpEnabledAt) throw new ActionError(`${before.username} 尚未绑定动态口令，无需重置`);
    await tx.recoveryCode.deleteMany({ where: { userId: before.id } });
    await tx.user.update({ where: { id: before.id }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: { increment: 1 } } });
    return {
      data: { id: before.id },
      audit: { entity: "User", entityId: before.id, before: { mfa: "已绑定" }, after: { mfa: "已重置，须重新绑定" } },
      message: `已重置 ${before.username} 的动态口令；其会话已终止，下次登录须重新绑定`,
    };
  },
};

// ---- the policy form: flat fields (numbers as text, checkboxes "on"/absent), and the version the form was read at

const num = (label: string) => z.coerce.number({ error: `${label}必须是数字` }).int(`${label}必须是整数`);
const flag = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const ZPolicyForm = z.object({
  /** the stored policy's timestamp when the form was opened ("" when none was stored): a newer save is not overwritten */
  readAt: zString().max(40),
  minLength: num("最小长度"),
  minClasses: num("字符类别数"),
  forbidUsername: flag,
  forbidCommon: flag,
  history: num("历史密码个数"),
  maxAgeDays: num("密码有效期"),
  maxFailures: num("连续失败次数"),
  lockMinutes: num("锁定时长"),
  manualAfter: num("每日锁定次数"),
  throttleMaxFailures: num("同一地址失败次数"),
  throttleWindowMinutes: num("统计时间窗"),
  mfaRequired: flag,
  retentionDays: num("审计保存天数"),
});

const FIELD_OF: Record<string, string> = {
  "password.minLength": "minLength", "password.minClasses": "minClasses", "password.history": "history", "password.maxAgeDays": "maxAgeDays",
  "lockout.maxFailures": "maxFailures", "lockout.lockMinutes": "lockMinutes", "lockout.manualAfter": "manualAfter",
  "throttle.maxFailures": "throttleMaxFailures", "throttle.windowMinutes": "throttleWindowMinutes", "audit.retentionDays": "retentionDays",
};

export const updatePolicyAction: ActionDefinition<typeof ZPolicyForm, { readAt: string }> = {
  name: "security.updatePolicy",
  title: "设置安全策略",
  permission: "security:manage",
  input: ZPolicyForm,
  // the policy is the province's: only a 安全管理员 of the province unit may change it
  target: async (db, _input, ctx) => {
    const unit = await db.unit.findUnique({ where: { id: ctx.actor.unitId }, select: { level: true } });
    const root = await db.unit.findFirst({ where: { parentId: null }, select: { path: true } });
    return unit?.level === "PROVINCE" ? (root?.path ?? null) : "/__province_only__/";
  },
  run: async (tx, input, ctx) => {
    const next = ZSecurityPolicy.safeParse({
      password: { minLength: input.minLength, minClasses: input.minClasses, forbidUsername: input.forbidUsername, forbidCommon: input.forbidCommon, history: input.history, maxAgeDays: input.maxAgeDays },
      lockout: { maxFailures: input.maxFailures, lockMinutes: input.lockMinutes, manualAfter: input.manualAfter },
      throttle: { maxFailures: input.throttleMaxFailures, windowMinutes: input.throttleWindowMinutes },
      mfa: { required: input.mfaRequired },
      audit: { retentionDays: input.retentionDays },
    });
    if (!next.success) {
      const fields: Record<string, string> = {};
      for (const i of next.error.issues) fields[FIELD_OF[i.path.join(".")] ?? "_form"] ??= i.message;
      throw new ActionError("安全策略有误，请按提示修改", fields);
    }
    const row = await tx.setting.findUnique({ where: { key: SECURITY_POLICY_KEY } });
    if ((row?.updatedAt.toISOString() ?? "") !== input.readAt) {
      throw new ConflictError({ 最后修改: row?.updatedAt.toISOString() ?? "（默认值）" });
    }
    const before = await getSecurityPolicy(tx);
    const saved = await tx.setting.upsert({
      where: { key: SECURITY_POLICY_KEY },
      create: { key: SECURITY_POLICY_KEY, value: next.data, updatedById: ctx.actor.id },
      update: { value: next.data, updatedById: ctx.actor.id },
    });
    return {
      data: { readAt: saved.updatedAt.toISOString() },
      audit: { entity: "Setting", entityId: SECURITY_POLICY_KEY, before, after: next.data },
      message: "安全策略已保存，立即生效",
    };
  },
};

// ── 大屏 display devices ──────────────────────────────────────────────────────────────────────────────────────────
// A command-centre display is an account of role DISPLAY bound to a unit: it reaches only /wall/* of its subtree
// (lib/auth/permissions.ts). The 安全管理员 creates it here — the password is shown once, to sign the display in
// once; the session then lasts 30 days without an idle limit (lib/auth/session-policy.ts) — and revokes it (the
// account is disabled and every session of it ends at its next request, the wall's stream within 15 s).

export const ZDisplayCreate = z.object({ name: zText("设备名称", 2, 40), unitId: zId("单位") });

export const createDisplayAction: ActionDefinition<typeof ZDisplayCreate, { id: number; username: string; password: string }> = {
  name: "security.createDisplay",
  title: "新增大屏设备",
  permission: "security:manage",
  input: ZDisplayCreate,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true, level: true } }))?.path ?? null,
  run: async (tx, input) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { id: true, code: true, level: true, active: true } });
    if (!unit.active || !["PROVINCE", "CITY", "COUNTY"].includes(unit.level)) throw new ActionError("大屏只能绑定省厅、市州或县区", { unitId: "请选择省厅、市州或县区" });
    const password = generateTemporaryPassword(20);
    const username = `dp_${unit.code}_${randomBytes(3).toString("hex")}`;
    const u = await tx.user.create({
      data: { username, name: input.name, role: "DISPLAY", unitId: unit.id, passwordHash: await hashPassword(password), mustChangePassword: false, mfaExempt: true },
      select: { id: true, username: true },
    });
    return {
      data: { id: u.id, username: u.username, password },
      audit: { entity: "User", entityId: u.id, after: { username: u.username, name: input.name, role: "DISPLAY", unit: unit.code } },
      message: `已新增大屏设备 ${u.username}`,
    };
  },
};

export const revokeDisplayAction: ActionDefinition<typeof ZUserRef, { id: number }> = {
  name: "security.revokeDisplay",
  title: "吊销大屏设备",
  permission: "security:manage",
  input: ZUserRef,
  target: (db, input) => userUnitPath(db, input.id),
  run: async (tx, input) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, username: true, role: true, status: true } });
    if (before.role !== "DISPLAY") throw new ActionError("只能吊销大屏设备", undefined, "FORBIDDEN");
    const u = await tx.user.update({ where: { id: input.id }, data: { status: "DISABLED", sessionVersion: { increment: 1 } }, select: { id: true, username: true, sessionVersion: true } });
    return {
      data: { id: u.id },
      audit: { entity: "User", entityId: u.id, before: { status: before.status }, after: { status: "DISABLED", sessionVersion: u.sessionVersion } },
      message: `已吊销大屏设备 ${u.username}`,
    };
  },
};
