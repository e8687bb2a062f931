// User administration (系统管理员, within their subtree). Business roles only: the three administrator accounts
// (三员) are created at installation and cannot be created, changed or promoted to from here.
//
// Two-person control (三员分立): the 系统管理员 never learns a password. An account it creates, or whose password it
// resets, is 待激活 (pendingActivation) with an unusable random hash; only a 安全管理员 activates it
// (security.activateUser), which generates the initial password and shows it once to the activating 安全管理员.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { hashPassword } from "@/lib/auth/password";
import { rememberPassword } from "@/lib/account/actions";
import { getSecurityPolicy } from "@/lib/security/policy";
import { BUSINESS_ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { zId, zString, zText, zVersion } from "@/lib/validation";

const zBusinessRole = z.enum(BUSINESS_ROLES as [RoleName, ...RoleName[]], { error: "请选择业务角色（指挥员、民警、审核人、分析员）" });

const zUsername = z
  .string({ error: "请填写用户名" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{2,31}$/, "用户名为 3–32 位小写字母、数字或下划线，以字母开头");

const zBadge = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  zString().trim().regex(/^[0-9A-Za-z]{4,12}$/, "警号为 4–12 位数字或字母").optional(),
);

const zPhone = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  zString().trim().regex(/^[0-9-]{5,20}$/, "电话号码格式不正确").optional(),
);

export const ZCreateUser = z.object({
  username: zUsername,
  name: zText("姓名", 2, 30),
  badgeNo: zBadge,
  phone: zPhone,
  unitId: zId("所属单位"),
  role: zBusinessRole,
});

/** A hash of 32 random bytes that are thrown away: nobody, not even the server, knows a password that matches it. */
export const unusablePasswordHash = () => hashPassword(randomBytes(32).toString("base64url"));

const userAudit = (u: { username: string; name: string; badgeNo: string | null; unitId: number; role: string; status: string }) => ({
  username: u.username,
  name: u.name,
  badgeNo: u.badgeNo,
  unitId: u.unitId,
  role: u.role,
  status: u.status,
});

export const createUserAction: ActionDefinition<typeof ZCreateUser, { id: number; username: string }> = {
  name: "user.create",
  title: "新建用户",
  permission: "user:manage",
  input: ZCreateUser,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { active: true, name: true } });
    if (!unit.active) throw new ActionError("所属单位已停用", { unitId: "所属单位已停用" });
    if (await tx.user.findUnique({ where: { username: input.username }, select: { id: true } })) throw new ActionError("用户名已存在", { username: "用户名已存在" });
    if (input.badgeNo && (await tx.user.findUnique({ where: { badgeNo: input.badgeNo }, select: { id: true } }))) throw new ActionError("警号已被使用", { badgeNo: "警号已被使用" });
    // 待激活: no password exists until a 安全管理员 activates the account
    const user = await tx.user.create({
      data: {
        username: input.username,
        name: input.name,
        badgeNo: input.badgeNo ?? null,
        phone: input.phone ?? null,
        unitId: input.unitId,
        role: input.role,
        passwordHash: await unusablePasswordHash(),
        mustChangePassword: true,
        pendingActivation: "CREATED",
        pendingSince: new Date(),
      },
    });
    return {
      data: { id: user.id, username: user.username },
      audit: { entity: "User", entityId: user.id, after: { ...userAudit(user), 激活状态: "待激活（须由安全管理员激活后生成初始密码）" } },
      message: `已新建用户 ${user.username}（${ROLE_LABELS[input.role]}，${unit.name}），状态：待激活。请安全管理员在「安全管理」页激活账户，初始密码由其交给本人。`,
    };
  },
};

export const ZUpdateUser = z.object({
  id: zId("用户"),
  version: zVersion,
  name: zText("姓名", 2, 30),
  badgeNo: zBadge,
  phone: zPhone,
  unitId: zId("所属单位"),
  role: zBusinessRole,
  status: z.enum(["ACTIVE", "DISABLED"], { error: "请选择账户状态" }),
});

