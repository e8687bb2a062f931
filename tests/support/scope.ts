// Test-only factory of unit scopes (product code gets its Scope from the session or the view-unit resolution).
import { type Scope, makeScope } from "@/lib/auth/scope";
import { type KpiScope, kpiScope } from "@/lib/kpi/engine";

/** The scope of a unit path, e.g. scopeFor("/62/6201/"). */
export function scopeFor(path: string): Scope {
  return makeScope(path);
}

/** A unit (path + code) as the KPI engine reads it. */
export function kpiScopeFor(unit: { path: string; code: string }): KpiScope {
  return kpiScope(makeScope(unit.path), unit.code);
}

/** A unit row with its scope, as the report builder takes it. */
export function withScope<U extends { path: string }>(unit: U): U & { scope: Scope } {
  return { ...unit, scope: makeScope(unit.path) };
}
