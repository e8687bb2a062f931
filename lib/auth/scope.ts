// Unit scope: a user reads and acts on their own unit and its subtree, never a sibling or a parent.
// Units carry a materialised path ("/62/6201/620102/"); the subtree of a unit is every path starting with its own.
// These helpers are the only place that turns a user into a database filter. They fail closed: a user without a
// unit path gets a filter that matches nothing.
import type { Prisma } from "@/lib/generated/prisma/client";

export interface ScopedUser {
  unitPath: string | null | undefined;
}

/** a path no unit can have (every real path starts with "/"): filters built on it match nothing */
export const NO_UNIT_PATH = "!no-scope!";
const NOTHING = NO_UNIT_PATH;

function validPath(user: ScopedUser | null | undefined): string | null {
  const p = user?.unitPath;
  return typeof p === "string" && /^\/(?:[A-Za-z0-9]+\/)+$/.test(p) ? p : null;
}

/** `where` for the units table: the user's unit and everything below it. */
export function unitScopeWhere(user: ScopedUser | null | undefined): Prisma.UnitWhereInput {
  const p = validPath(user);
  return p ? { path: { startsWith: p } } : { path: NOTHING };
}

/** `where` for a table whose rows belong to a unit through a `unit` relation. */
export function recordScopeWhere(user: ScopedUser | null | undefined): { unit: Prisma.UnitWhereInput } {
  return { unit: unitScopeWhere(user) };
}

/** For raw SQL: the LIKE pattern of the subtree (match `units.path LIKE $pattern`). */
export function scopeLikePattern(user: ScopedUser | null | undefined): string {
  const p = validPath(user);
  return p ? `${p}%` : NOTHING;
}

/** Whether a unit (given by its path) lies in the user's subtree. */
export function inScope(user: ScopedUser | null | undefined, unitPath: string | null | undefined): boolean {
  const p = validPath(user);
  return !!p && typeof unitPath === "string" && unitPath.startsWith(p);
}
