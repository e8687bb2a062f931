// 安全管理员: unlock accounts and end sessions. Changes no role and reads no business data.
import { z } from "zod";
import type { ActionDefinition } from "@/lib/actions/core";
import { zId } from "@/lib/validation";

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
    const before = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { id: true, username: true, lockedUntil: true, failedLoginCount: true } });
    await tx.user.update({ where: { id: input.id }, data: { lockedUntil: null, failedLoginCount: 0 } });
    return {
      data: { id: before.id },
      audit: { entity: "User", entityId: before.id, before: { lockedUntil: before.lockedUntil, failedLoginCount: before.failedLoginCount }, after: { lockedUntil: null, failedLoginCount: 0 } },
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
