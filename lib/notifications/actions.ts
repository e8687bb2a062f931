// 「全部标为已读」: marks every message the caller can see as read (their own, still in their scope) up to the newest
// one drawn on their screen (`upTo`): a message that arrives in between stays unread. Audited.
// Opening one message marks it read too (lib/notifications/routes.ts).
import { z } from "zod";
import type { ActionDefinition } from "@/lib/actions/core";
import { recordsIn, userScope } from "@/lib/auth/scope";
import { zId } from "@/lib/validation";

export const ZReadAll = z.object({ upTo: zId("消息编号") });

export const markAllReadAction: ActionDefinition<typeof ZReadAll, { count: number }> = {
  name: "notification.readAll",
  title: "站内消息全部标为已读",
  permission: "dashboard:read",
  input: ZReadAll,
  // the caller's own messages only: nothing outside their own unit is touched
  target: async (_db, _input, ctx) => ctx.actor.unitPath,
  run: async (tx, input, ctx) => {
    const { count } = await tx.notification.updateMany({
      where: { userId: ctx.actor.id, readAt: null, id: { lte: input.upTo }, OR: [{ unitPath: null }, recordsIn(userScope(ctx.actor))] },
      data: { readAt: new Date() },
    });
    return {
      data: { count },
      audit: { entity: "Notification", entityId: ctx.actor.id, after: { read: count, upTo: input.upTo } },
      message: count ? `已将 ${count} 条消息标为已读` : "没有未读消息",
    };
  },
};
