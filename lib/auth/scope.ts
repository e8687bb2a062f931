// Unit scope: a user reads and acts on their own unit and its subtree, never a sibling or a parent.
// Units carry a materialised path ("/62/6201/620102/"); the subtree of a unit is every path starting with its own.
//
// A `Scope` is a checked, branded subtree. This module is the only place that turns a scope into a database filter
// (Prisma `where`, SQL `LIKE`) or tests a path against it; tests/unit/scope-lint.test.ts fails the build when a
// unit-path filter is written anywhere else. Scopes are minted only where the unit being acted for is established:
// the signed-in user (`userScope`), the view-unit resolution (lib/units/queries.ts), the system runs listed
// in the lint test, and the test factory. They fail closed: an empty or malformed path throws.
import { Prisma } from "@/lib/generated/prisma/client";

declare const brand: unique symbol;

/** A unit's subtree, checked: `path` is a well-formed materialised path; `depth` is 0 for the province. */
export type Scope = { readonly path: string; readonly depth: number; readonly [brand]: true };

const PATH = /^\/(?:[A-Za-z0-9]+\/)+$/;

/** a path no unit can have (every real path starts with "/"): filters built on it match nothing */
const NOTHING = "!no-scope!";

/**
 * Mint a scope from a unit path. Call it only where that unit is known to be the one being acted for (see the
 * module comment); anything else narrows an existing scope with `narrowScope`. Throws on an empty or malformed path.
 */
export function makeScope(path: string | null | undefined): Scope {
  if (typeof path !== "string" || !PATH.test(path)) throw new Error(`invalid unit scope path: ${JSON.stringify(path)}`);
  return Object.freeze({ path, depth: path.split("/").length - 3 }) as Scope;
}

/** The scope of a signed-in user (session, action actor, route user): their own unit and its subtree. */
export function userScope(user: { readonly unitPath: string | null | undefined }): Scope {
  return makeScope(user.unitPath);
}

/** The scope of a unit inside `scope` (the unit's own subtree), or null when the unit lies outside it. */
export function narrowScope(scope: Scope, path: string | null | undefined): Scope | null {
  return contains(scope, path) ? makeScope(path) : null;
}

/** Whether a unit (given by its path) lies in the scope. */
export function contains(scope: Scope, path: string | null | undefined): boolean {
  return typeof path === "string" && PATH.test(path) && path.startsWith(scope.path);
}

/** `where` for the units table: the scope's unit and everything below it. */
export function unitsIn(scope: Scope): Prisma.UnitWhereInput {
  return { path: { startsWith: scope.path } };
}

/** `where` for a table whose rows carry their own `unitPath` column. */
export function recordsIn(scope: Scope): { unitPath: { startsWith: string } } {
  return { unitPath: { startsWith: scope.path } };
}

/** `where` for the 督办单 table by the issuing unit: issued by the scope's unit or a unit below it. */
export function issuerIn(scope: Scope): { issuerPath: { startsWith: string } } {
  return { issuerPath: { startsWith: scope.path } };
}

/** `where` that matches no row of a table with a `unitPath` column (a filter naming a unit outside the scope). */
export function noRecords(): { unitPath: string } {
  return { unitPath: NOTHING };
}

/** `where` for a table whose rows belong to a unit through a `unit` relation. */
export function unitRelationIn(scope: Scope): { unit: Prisma.UnitWhereInput } {
  return { unit: unitsIn(scope) };
}

/** `where` for a `unit` relation that matches nothing. */
export function noUnitRelation(): { unit: Prisma.UnitWhereInput } {
  return { unit: { path: NOTHING } };
}

type PathColumn = "unit_path" | "a.unit_path";

/**
 * Raw SQL: `<column> LIKE <pattern>` with the pattern bound as a parameter. `below` leaves out the scope's own unit
 * (strict descendants only). Paths hold only letters, digits and "/", so the pattern needs no escaping.
 */
export function sqlIn(scope: Scope, column: PathColumn = "unit_path", opts: { below?: boolean } = {}): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(column)} LIKE ${opts.below ? `${scope.path}_%` : `${scope.path}%`}`;
}
