import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { denyPage, sessionCache } from "@/lib/auth/session";
import { type Scope, makeScope, unitRelationIn, unitsIn, userScope } from "@/lib/auth/scope";
import { isUnitCode } from "@/lib/http/query";

export interface UnitOption {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  kind: string | null;
  parentId: number | null;
  path: string;
  depth: number;
  active: boolean;
}

const UNIT_SELECT = { id: true, code: true, name: true, shortName: true, level: true, kind: true, parentId: true, path: true, depth: true, active: true } as const;

/** Every unit in the user's subtree, in tree order (parents before children, siblings by sort order). */
export const listUnitsInScope = cache(async (user: Pick<SessionUser, "unitPath">): Promise<UnitOption[]> => {
  // the same for every user of the unit, until a unit changes: from the process's cache (lib/auth/session-cache.ts)
  const list = await sessionCache().fromUnits(`units-in:${user.unitPath}`, () => loadUnitsInScope(user.unitPath));
  return [...list];
});

async function loadUnitsInScope(unitPath: string): Promise<UnitOption[]> {
  const units = await getDb().unit.findMany({ where: unitsIn(userScope({ unitPath })), select: { ...UNIT_SELECT, sortOrder: true } });
  const byParent = new Map<number | null, typeof units>();
  for (const u of units) {
    const list = byParent.get(u.parentId) ?? [];
    list.push(u);
    byParent.set(u.parentId, list);
  }
  for (const list of byParent.values()) list.sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const root = units.find((u) => u.path === unitPath);
  const out: UnitOption[] = [];
  const walk = (u: (typeof units)[number]) => {
    const { sortOrder: _s, ...rest } = u;
    out.push(rest);
    for (const c of byParent.get(u.id) ?? []) walk(c);
  };
  if (root) walk(root);
  return out;
}

function levelRank(level: string) {
  return ["PROVINCE", "CITY", "COUNTY", "STATION", "DEPARTMENT"].indexOf(level);
}

export const VIEW_UNIT_COOKIE = "pingan_view_unit";

/** A unit being viewed, with its subtree as a `Scope` for the queries of the page. */
export interface ViewUnit extends UnitOption {
  scope: Scope;
}

/**
 * The unit the user is looking at: `?unit=<code>` when given (a code outside the user's subtree is a 404), else the
 * unit picked earlier (cookie; ignored when out of scope), else the user's own unit.
 */
export async function resolveViewUnit(user: SessionUser, requested?: string | string[] | null): Promise<ViewUnit> {
  const unit = await findViewUnit(user, requested);
  if (!unit) return denyPage("单位不存在或超出管辖范围", user);
  return unit;
}

/** As resolveViewUnit, but null (instead of a 404 page) for a unit outside the user's subtree — for route handlers. */
export async function findViewUnit(user: Pick<SessionUser, "unitPath" | "unitId">, requested?: string | string[] | null): Promise<ViewUnit | null> {
  const unit = await findViewUnitRow(user, requested);
  return unit ? { ...unit, scope: makeScope(unit.path) } : null;
}

async function findViewUnitRow(user: Pick<SessionUser, "unitPath" | "unitId">, requested?: string | string[] | null): Promise<UnitOption | null> {
  // the units of the user's subtree, from the process's cache (listUnitsInScope): a unit not in that list is outside
  // the subtree (or does not exist) — the same answer as reading the unit by code and checking its path, without a query
  const units = await listUnitsInScope(user);
  const byCode = (c: string) => units.find((u) => u.code === c) ?? null;
  const code = Array.isArray(requested) ? requested[0] : requested;
  if (code) {
    // a malformed code (a typed URL, a crafted one) names no unit
    if (!isUnitCode(code)) return null;
    return byCode(code);
  }
  const picked = (await cookies()).get(VIEW_UNIT_COOKIE)?.value;
  if (isUnitCode(picked)) {
    const unit = byCode(picked);
    if (unit) return unit;
  }
  return units.find((u) => u.id === user.unitId) ?? getDb().unit.findUnique({ where: { id: user.unitId }, select: UNIT_SELECT });
}

/** One unit of the subtree with its parent's name and its counts of users and sub-units; null outside the subtree. */
export async function unitDetail(scope: Scope, id: number) {
  return getDb().unit.findFirst({
    where: { id, ...unitsIn(scope) },
    include: { parent: { select: { name: true } }, _count: { select: { users: true, children: true } } },
  });
}

/** Active users per unit of the subtree. */
export async function activeUsersByUnit(scope: Scope): Promise<Map<number, number>> {
  const counts = await getDb().user.groupBy({ by: ["unitId"], where: { ...unitRelationIn(scope), status: "ACTIVE" }, _count: { _all: true } });
  return new Map(counts.map((c) => [c.unitId, c._count._all]));
}

/** Active units of the subtree by level (the home page's figures). */
export async function activeUnitsByLevel(scope: Scope): Promise<Map<string, number>> {
  const rows = await getDb().unit.groupBy({ by: ["level"], where: { ...unitsIn(scope), active: true }, _count: { _all: true } });
  return new Map(rows.map((l) => [l.level as string, l._count._all]));
}
