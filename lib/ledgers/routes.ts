// The ledgers' route handlers: export (what the list shows) and the import template (progress: lib/imports/route.ts).
import { writeAudit } from "@/lib/audit/write";
import { type Scope, unitsIn } from "@/lib/auth/scope";
import { attachmentDisposition } from "@/lib/files/evidence";
import { ZFormatQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { exportResponse, fileStamp } from "@/lib/io/export-response";
import { type CellValue, xlsxWebStream } from "@/lib/io/write-spreadsheet";
import { UnsupportedWhere } from "@/lib/db/where-sql";
import { findViewUnit } from "@/lib/units/queries";
import { ledgerConfig } from "./configs";
import { exportColumns, exportRow, ledgerRenderQuery, renderedLedgerExport } from "./export";
import { iterateLedger, ledgerOrderBy, ledgerWhere, parseLedgerParams } from "./queries";
import { importHeaders } from "./schema";
import type { LedgerConfig } from "./types";
import type { Db } from "@/lib/db/client";
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
    const now = new Date();
    const orderBy = ledgerOrderBy(config, p);
    const filename = `${config.title}_${unit.name}_${fileStamp(now)}`;
    const name = config.title.slice(0, 31);
    let source: AsyncGenerator<{ sample: Record<string, unknown>; cells: CellValue[] }>;
    try {
      // straight from PostgreSQL (a binary COPY of one SELECT built from the same where), each cell written as the
      // writers write it (tests/integration/export-sql.test.ts, export-render.test.ts)
      ledgerRenderQuery(config, where, orderBy, format);
      const rendered = await renderedLedgerExport(config, where, orderBy, now, format);
      return exportResponse(format, filename, { name, ...rendered }, total);
    } catch (e) {
      if (!(e instanceof UnsupportedWhere)) throw e;
      source = prismaRows(db, config, where, orderBy, unit.scope, now);
    }
    const first = await source.next();
    const columns = exportColumns(config, first.done ? undefined : first.value.sample);
    // the first row is already read (it names the derived columns): an iterator whose `return` ends the source
    // even before the writer starts, so an abandoned download gives its database connection back
    let pending: IteratorResult<{ cells: CellValue[] }> | null = first;
    const rows: AsyncIterableIterator<CellValue[]> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        const r = pending ?? (await source.next());
        pending = null;
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value.cells };
      },
      async return() {
        pending = null;
        await source.return(undefined);
        return { done: true, value: undefined };
      },
    };
    return exportResponse(format, filename, { name, columns, rows }, total);
  },
};

/** The Prisma path, for a filter the SQL translation does not know (none today): slower, same rows. */
async function* prismaRows(db: Db, config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, scope: Scope, now: Date) {
  const unitNames = new Map((await db.unit.findMany({ where: unitsIn(scope), select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  for await (const batch of iterateLedger(db, config, where, orderBy))
    for (const r of batch) yield { sample: r as Record<string, unknown>, cells: exportRow(config, r, unitNames.get(r.unitId as number) ?? "", r.links, now) };
}

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
