import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type Scope, narrowScope, noRecords, recordsIn } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";
import { verifyAuditChain } from "./chain";
import { flushDenialWindows } from "./denials";
import { type RawQuery, parseQuery, qBigId, qDay, qEnum, qText, qUnitCode } from "@/lib/http/query";
import { TZ } from "@/lib/format";
import { parseDay, shanghaiDayStart } from "@/lib/time";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  user?: string;
  unit?: string;
  entity?: string;
  /** one record's history (with entity) */
  entityId?: string;
  action?: string;
  result?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

/** The audit list's query: malformed dates, codes and cursors are ignored. */
export const ZAuditQuery = z.object({ user: qText(64), unit: qUnitCode, entity: qText(60), action: qText(60), result: qEnum(["success", "denied", "failure"]), from: qDay, to: qDay, cursor: qBigId });

export function parseAuditQuery(sp: RawQuery): AuditFilters {
  return parseQuery(ZAuditQuery, sp);
}

/** Midnight in Beijing of a YYYY-MM-DD date, as a UTC instant (China has no DST: +08:00 always). */
function beijingDayStart(day: string): Date | null {
  const d = parseDay(day);
  return d ? shanghaiDayStart(d) : null;
}

/**
 * The audit rows an auditor may read: a province auditor (the root scope) reads everything, including attempts by
 * unknown users; an auditor of a lower unit reads the rows of their subtree. Every audit query starts from this.
 */
function auditScopeWhere(scope: Scope): Prisma.AuditLogWhereInput {
  return scope.depth === 0 ? {} : recordsIn(scope);
}

/** The audit log as the auditor may read it (auditScopeWhere). Keyset pagination on the id (newest first). */
export async function listAudit(scope: Scope, f: AuditFilters) {
  const and: Prisma.AuditLogWhereInput[] = [auditScopeWhere(scope)];
  if (f.user?.trim()) and.push({ username: { contains: f.user.trim(), mode: "insensitive" } });
  if (f.unit?.trim()) {
    const unit = await getDb().unit.findUnique({ where: { code: f.unit.trim() }, select: { path: true } });
    const within = unit ? narrowScope(scope, unit.path) : null;
    and.push(within ? recordsIn(within) : noRecords());
  }
  if (f.entity?.trim()) and.push({ entity: f.entity.trim() });
  if (f.entityId?.trim() && /^[\w-]{1,64}$/.test(f.entityId.trim())) and.push({ entityId: f.entityId.trim() });
  if (f.action?.trim()) and.push({ action: { startsWith: f.action.trim() } });
  if (f.result === "success" || f.result === "denied" || f.result === "failure") and.push({ result: f.result });
  const from = f.from ? beijingDayStart(f.from) : null;
  const to = f.to ? beijingDayStart(f.to) : null;
  if (from) and.push({ at: { gte: from } });
  if (to) and.push({ at: { lt: new Date(to.getTime() + 86_400_000) } });
  if (f.cursor && /^\d{1,19}$/.test(f.cursor)) and.push({ id: { lt: BigInt(f.cursor) } });
  const rows = await getDb().auditLog.findMany({ where: { AND: and }, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const hasMore = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { rows: page, nextCursor: hasMore ? String(page[page.length - 1].id) : null, tz: TZ };
}

/** The entities and actions that occur in the rows the auditor may read (the filter's choices). */
export async function auditFacets(scope: Scope) {
  const db = getDb();
  const where = auditScopeWhere(scope);
  const [entities, actions] = await Promise.all([
    db.auditLog.findMany({ where, distinct: ["entity"], select: { entity: true }, orderBy: { entity: "asc" } }),
    db.auditLog.findMany({ where, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { entities: entities.map((e) => e.entity), actions: actions.map((a) => a.action) };
}

/** The auditor's overview of the rows they may read: results of the last 24 hours and the newest events. */
export async function auditOverview(scope: Scope) {
  const db = getDb();
  const since = new Date(Date.now() - 24 * 3600 * 1000);
  const where = auditScopeWhere(scope);
  const [byResult, recent] = await Promise.all([
    db.auditLog.groupBy({ by: ["result"], where: { ...where, at: { gte: since } }, _count: { _all: true } }),
    db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: 10, select: { id: true, at: true, username: true, action: true, result: true, ip: true } }),
  ]);
  return { count: (r: string) => byResult.find((x) => x.result === r)?._count._all ?? 0, recent };
}

/**
 * The audit log page: the refusals counted in the last minutes become their summary rows first (a failure to write
 * them is logged, the log is read anyway), then one page of the log and the filter choices.
 */
export async function auditLog(scope: Scope, f: AuditFilters) {
  await flushDenialWindows(getDb()).catch((e) => console.error(`[audit] 合并记录写入失败：${e instanceof Error ? e.message : e}`));
  const [page, facets] = await Promise.all([listAudit(scope, f), auditFacets(scope)]);
  return { ...page, facets };
}

/** The whole chain verified (the auditor's view on the audit page). */
export function auditChainState() {
  return verifyAuditChain(getDb());
}
