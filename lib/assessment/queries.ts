// What the assessment pages read (the page-facing functions of the query-module contract in README: the database taken
// here, a viewer or Scope in, plain data out; a unit outside the viewer's scope is an audited 404). The scoring itself
// is in scores.ts, which reports and benchmarks share.
import "server-only";
import { type Scope, contains, userScope } from "@/lib/auth/scope";
import { type SessionUser, denyPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { isUnitCode } from "@/lib/http/query";
import type { Period } from "@/lib/kpi/period";
import { type PeerLevel, activeScheme, scorePeers } from "./scores";

/** The ranking of a peer group, and the units of it the viewer's scope shows. */
export async function assessmentRanking(scope: Scope, level: PeerLevel, p: Period) {
  const db = getDb();
  const peers = await scorePeers(db, level, p);
  const units = await db.unit.findMany({ where: { code: { in: peers.scores.map((s) => s.code) } }, select: { code: true, path: true } });
  const pathOf = new Map(units.map((u) => [u.code, u.path]));
  return { peers, visible: peers.scores.filter((s) => contains(scope, pathOf.get(s.code))) };
}

/** A 市州 or 县区 in the viewer's subtree by code; anything else is an audited 404 (denyPage). */
export async function assessedUnit(viewer: SessionUser, code: string) {
  const unit = isUnitCode(code) ? await getDb().unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true } }) : null;
  if (!unit) return denyPage("单位不存在", viewer);
  if (!contains(userScope(viewer), unit.path)) return denyPage("超出管辖范围", viewer);
  if (unit.level !== "CITY" && unit.level !== "COUNTY") return denyPage("该单位不参加绩效考核", viewer);
  return { ...unit, level: unit.level as PeerLevel };
}

export type AssessedUnit = Awaited<ReturnType<typeof assessedUnit>>;

/** One unit's scores in its peer group for a period, with the add/deduct items recorded for it. */
export async function unitAssessment(unit: { id: number; code: string; level: PeerLevel }, p: Period) {
  const db = getDb();
  const peers = await scorePeers(db, unit.level, p);
  const score = peers.scores.find((x) => x.code === unit.code)!;
  const adjustments = peers.schemeId ? await db.assessmentAdjustment.findMany({ where: { schemeId: peers.schemeId, unitId: unit.id, period: p.key }, orderBy: { createdAt: "asc" } }) : [];
  return { peers, score, adjustments };
}

/** The active assessment scheme (the default one until a scheme is saved). */
export function currentScheme() {
  return activeScheme(getDb());
}
