// What every user may do to their own account.
import { z } from "zod";
import { ActionError, type ActionDefinition } from "@/lib/actions/core";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkPassword } from "@/lib/auth/password-policy";

export const ZChangePassword = z
  .object({
    currentPassword: z.string({ error: "请输入当前密码" }).min(1, "请输入当前密码").max(256, "密码过长"),
    newPassword: z.string({ error: "请输入新密码" }).min(1, "请输入新密码").max(256, "密码过长"),
    confirmPassword: z.string({ error: "请再次输入新密码" }).max(256, "密码过长"),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "新密码不能与当前密码相同" });

export const changePasswordAction: ActionDefinition<typeof ZChangePassword, { loggedOut: true }> = {
  name: "account.changePassword",
  title: "修改本人密码",
  permission: "account:self",
  input: ZChangePassword,
  target: async (db, _input, ctx) => (await db.unit.findUnique({ where: { id: ctx.actor.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { id: true, username: true, passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new ActionError("当前密码不正确", { currentPassword: "当前密码不正确" });
    const problems = checkPassword(input.newPassword, user.username);
    if (problems.length) throw new ActionError("新密码不符合要求", { newPassword: `新密码${problems.join("；")}` });
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
