// What every user may do to their own account: change the password (policy and history checked), enrol a second
// factor (TOTP) and renew the recovery codes. These are also the only actions a restricted session may run.
import { z } from "zod";
import { zString } from "@/lib/validation";
import { ActionError, type ActionDefinition } from "@/lib/actions/core";
import type { Tx } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPassword, reusesRecentPassword } from "@/lib/auth/password-policy";
import { checkTotp, hashRecoveryCode, newRecoveryCodes, openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";
import { open } from "@/lib/security/secret-box";
import { getSecurityPolicy } from "@/lib/security/policy";

const ownUnitPath: ActionDefinition["target"] = async (db, _input, ctx) => (await db.unit.findUnique({ where: { id: ctx.actor.unitId }, select: { path: true } }))?.path ?? null;

export const ZChangePassword = z
  .object({
    currentPassword: zString({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(256, "密码过长"),
    newPassword: zString({ error: "请输入新密码" }).min(1, "请输入新密码").max(256, "密码过长"),
    confirmPassword: zString({ error: "请再次输入新密码" }).max(256, "密码过长"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "新密码不能与当前密码相同" });

/** Records `oldHash` in the history and keeps only what the policy needs. */
export async function rememberPassword(tx: Tx, userId: number, oldHash: string, keep: number) {
  await tx.passwordHistory.create({ data: { userId, passwordHash: oldHash } });
  const stale = await tx.passwordHistory.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: Math.max(keep, 1), select: { id: true } });
  if (stale.length) await tx.passwordHistory.deleteMany({ where: { id: { in: stale.map((s) => s.id) } } });
}

export const changePasswordAction: ActionDefinition<typeof ZChangePassword, { loggedOut: true }> = {
  name: "account.changePassword",
  title: "修改本人密码",
  permission: "account:self",
  input: ZChangePassword,
  target: ownUnitPath,
  run: async (tx, input, ctx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { id: true, username: true, passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new ActionError("当前密码不正确", { currentPassword: "当前密码不正确" });
    const policy = (await getSecurityPolicy(tx)).password;
    const problems = checkPassword(input.newPassword, user.username, policy);
    if (problems.length) throw new ActionError("新密码不符合要求", { newPassword: `新密码${problems.join("；")}` });
    if (policy.history > 0) {
      // the current password counts as one of the last N
      const earlier = await tx.passwordHistory.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.max(policy.history - 1, 0), select: { passwordHash: true } });
      if (await reusesRecentPassword(input.newPassword, earlier.map((e) => e.passwordHash))) {
        throw new ActionError("新密码不符合要求", { newPassword: `新密码不能与最近 ${policy.history} 次使用过的密码相同` });
      }
    }
    await rememberPassword(tx, user.id, user.passwordHash, policy.history);
    await tx.user.update({
      where: { id: user.id },
      data: {
        passwordHash: await hashPassword(input.newPassword),
        passwordChangedAt: new Date(),
        mustChangePassword: false,
        sessionVersion: { increment: 1 },
        version: { increment: 1 },
      },
    });
    return {
      data: { loggedOut: true },
      audit: { entity: "User", entityId: user.id, after: { changed: "密码" } },
      message: "密码已修改，请用新密码重新登录",
    };
  },
};

// ---- second factor

const ZCode = zString({ error: "请输入验证器上的 6 位数字" }).trim().regex(/^\d{6}$/, "请输入验证器上显示的 6 位数字");

export const ZEnrollTotp = z.object({
  /** the new key as the enrolment page sealed it for this user (secret-box, context "totp-enrol:<userId>") */
  pending: zString({ error: "绑定信息缺失，请刷新页面重试" }).min(20, "绑定信息无效，请刷新页面重试").max(400, "绑定信息无效，请刷新页面重试"),
  code: ZCode,
});

export const enrolContext = (userId: number) => `totp-enrol:${userId}`;

async function replaceRecoveryCodes(tx: Tx, userId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(userId, c) })) });
  return codes;
}

export const enrollTotpAction: ActionDefinition<typeof ZEnrollTotp, { recoveryCodes: string[] }> = {
  name: "account.enrollTotp",
  title: "绑定动态口令",
  permission: "account:self",
  input: ZEnrollTotp,
  target: ownUnitPath,
  run: async (tx, input, ctx) => {
    const secret = open(input.pending, enrolContext(ctx.actor.id));
    if (!secret) throw new ActionError("绑定信息无效或已过期，请刷新页面后重新扫码", { code: "绑定信息无效，请刷新页面后重新扫码" });
    const step = checkTotp(secret, input.code, null);
    if (step === null) throw new ActionError("动态口令不正确", { code: "动态口令不正确：请确认手机时间准确，并输入验证器上当前显示的 6 位数字" });
    const before = await tx.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { totpEnabledAt: true } });
    await tx.user.update({
      where: { id: ctx.actor.id },
      data: { totpSecret: sealTotpSecret(ctx.actor.id, secret), totpEnabledAt: new Date(), totpLastStep: step, version: { increment: 1 } },
    });
    const recoveryCodes = await replaceRecoveryCodes(tx, ctx.actor.id);
    return {
      data: { recoveryCodes },
      audit: { entity: "User", entityId: ctx.actor.id, before: { mfa: before.totpEnabledAt ? "已绑定" : "未绑定" }, after: { mfa: before.totpEnabledAt ? "已更换验证器" : "已绑定", recoveryCodesIssued: recoveryCodes.length } },
      message: "动态口令已绑定。请立即保存下方的 10 个恢复码",
    };
  },
};

export const ZRenewRecoveryCodes = z.object({ code: ZCode });

export const renewRecoveryCodesAction: ActionDefinition<typeof ZRenewRecoveryCodes, { recoveryCodes: string[] }> = {
  name: "account.renewRecoveryCodes",
  title: "重新生成恢复码",
  permission: "account:self",
  input: ZRenewRecoveryCodes,
  target: ownUnitPath,
  run: async (tx, input, ctx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { id: true, totpSecret: true, totpLastStep: true } });
    const secret = openTotpSecret(user.id, user.totpSecret);
    if (!secret) throw new ActionError("尚未绑定动态口令", { code: "请先绑定动态口令" });
    const step = checkTotp(secret, input.code, user.totpLastStep);
    if (step === null) throw new ActionError("动态口令不正确", { code: "动态口令不正确或已使用过，请等待下一个口令" });
    await tx.user.update({ where: { id: user.id }, data: { totpLastStep: step } });
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    return {
      data: { recoveryCodes },
      audit: { entity: "User", entityId: user.id, after: { recoveryCodesIssued: recoveryCodes.length } },
      message: "已生成新的恢复码，旧的恢复码全部作废",
    };
  },
};
