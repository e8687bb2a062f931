import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ROLES } from "@/lib/auth/permissions";
import { type Scope, narrowScope, noUnitRelation, unitRelationIn, unitsIn, userScope } from "@/lib/auth/scope";
import type { SessionUser } from "@/lib/auth/session";
import { denyPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { type RawQuery, parseQuery, qEnum, qPage, qText, qUnitCode } from "@/lib/http/query";

export const USER_PAGE_SIZE = 25;

export interface UserFilters {
  q?: string;
  role?: string;
  status?: string;
  unit?: string;
  page: number;
}

/** The user list's query: unknown roles, statuses and malformed unit codes are ignored. */
export const ZUserQuery = z.object({ q: qText(64), role: qEnum(ROLES), status: qEnum(["ACTIVE", "DISABLED", "LOCKED"]), unit: qUnitCode, page: qPage });

export function parseUserQuery(sp: RawQuery): UserFilters {
  return parseQuery(ZUserQuery, sp);
}

/** A user row for administrators: no password hash, ever. */
const USER_ROW = {
  id: true,
  username: true,
  name: true,
  badgeNo: true,
  phone: true,
  role: true,
  status: true,
  failedLoginCount: true,
  lockedUntil: true,
  lastLoginAt: true,
  lastLoginIp: true,
  passwordChangedAt: true,
  mustChangePassword: true,
  pendingActivation: true,
  pendingSince: true,
  version: true,
  createdAt: true,
  unitId: true,
  unit: { select: { id: true, code: true, name: true, path: true } },
} as const;

export async function listUsers(scope: Scope, f: UserFilters) {
  const db = getDb();
  const where: Prisma.UserWhereInput = unitRelationIn(scope);
  const and: Prisma.UserWhereInput[] = [];
  if (f.q?.trim()) {
    const q = f.q.trim();
    and.push({ OR: [{ username: { contains: q, mode: "insensitive" } }, { name: { contains: q } }, { badgeNo: { contains: q } }] });
  }
  if (f.role) and.push({ role: f.role as never });
  if (f.status === "ACTIVE" || f.status === "DISABLED") and.push({ status: f.status });
  if (f.status === "LOCKED") and.push({ lockedUntil: { gt: new Date() } });
  if (f.status === "PENDING") and.push({ pendingActivation: { not: null } });
  if (f.unit) {
    const unit = await db.unit.findUnique({ where: { code: f.unit }, select: { path: true } });
    // a unit outside the viewer's subtree matches nothing
    const within = unit ? narrowScope(scope, unit.path) : null;
    and.push(within ? unitRelationIn(within) : noUnitRelation());
  }
  if (and.length) where.AND = and;
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({ where, select: USER_ROW, orderBy: [{ unit: { path: "asc" } }, { username: "asc" }], skip: (f.page - 1) * USER_PAGE_SIZE, take: USER_PAGE_SIZE }),
  ]);
  return { total, rows, pageCount: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)) };
}

/** One user in the viewer's subtree; anything else is a 404. */
export async function getUserInScope(viewer: Pick<SessionUser, "unitPath">, id: number) {
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", viewer);
  const user = await getDb().user.findFirst({ where: { id, ...unitRelationIn(userScope(viewer)) }, select: USER_ROW });
  if (!user) return denyPage("用户不存在或超出管辖范围", viewer);
  return user;
}

/**
 * The 安全管理 list of the subtree: users matching `query` (user name or name), or without a query the accounts that
 * need attention (locked, or with failed logins). At most 100.
 */
export async function securityUsers(scope: Scope, query: string, now: Date = new Date()) {
  return getDb().user.findMany({
    where: {
      ...unitRelationIn(scope),
      ...(query ? { OR: [{ username: { contains: query, mode: "insensitive" as const } }, { name: { contains: query } }] } : { OR: [{ lockedUntil: { gt: now } }, { lockedManual: true }, { failedLoginCount: { gt: 0 } }] }),
    },
    select: { id: true, username: true, name: true, role: true, status: true, pendingActivation: true, failedLoginCount: true, lockedUntil: true, lockedManual: true, lockoutCount: true, lockoutDay: true, totpEnabledAt: true, mfaExempt: true, lastLoginAt: true, lastLoginIp: true, unit: { select: { name: true } } },
    orderBy: [{ lockedManual: "desc" }, { lockedUntil: { sort: "desc", nulls: "last" } }, { username: "asc" }],
    take: 100,
  });
}

/** 待激活: accounts of the subtree the 系统管理员 created or reset, waiting for a 安全管理员 (two-person control). */
export async function pendingActivations(scope: Scope) {
  return getDb().user.findMany({
    where: { ...unitRelationIn(scope), pendingActivation: { not: null } },
    select: { id: true, username: true, name: true, role: true, status: true, pendingActivation: true, pendingSince: true, unit: { select: { name: true } } },
    orderBy: [{ pendingSince: "asc" }, { username: "asc" }],
    take: 200,
  });
}

/** The 系统管理 home figures of the subtree: users by role and status, active units, the newest users. */
export async function accountOverview(scope: Scope) {
  const db = getDb();
  const [byRole, units, recent] = await Promise.all([
    db.user.groupBy({ by: ["role", "status"], where: unitRelationIn(scope), _count: { _all: true } }),
    db.unit.count({ where: { ...unitsIn(scope), active: true } }),
    db.user.findMany({ where: unitRelationIn(scope), orderBy: { createdAt: "desc" }, take: 8, select: { id: true, username: true, name: true, role: true, createdAt: true, unit: { select: { name: true } } } }),
  ]);
  return { byRole, units, recent };
}

/** The 安全管理 home figures of the subtree: accounts locked now, and disabled accounts. */
export async function lockedAndDisabled(scope: Scope, now: Date = new Date()) {
  const db = getDb();
  const [locked, disabled] = await Promise.all([
    db.user.count({ where: { ...unitRelationIn(scope), lockedUntil: { gt: now } } }),
    db.user.count({ where: { ...unitRelationIn(scope), status: "DISABLED" } }),
  ]);
  return { locked, disabled };
}

/** 大屏 display devices of the subtree (the 安全管理员's list on /security), and the units a display may be bound to. */
export async function displayDevices(scope: Scope) {
  const db = getDb();
  const [devices, units] = await Promise.all([
    db.user.findMany({
      where: { ...unitRelationIn(scope), role: "DISPLAY" },
      select: { id: true, username: true, name: true, status: true, createdAt: true, lastLoginAt: true, lastLoginIp: true, unit: { select: { code: true, name: true } } },
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      take: 200,
    }),
    db.unit.findMany({ where: { ...unitsIn(scope), active: true, level: { in: ["PROVINCE", "CITY", "COUNTY"] } }, select: { id: true, name: true, depth: true }, orderBy: [{ path: "asc" }] }),
  ]);
  return { devices, units };
}
