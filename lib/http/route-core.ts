// The one way a route handler runs (the counterpart of lib/actions/core.ts for GET downloads and form posts):
// a session user (401 without), the permission from the one table (404 without: nothing hints the route exists),
// the same-site check for state-changing methods (403), then the handler, which checks the scope of what it
// serves and answers 404 outside it. Refusals are audited.
import { writeAudit } from "@/lib/audit/write";
import { type Permission, can } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { hasForbiddenChars } from "@/lib/validation";
import { sameOrigin } from "./origin";
import { DOWNLOAD_CSP } from "./security-headers";

export interface RouteUser {
  id: number;
  username: string;
  name: string;
  role: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: string;
  unitPath: string;
  /** restricted sessions (password to change, second factor to enrol) reach no route */
  restriction?: "password" | "mfa" | null;
}

export interface RouteContext {
  user: RouteUser;
  ip: string | null;
  db: Db;
}

export interface RouteDefinition<P = Record<string, string>> {
  /** stable id, also the audit action, e.g. "ledger.export" */
  name: string;
  title: string;
  method: "GET" | "POST";
  /** the permission (or any of several) a caller must hold */
  permission: Permission | Permission[];
  handle: (ctx: RouteContext, req: Request, params: P) => Promise<Response>;
}

export const RESTRICTED_ROUTE_MESSAGE: Record<"password" | "mfa", string> = {
  password: "请先修改密码（初始密码、重置后的密码或已过期的密码必须修改后才能继续使用系统）",
  mfa: "请先绑定动态口令（双因素认证）后再继续使用系统",
};

export const NOT_FOUND_BODY = { error: "记录不存在或不在您的管辖范围内" };
export const notFound = () => Response.json(NOT_FOUND_BODY, { status: 404, headers: { "cache-control": "no-store" } });

/** A refusal inside a handler (outside the scope, unknown id …): audited, answered as "not found". */
export async function denied(ctx: RouteContext, name: string, reason: string, entityId?: string | number | null): Promise<Response> {
  // the id often comes from the URL: keep the audit row writable (no NUL) and short
  if (typeof entityId === "string") entityId = hasForbiddenChars(entityId) ? JSON.stringify(entityId).slice(0, 100) : entityId.slice(0, 100);
  await writeAudit(ctx.db, {
    actor: { userId: ctx.user.id, username: ctx.user.username, unitId: ctx.user.unitId, unitPath: ctx.user.unitPath, role: ctx.user.role },
    action: name,
    entity: "Route",
    entityId: entityId ?? null,
    result: "denied",
    reason,
    ip: ctx.ip,
  }).catch(() => {});
  return notFound();
}

/** Every route response — file, export, JSON or refusal — carries the sandbox policy of downloads. */
export async function executeRoute<P>(def: RouteDefinition<P>, db: Db, user: RouteUser | null, ip: string | null, req: Request, params: P): Promise<Response> {
  const res = await runRoute(def, db, user, ip, req, params);
  res.headers.set("content-security-policy", DOWNLOAD_CSP);
  return res;
}

async function runRoute<P>(def: RouteDefinition<P>, db: Db, user: RouteUser | null, ip: string | null, req: Request, params: P): Promise<Response> {
  if (!user) return Response.json({ error: "登录已失效，请重新登录" }, { status: 401 });
  const ctx: RouteContext = { user, ip, db };
  const perms = Array.isArray(def.permission) ? def.permission : [def.permission];
  // a restricted session (password to change, second factor to enrol) reaches no route at all: 403, audited
  if (user.restriction) {
    await denied(ctx, def.name, `受限会话（${user.restriction === "password" ? "须先修改密码" : "须先绑定动态口令"}）`);
    return Response.json({ error: RESTRICTED_ROUTE_MESSAGE[user.restriction] }, { status: 403, headers: { "cache-control": "no-store" } });
  }
  if (!perms.some((p) => can(user.role, p))) return denied(ctx, def.name, `缺少权限 ${perms.join(" / ")}`);
  if (def.method !== "GET" && !sameOrigin(req)) {
    await denied(ctx, def.name, "请求来源（Origin）缺失或不是本站");
    return Response.json({ error: "请求来源无效，请从本系统页面操作" }, { status: 403 });
  }
  try {
    return await def.handle(ctx, req, params);
  } catch (e) {
    const id = crypto.randomUUID().slice(0, 8);
    console.error(`[route ${def.name}] 错误编号 ${id}`, e);
    return Response.json({ error: `系统处理出错，错误编号 ${id}` }, { status: 500 });
  }
}
