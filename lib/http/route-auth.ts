import "server-only";
import { type Permission, can } from "@/lib/auth/permissions";
import { type SessionUser, getCurrentUser, requestIp } from "@/lib/auth/session";
import { writeAudit } from "@/lib/audit/write";
import { getDb } from "@/lib/db";

export const notFoundResponse = () => Response.json({ error: "记录不存在或不在您的管辖范围内" }, { status: 404 });

/**
 * For route handlers: the session user holding `permission`, or the response to send instead
 * (401 without a session; 404 without the permission, so that nothing hints the route exists). Refusals are audited.
 */
export async function routeUser(permission: Permission, action: string): Promise<SessionUser | Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "登录已失效，请重新登录" }, { status: 401 });
  if (!can(user.role, permission)) {
    await routeDenied(user, action, `缺少权限 ${permission}`);
    return notFoundResponse();
  }
  return user;
}

export async function routeDenied(user: SessionUser, action: string, reason: string, entityId?: string) {
  await writeAudit(getDb(), {
    actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
    action,
    entity: "Route",
    entityId: entityId ?? null,
    result: "denied",
    reason,
    ip: await requestIp(),
  }).catch(() => {});
}
