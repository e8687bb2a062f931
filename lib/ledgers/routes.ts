// The ledgers' route handlers: export (what the list shows) and the import template (progress: lib/imports/route.ts).
import { writeAudit } from "@/lib/audit/write";
import { unitsIn } from "@/lib/auth/scope";
import { attachmentDisposition } from "@/lib/files/evidence";
import { ZFormatQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { exportResponse, fileStamp } from "@/lib/io/export-response";
import { xlsxWebStream } from "@/lib/io/write-spreadsheet";
import { findViewUnit } from "@/lib/units/queries";
import { ledgerConfig } from "./configs";
import { exportColumns, exportRow } from "./export";
import { iterateLedger, ledgerOrderBy, ledgerWhere, parseLedgerParams } from "./queries";
import { importHeaders } from "./schema";
import { delegate } from "./write";

/**
 * Exports what the list shows — same filters, sort and scope — as XLSX or CSV, streamed in batches (memory stays
 * flat for 100,000 rows). Audited with the row count before the first byte goes out.
 */
export const ledgerExportRoute: RouteDefinition<{ key: string }> = {
  name: "ledger.export",
  title: "导出台账",
  method: "GET",
  permission: "ledger:export",
  handle: async (ctx, req, params) => {
    const { user, db } = ctx;
    const config = ledgerConfig(params.key);
    if (!config) return denied(ctx, "ledger.export", "台账不存在", params.key);
    const url = new URL(req.url);
    const format = parseQuery(ZFormatQuery, url.searchParams).format === "csv" ? "csv" : "xlsx";
    const unit = await findViewUnit(user, url.searchParams.get("unit"));
    if (!unit) return denied(ctx, "ledger.export", "单位不存在或超出管辖范围", url.searchParams.get("unit"));
    const p = parseLedgerParams(config, url.searchParams);
    const where = await ledgerWhere(db, config, unit.scope, p);
    const total = await (delegate(db, config) as unknown as { count(a: unknown): Promise<number> }).count({ where });
    await writeAudit(db, {
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      action: "ledger.export",
      entity: config.model,
      after: { ledger: config.key, format, unit: unit.code, rows: total, filters: { q: p.q, preset: p.preset, sort: p.sort, dir: p.dir, ...p.filters } },
      ip: ctx.ip,
    });
    const batches = iterateLedger(db, config, where, ledgerOrderBy(config, p));
    const first = await batches.next();
    const unitNames = new Map((await db.unit.findMany({ where: unitsIn(unit.scope), select: { id: true, name: true } })).map((u) => [u.id, u.name]));
    const now = new Date();
    const columns = exportColumns(config, first.done ? undefined : first.value[0]);
    async function* rows() {
      let batch = first;
      while (!batch.done) {
        for (const r of batch.value) yield exportRow(config!, r, unitNames.get(r.unitId as number) ?? "", r.links, now);
        batch = await batches.next();
      }
    }
    return exportResponse(format, `${config.title}_${unit.name}_${fileStamp(now)}`, { name: config.title.slice(0, 31), columns, rows: rows() }, total);
  },
};

/** The import template: the columns in order, required ones marked, and the allowed values. */
export const ledgerTemplateRoute: RouteDefinition<{ key: string }> = {
  name: "ledger.template",
  title: "下载导入模板",
  method: "GET",
  permission: "ledger:import",
  handle: async (ctx, _req, params) => {
    const config = ledgerConfig(params.key);
    if (!config) return denied(ctx, "ledger.template", "台账不存在", params.key);
    const headers = importHeaders(config);
    const notes = headers.map((h) => {
      if (h === "所属单位") return "可填单位代码或名称；不填为导入时选择的单位";
      const f = config.fields.find((x) => x.label === h)!;
      const req = f.required ? "必填。" : "";
      if (f.type === "enum") return `${req}可填：${f.options!.map((o) => o.label).join("/")}`;
      if (f.type === "bool") return `${req}是/否`;
      if (f.type === "date") return `${req}日期 YYYY-MM-DD`;
      if (f.type === "datetime") return `${req}北京时间 YYYY-MM-DD HH:mm`;
      if (f.type === "links") return `${req}编号，多个用逗号分隔`;
      if (f.type === "int") return `${req}整数`;
      return req || "选填";
    });
    const body = xlsxWebStream([
      { name: "导入模板", columns: headers.map((h) => ({ header: h, width: Math.max(14, h.length * 2 + 4) })), rows: [] },
      { name: "填写说明", columns: [{ header: "列", width: 18 }, { header: "说明", width: 80 }], rows: headers.map((h, i) => [h, notes[i]]) },
    ]);
    return new Response(body, {
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": attachmentDisposition(`${config.title}_导入模板.xlsx`),
        "cache-control": "no-store",
      },
    });
  },
};
