// What the cockpit page reads (the page-facing functions of the query-module contract in README: the database taken
// here, the viewer in; a unit outside the viewer's subtree is an audited 404). The widgets' data is in data.ts, which
// the benchmark shares.
import "server-only";
import { cache } from "react";
import { contains, narrowScope, userScope } from "@/lib/auth/scope";
import { type SessionUser, denyPage } from "@/lib/auth/session";
import { getComputeReadDb, getDb, getReadDb, sharedRead } from "@/lib/db";
import type { PlanOption } from "@/lib/plan/choice";
import type { KpiDef } from "@/lib/kpi/definitions";
import type { Period } from "@/lib/kpi/period";
import { CockpitData, cockpitFamily, findCockpitUnit } from "./data";

/** A unit by code, or null: one look-up per request, shared by the page's metadata and the page. */
export const cockpitUnit = cache((code: string) => findCockpitUnit(getDb(), code));

/**
 * The cockpit of a unit in the viewer's subtree: the unit, its breadcrumb of ancestors the viewer may open, its
 * sub-units, and this request's CockpitData (each widget awaits its part, loaded once).
 */
export async function cockpitPage(viewer: SessionUser, code: string, o: { period: Period; def: KpiDef; mapMode: "city" | "county"; perCapita?: boolean; plan?: number | null; shownPlan?: number | null; plans?: PlanOption[] }) {
  const unit = await cockpitUnit(code);
  const scope = unit ? narrowScope(userScope(viewer), unit.path) : null;
  if (!unit || !scope) return denyPage(unit ? "超出管辖范围" : "单位不存在", viewer);
  const db = await getReadDb();
  const { children, ancestors } = await cockpitFamily(db, unit);
  const crumbs = ancestors.filter((a) => contains(userScope(viewer), a.path)).sort((a, b) => a.path.length - b.path.length);
  // the widgets' reads are shared with other viewers of this cockpit for a few seconds (lib/db/shared-read.ts)
  return { unit, children, crumbs, data: new CockpitData(await getComputeReadDb(), { unit, scope, children, ...o }, new Date(), (key, load) => sharedRead(key, () => load())) };
}
