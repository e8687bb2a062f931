import { writeAudit } from "@/lib/audit/write";
import { ZStatsExportQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { exportResponse } from "@/lib/io/export-response";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { STAT_METRICS } from "@/lib/stats/catalogue";
import { MONTH_HEADER, UNIT_HEADER, metricHeader } from "@/lib/stats/import";
import { enterableUnits } from "@/lib/stats/enterable";
import { subtreeValues } from "@/lib/stats/queries";
import { MIN_MONTH, addMonths, lastCompletedMonth, monthsBetween } from "@/lib/stats/validate";
import { findViewUnit } from "@/lib/units/queries";


const MAX_MONTHS = 120;

/**
 * The stored monthly figures of the view unit's subtree, one row per entering unit and month, in the import's wide
 * layout (单位（代码或名称）, 单位名称, 月份, then 类别+指标 columns), so that an exported file can be edited and imported
 * back. `?month=YYYY-MM` or `?from=…&to=…` (default: last month); `template=1` lists every entering unit even without
 * figures (a filling template); `format=csv|xlsx`. Scoped to the caller's subtree and audited with the row count.
 */
export const statsExportRoute: RouteDefinition = {
  name: "stats.export",
  title: "导出月度统计",
  method: "GET",
  permission: "stats:read",
  handle: async (ctx, req) => {
    const { user, db } = ctx;
    const url = new URL(req.url);
    const q = parseQuery(ZStatsExportQuery, url.searchParams);
    const format = q.format === "csv" ? "csv" : "xlsx";
    const unit = await findViewUnit(user, url.searchParams.get("unit"));
    if (!unit) return denied(ctx, "stats.export", "单位不存在或超出管辖范围", url.searchParams.get("unit"));
    const last = lastCompletedMonth();
    let to = q.to ?? q.month ?? last;
    let from = q.from ?? q.month ?? to;
    if (from > to) [from, to] = [to, from];
    if (from < MIN_MONTH) from = MIN_MONTH;
    if (to < MIN_MONTH) to = MIN_MONTH;
    if (monthsBetween(from, to) >= MAX_MONTHS) from = addMonths(to, -(MAX_MONTHS - 1));
    const template = q.template;

    const units = (await enterableUnits(db, unit.scope)).filter((u) => u.active || !template);
    const values = await subtreeValues(db, unit.scope, from, to);
    const months: string[] = [];
    for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
    const rows: CellValue[][] = [];
    for (const u of units) {
      for (const m of months) {
        const v = values.get(u.id)?.get(m);
        if (!v && !template) continue;
        rows.push([u.code, u.name, m, ...STAT_METRICS.map((x) => v?.[x.key] ?? null)]);
      }
    }
    await writeAudit(db, {
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      action: "stats.export",
      entity: "StatValue",
      after: { unit: unit.code, from, to, format, template, rows: rows.length },
      ip: ctx.ip,
    });
  
    const columns: SheetColumn[] = [
      { header: UNIT_HEADER, type: "text", width: 14 },
      { header: "单位名称", type: "text", width: 22 },
      { header: MONTH_HEADER, type: "text", width: 10 },
      ...STAT_METRICS.map((m): SheetColumn => ({ header: metricHeader(m.key), type: m.decimals ? "number" : "integer" })),
    ];
    const span = from === to ? from : `${from}至${to}`;
    return exportResponse(format, `月度统计${template ? "填报模板" : ""}_${unit.name}_${span}`, { name: "月度统计", columns, rows }, rows.length);
  },
};