async function userAndUnitPaths(db: Parameters<ActionDefinition["target"]>[0], userId: number) {
  return db.user.findUnique({ where: { id: userId }, select: { role: true, unit: { select: { path: true } } } });
}

export const updateUserAction: ActionDefinition<typeof ZUpdateUser, { id: number; version: number }> = {
  name: "user.update",
  title: "修改用户",
  permission: "user:manage",
  input: ZUpdateUser,
  target: async (db, input) => {
    const user = await userAndUnitPaths(db, input.id);
    const unit = await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } });
    return [user?.unit.path ?? null, unit?.path ?? null];
  },
  run: async (tx, input, ctx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id } });
    if (!BUSINESS_ROLES.includes(before.role as RoleName)) throw new ActionError("三员账户不能在此修改", undefined, "FORBIDDEN");
    if (before.id === ctx.actor.id) throw new ActionError("不能修改本人账户", undefined, "FORBIDDEN");
    if (input.unitId !== before.unitId) {
      const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { active: true } });
      if (!unit.active) throw new ActionError("所属单位已停用", { unitId: "所属单位已停用" });
    }
    if (input.badgeNo && input.badgeNo !== before.badgeNo && (await tx.user.findUnique({ where: { badgeNo: input.badgeNo }, select: { id: true } })))
      throw new ActionError("警号已被使用", { badgeNo: "警号已被使用" });
    // a change of role, unit or status ends the user's sessions at their next request
    const endsSessions = input.role !== before.role || input.unitId !== before.unitId || input.status !== before.status;
    const { count } = await tx.user.updateMany({
      where: { id: input.id, version: input.version },
      data: {
        name: input.name,
        badgeNo: input.badgeNo ?? null,
        phone: input.phone ?? null,
        unitId: input.unitId,
        role: input.role,
        status: input.status,
        version: { increment: 1 },
        ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    if (!count)
      throw new ConflictError({ name: before.name, badgeNo: before.badgeNo, phone: before.phone, unitId: before.unitId, role: before.role, status: before.status, version: before.version });
    const after = { ...before, ...input, badgeNo: input.badgeNo ?? null };
    return {
      data: { id: before.id, version: input.version + 1 },
      audit: { entity: "User", entityId: before.id, before: userAudit(before), after: userAudit(after) },
      message: endsSessions ? "已保存；该用户需重新登录" : "已保存",
    };
  },
};

export const ZResetPassword = z.object({ id: zId("用户") });

export const resetPasswordAction: ActionDefinition<typeof ZResetPassword, { id: number }> = {
  name: "user.resetPassword",
  title: "重置用户密码",
  permission: "user:manage",
  input: ZResetPassword,
  target: async (db, input) => (await userAndUnitPaths(db, input.id))?.unit.path ?? null,
  run: async (tx, input, ctx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, role: true, username: true, passwordHash: true } });
    if (!BUSINESS_ROLES.includes(user.role as RoleName)) throw new ActionError("三员账户不能在此修改", undefined, "FORBIDDEN");
    if (user.id === ctx.actor.id) throw new ActionError("请在「修改密码」页修改本人密码", undefined, "FORBIDDEN");
    // the old password stays in the history (it may not come back); a lockout stays for the 安全管理员 to lift.
    // The account waits for a 安全管理员 to activate it: only then is a new password generated (and shown to them).
    await rememberPassword(tx, user.id, user.passwordHash, (await getSecurityPolicy(tx)).password.history);
    await tx.user.update({
      where: { id: user.id },
      data: {
        passwordHash: await unusablePasswordHash(),
        mustChangePassword: true,
        passwordChangedAt: new Date(),
        pendingActivation: "RESET",
        pendingSince: new Date(),
        sessionVersion: { increment: 1 },
        version: { increment: 1 },
      },
    });
    return {
      data: { id: user.id },
      audit: { entity: "User", entityId: user.id, after: { 密码: "已重置（旧密码失效）", 激活状态: "待激活（须由安全管理员激活后生成初始密码）" } },
      message: `已重置 ${user.username} 的密码：旧密码和当前会话已失效，账户待激活。请安全管理员在「安全管理」页激活，初始密码由其交给本人。`,
    };
  },
};
