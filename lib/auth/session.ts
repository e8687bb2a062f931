import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { recordDenial } from "@/lib/audit/denials";
import { type Db, getDb } from "@/lib/db";
import { clientIpFrom } from "@/lib/http/client-ip";
import { type SecurityPolicy, getSecurityPolicy } from "@/lib/security/policy";
import { SessionCache } from "./session-cache";
import { type SessionRestriction, sessionRestriction } from "./restriction";
import { type Permission, type RoleName, can, isRole } from "./permissions";
import { sessionState } from "./session-policy";
import { readSessionClaims } from "./session-token";

/** What the server knows about the signed-in user for this request (a plain DTO, no secrets). */
export interface SessionUser {
  id: number;
  username: string;
  name: string;
  badgeNo: string | null;
  role: RoleName;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: string;
  unitPath: string;
  mustChangePassword: boolean;
  /**
   * A restricted session may only change its password or enrol a second factor (and log out):
   * "password" — initial or reset password, or older than the policy allows; "mfa" — the policy requires a second
   * factor and the user has none yet.
   */
  restriction: SessionRestriction;
}

/**
 * The signed-in user, re-checked on every request: the session version (logout, disabling, role or unit changes end
 * sessions), the account status, and the idle/absolute limits of the token. The user's row comes from the process's
 * session cache, which is as current as the database at the start of the request (lib/auth/session-cache.ts).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // the session cookie's claims (session-token.ts: decoded once per token, not next-auth's whole session endpoint)
  const session = await readSessionClaims();
  if (sessionState(session) !== "valid") return null;
  // the user's row and the policy: from this process's cache, kept current through LISTEN/NOTIFY (session-cache.ts)
  const { user, policy } = await sessionCache().read(session!.uid!);
  if (!user || user.status !== "ACTIVE" || user.pendingActivation || user.sessionVersion !== session!.sv || !isRole(user.role)) return null;
  const restriction = sessionRestriction(user, policy);
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    badgeNo: user.badgeNo,
    role: user.role,
    unitId: user.unit.id,
    unitCode: user.unit.code,
    unitName: user.unit.name,
    unitLevel: user.unit.level,
    unitPath: user.unit.path,
    mustChangePassword: user.mustChangePassword,
    restriction,
  };
});

const SESSION_USER_SELECT = {
  id: true,
  username: true,
  name: true,
  badgeNo: true,
  role: true,
  status: true,
  sessionVersion: true,
  mustChangePassword: true,
  passwordChangedAt: true,
  totpEnabledAt: true,
  mfaExempt: true,
  pendingActivation: true,
  unit: { select: { id: true, code: true, name: true, level: true, path: true, active: true } },
} as const;

/** What the session reads of a user (the columns the session_notify trigger watches). */
export function loadSessionUser(db: Db, id: number) {
  return db.user.findUnique({ where: { id }, select: SESSION_USER_SELECT });
}
export type SessionUserRow = NonNullable<Awaited<ReturnType<typeof loadSessionUser>>>;

// one cache per server process (and one across dev-mode hot reloads); SESSION_CACHE=0 turns it off
const globalForCache = globalThis as unknown as { pinganSessionCache?: { url: string; cache: SessionCache<SessionUserRow, SecurityPolicy> } };

/** The process's session cache (lib/auth/session-cache.ts); also holds data derived from the units table. */
export function sessionCache(): Pick<SessionCache<SessionUserRow, SecurityPolicy>, "read" | "fromUnits"> {
  if (process.env.SESSION_CACHE === "0") {
    return {
      read: async (id) => ({ user: await loadSessionUser(getDb(), id), policy: await getSecurityPolicy(getDb()) }),
      fromUnits: (_key, load) => load(),
    };
  }
  const url = process.env.DATABASE_URL ?? "";
  const held = globalForCache.pinganSessionCache;
  if (held?.url === url) return held.cache;
  // first use, or another database (tests switch DATABASE_URL between files)
  void held?.cache.stop();
  const cache = new SessionCache<SessionUserRow, SecurityPolicy>({
    url,
    loadUser: (id) => loadSessionUser(getDb(), id),
    loadPolicy: () => getSecurityPolicy(getDb()),
    log: (m) => console.error(m),
  }).start();
  globalForCache.pinganSessionCache = { url, cache };
  return cache;
}

/** Where a restricted session must go first: the only page it may see (besides logging out). */
export const RESTRICTED_PAGE: Record<"password" | "mfa", string> = { password: "/account/password", mfa: "/account/mfa" };

/**
 * The gate of every page (requirePermission calls it too): the user, or a redirect to the login page. A restricted
 * session (initial/reset/expired password, second factor not yet enrolled) is sent to its account page from every
 * other page, whether the request is a full page load or an RSC fetch: the check runs in the page itself, not only in
 * the layout (which an RSC navigation may skip). Only the account pages pass `allow`, naming the restriction they
 * resolve.
 */
export async function requireUser(allow?: { restricted: "password" | "mfa" }): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.restriction && user.restriction !== allow?.restricted) redirect(`${RESTRICTED_PAGE[user.restriction]}?required=1`);
  return user;
}

/** For pages: the user holding `permission`; anyone else gets a 404 (no hint that the page exists), audited. */
export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) await denyPage(`缺少权限 ${permission}`, user);
  return user;
}

/**
 * For pages: a refused read (no permission, a record or unit outside the user's scope, an id that does not exist)
 * answers 404 like a missing page — and is audited as "page.view denied", a burst from one user coalesced into one
 * row with a count (lib/audit/denials.ts), so a crawler cannot flood the log.
 */
export async function denyPage(reason: string, viewer?: Partial<Pick<SessionUser, "id" | "username" | "unitId" | "unitPath" | "role">> | null): Promise<never> {
  try {
    // query helpers pass the viewer they were given; when it is not a whole session user, the request's user
    const user = viewer && typeof viewer.id === "number" && viewer.username && viewer.role ? (viewer as SessionUser) : await getCurrentUser();
    const h = await headers();
    await recordDenial(getDb(), {
      actor: user ? { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role } : { userId: null, username: null, unitId: null, unitPath: null, role: null },
      action: "page.view",
      entity: "Page",
      entityId: h.get("x-pathname"),
      reason,
      ip: clientIpFrom(h),
    });
  } catch (e) {
    // outside a request (scripts, tests) there is nobody to record; a failing audit write must not turn the 404 into a 500
    if (!(e instanceof Error && /outside a request scope|was called outside/.test(e.message))) console.error(`[audit] 无法记录拒绝事件：${e instanceof Error ? e.message : e}`);
  }
  notFound();
}

export async function requestIp(): Promise<string | null> {
  return clientIpFrom(await headers());
}
