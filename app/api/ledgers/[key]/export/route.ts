import { writeAudit } from "@/lib/audit/write";
import { requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { attachmentDisposition } from "@/lib/files/evidence";
import { notFoundResponse, routeUser } from "@/lib/http/route-auth";
import { csvWebStream, xlsxWebStream } from "@/lib/io/write-spreadsheet";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { exportColumns, exportRow } from "@/lib/ledgers/export";
import { iterateLedger, ledgerOrderBy, ledgerWhere, parseLedgerParams } from "@/lib/ledgers/queries";
import { delegate } from "@/lib/ledgers/write";
import { findViewUnit } from "@/lib/units/queries";

export const dynamic = "force-dynamic";

/**
 * Exports what the list shows — same filters, sort and scope — as XLSX or CSV, streamed in batches (memory stays
 * flat for 100,000 rows). Audited with the row count before the first byte goes out.
 */
export async function GET(req: Request, { params }: { params: Promise<{ key: string }> }) {
  const user = await routeUser("ledger:export", "ledger.export");
  if (user instanceof Response) return user;
  const config = ledgerConfig((await params).key);
  if (!config) return notFoundResponse();
  const url = new URL(req.url);
  const format = url.searchParams.get("format") === "csv" ? "csv" : "xlsx";
  const unit = await findViewUnit(user, url.searchParams.get("unit"));
  if (!unit) return notFoundResponse();
  const db = getDb();
  const p = parseLedgerParams(config, url.searchParams);
  const where = await ledgerWhere(db, config, unit.path, p);
  const total = await (delegate(db, config) as unknown as { count(a: unknown): Promise<number> }).count({ where });
  await writeAudit(db, {
    actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
    action: "ledger.export",
    entity: config.model,
    after: { ledger: config.key, format, unit: unit.code, rows: total, filters: { q: p.q, preset: p.preset, sort: p.sort, dir: p.dir, ...p.filters } },
    ip: await requestIp(),
  });

  const batches = iterateLedger(db, config, where, ledgerOrderBy(config, p));
  const first = await batches.next();
  const unitNames = new Map((await db.unit.findMany({ where: { path: { startsWith: unit.path } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const now = new Date();
  const columns = exportColumns(config, first.done ? undefined : first.value[0]);
  async function* rows() {
    let batch = first;
    while (!batch.done) {
      for (const r of batch.value) yield exportRow(config!, r, unitNames.get(r.unitId as number) ?? "", r.links, now);
      batch = await batches.next();
    }
  }
  const stamp = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:T]/g, "");
  const filename = `${config.title}_${unit.name}_${stamp}.${format}`;
  const body = format === "csv" ? csvWebStream(columns, rows()) : xlsxWebStream([{ name: config.title.slice(0, 31), columns, rows: rows() }], { creator: "平安甘肃主动创稳指挥平台" });
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": attachmentDisposition(filename),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-export-rows": String(total),
    },
  });
}
