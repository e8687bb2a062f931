// Opening a message (/notifications/<id>/open): the reader's own message only, still in their scope; it is marked
// read and the browser is sent to the record. The stored href goes through the one same-origin rule
// (lib/http/safe-redirect.ts): a message never sends anyone off the site.
import { contains, userScope } from "@/lib/auth/scope";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

export const NOTIFICATIONS_PAGE = "/notifications";

/** Where an opened message leads: its record, or the list when it has none or its href is not a path of this site. */
export function openTarget(href: string | null): string {
  if (!href) return NOTIFICATIONS_PAGE;
  const path = safeRedirectPath(href);
  return path === "/" && href !== "/" ? NOTIFICATIONS_PAGE : path;
}

export const openNotificationRoute: RouteDefinition<{ id: string }> = {
  name: "notification.open",
  title: "打开站内消息",
  method: "GET",
  permission: "dashboard:read",
  handle: async (ctx, _req, params) => {
    const id = Number(params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denied(ctx, "notification.open", "编号无效", params.id);
    const n = await ctx.db.notification.findUnique({ where: { id }, select: { id: true, userId: true, unitPath: true, href: true, readAt: true } });
    if (!n || n.userId !== ctx.user.id) return denied(ctx, "notification.open", n ? "不是本人的消息" : "不存在", id);
    if (n.unitPath !== null && !contains(userScope(ctx.user), n.unitPath)) return denied(ctx, "notification.open", "超出管辖范围", id);
    if (!n.readAt) await ctx.db.notification.updateMany({ where: { id: n.id, readAt: null }, data: { readAt: new Date() } });
    return new Response(null, { status: 303, headers: { location: openTarget(n.href), "cache-control": "no-store" } });
  },
};
