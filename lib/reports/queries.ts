import "server-only";
import { type Scope, recordsIn, unitsIn } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";

export const ARCHIVE_PAGE = 20;

/** Archived reports of the user's subtree, newest first (no file bytes). */
export async function listArchives(scope: Scope, page: number) {
  const db = getDb();
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

/** The report schedules of the subtree, active ones first. */
export async function listSchedules(scope: Scope) {
  return getDb().reportSchedule.findMany({ where: recordsIn(scope), orderBy: [{ active: "desc" }, { id: "asc" }] });
}
