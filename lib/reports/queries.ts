import "server-only";
import { type Scope, contains, narrowScope, recordsIn, unitsIn, userScope } from "@/lib/auth/scope";
import { type SessionUser, denyPage } from "@/lib/auth/session";
import { getDb, getReadDb, sharedRead } from "@/lib/db";
import { type Period, parsePeriod } from "@/lib/kpi/period";
import { type ReportData, buildReport } from "./build";
import { compareReports } from "./compare";

export const ARCHIVE_PAGE = 20;

/** Archived reports of the user's subtree, newest first (no file bytes). */
export async function listArchives(scope: Scope, page: number) {
  const db = await getReadDb();
  const where = recordsIn(scope);
  const [total, rows] = await Promise.all([
    db.reportArchive.count({ where }),
    db.reportArchive.findMany({
      where,
      orderBy: { generatedAt: "desc" },
      skip: (page - 1) * ARCHIVE_PAGE,
      take: ARCHIVE_PAGE,
      select: { id: true, title: true, period: true, generatedAt: true, pdfSize: true, xlsxSize: true, scheduleId: true, generatedById: true, unitId: true },
    }),
  ]);
  const users = new Map((await db.user.findMany({ where: { id: { in: rows.map((r) => r.generatedById).filter((x): x is number => !!x) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return { total, rows: rows.map((r) => ({ ...r, by: r.generatedById ? (users.get(r.generatedById) ?? "") : "定期生成" })) };
}

/** Units a report can be made for: the province, cities and counties of the subtree. */
export async function reportUnits(scope: Scope) {
  return getDb().unit.findMany({
    where: { ...unitsIn(scope), level: { in: ["PROVINCE", "CITY", "COUNTY"] }, active: true },
    orderBy: { path: "asc" },
    select: { id: true, code: true, name: true, level: true, depth: true },
  });
}

/** The report schedules of the subtree, active ones first, each with its unit's name. */
export async function listSchedules(scope: Scope) {
  const db = getDb();
  const rows = await db.reportSchedule.findMany({ where: recordsIn(scope), orderBy: [{ active: "desc" }, { id: "asc" }] });
  const names = new Map((await db.unit.findMany({ where: { id: { in: [...new Set(rows.map((s) => s.unitId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return rows.map((s) => ({ ...s, unitName: names.get(s.unitId) ?? "" }));
}

/** A unit a report is shown for, by code, in the viewer's subtree (with that subtree); anything else is an audited 404. */
export async function reportSubject(viewer: SessionUser, code: string) {
  const unit = await getDb().unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
  const scope = unit ? narrowScope(userScope(viewer), unit.path) : null;
  if (!unit || !scope) return denyPage(unit ? "超出管辖范围" : "单位不存在", viewer);
  return { ...unit, scope };
}

export type ReportSubject = Awaited<ReturnType<typeof reportSubject>>;

/**
 * A report built from the current data, signed as made by the viewer, and how current it is: the figures are shared
 * with other viewers of the same report for a few seconds (lib/db/shared-read.ts; its 生成时间 is when they were
 * computed). The downloads (/api/reports/render) always compute afresh and are archived.
 */
export async function currentReport(subject: Parameters<typeof buildReport>[1], period: Period, viewer: Pick<SessionUser, "name" | "username">, plan?: { id: number; code: string; name: string } | null) {
  const r = await sharedRead(`report|${subject.code}|${subject.scope.path}|${period.key}|${plan?.id ?? ""}`, (db) => buildReport(db, subject, period, { by: "", plan }));
  const data: ReportData = { ...r.value, generatedBy: `${viewer.name}（${viewer.username}）` };
  return { data, freshness: { asOf: r.asOf, shared: r.shared } };
}

/**
 * An archived report in the viewer's subtree (anything else is an audited 404), with how its figures differ from the
 * current data (null when its period can no longer be rebuilt or its unit is outside the viewer's subtree).
 */
export async function archivedReport(viewer: SessionUser, id: number) {
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", viewer);
  const db = getDb();
  const row = await db.reportArchive.findUnique({ where: { id }, select: { id: true, unitId: true, unitPath: true, period: true, figures: true, generatedAt: true, title: true } });
  if (!row || !contains(userScope(viewer), row.unitPath)) return denyPage(row ? "超出管辖范围" : "记录不存在", viewer);
  const archived = row.figures as unknown as ReportData;
  const unit = await db.unit.findUniqueOrThrow({ where: { id: row.unitId }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
  const period = parsePeriod(row.period);
  const scope = narrowScope(userScope(viewer), unit.path);
  const current = period && scope ? (await currentReport({ ...unit, scope }, period, viewer)).data : null;
  return { id: row.id, generatedAt: row.generatedAt, archived, diff: current ? compareReports(archived, current) : null };
}
