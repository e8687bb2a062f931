// The 督办 list export: the list as the user sees it (filters, order, scope), CSV or XLSX, audited — the same
// download machinery as the ledgers and the task list (lib/io/export-response.ts).
import { writeAudit } from "@/lib/audit/write";
import { batchesInOrder } from "@/lib/db/batches";
import { ZFormatQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { exportResponse, fileStamp } from "@/lib/io/export-response";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { findViewUnit } from "@/lib/units/queries";
import { SUPERVISION_ORDER, decorate, parseSupervisionParams, supervisionWhere, unitNames } from "./queries";
import { SUPERVISION_LEVEL_LABELS, SUPERVISION_STATUS_LABELS, SUPERVISION_TARGET_LABELS } from "./rules";

const COLUMNS: SheetColumn[] = [
  { header: "督办编号", width: 22 },
  { header: "督办级别", width: 10 },
  { header: "督办对象", width: 10 },
  { header: "督办事项", width: 40 },
  { header: "下发单位", width: 16 },
  { header: "承办单位", width: 16 },
  { header: "下发时间", width: 18, type: "datetime" },
  { header: "答复期限", width: 12, type: "date" },
  { header: "状态", width: 12 },
  { header: "逾期天数", width: 10, type: "integer" },
  { header: "答复时间", width: 18, type: "datetime" },
  { header: "办结时间", width: 18, type: "datetime" },
];

export const supervisionExportRoute: RouteDefinition = {
  name: "supervision.export",
  title: "导出督办单",
  method: "GET",
  permission: "supervision:read",
  handle: async (ctx, req) => {
    const { user, db } = ctx;
    const url = new URL(req.url);
    const unit = await findViewUnit(user, url.searchParams.get("unit"));
    if (!unit) return denied(ctx, "supervision.export", "单位不存在或超出管辖范围", url.searchParams.get("unit"));
    const format = parseQuery(ZFormatQuery, url.searchParams).format === "csv" ? "csv" : "xlsx";
    const p = parseSupervisionParams(url.searchParams);
    const now = new Date();
    const where = supervisionWhere(unit.scope, user, p, now);
    const ids = (await db.supervision.findMany({ where, orderBy: SUPERVISION_ORDER, select: { id: true } })).map((r) => r.id);
    await writeAudit(db, {
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      action: "supervision.export",
      entity: "Supervision",
      after: { format, unit: unit.code, rows: ids.length, filters: { q: p.q, status: p.status, level: p.level, overdue: p.overdue, box: p.box } },
      ip: ctx.ip,
    });
    async function* rows(): AsyncGenerator<CellValue[]> {
      const fetch = (chunk: number[]) => db.supervision.findMany({ where: { AND: [where, { id: { in: chunk } }] } });
      for await (const batch of batchesInOrder(ids, fetch)) {
        const names = await unitNames(db, batch.flatMap((r) => [r.unitId, r.issuerUnitId]));
        for (const r of batch) {
          const d = decorate(r, user, now);
          yield [r.code, SUPERVISION_LEVEL_LABELS[r.level], SUPERVISION_TARGET_LABELS[r.targetKind], r.subject, names.get(r.issuerUnitId) ?? "", names.get(r.unitId) ?? "", r.createdAt, r.replyDue, SUPERVISION_STATUS_LABELS[r.status], d.overdueDays || null, r.repliedAt, r.closedAt];
        }
      }
    }
    return exportResponse(format, `督办单_${unit.name}_${fileStamp(now)}`, { name: "督办单", columns: COLUMNS, rows: rows() }, ids.length);
  },
};
