// The columns of a ledger export and its rows, typed for the spreadsheet writer (numbers stay numbers, dates stay
// dates). Used by the export route; the same headers are the import template's.
import { WhereSql, columnOf, quoteIdent } from "@/lib/db/where-sql";
import { streamRows } from "@/lib/db/stream-rows";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { LEDGERS } from "./configs";
import type { LedgerConfig } from "./types";
import { displayValue, linkFields } from "./write";

/** `sample`: any row of the export, to name the derived columns (none when the export is empty). */
export function exportColumns(config: LedgerConfig, sample?: Record<string, unknown>): SheetColumn[] {
  const cols: SheetColumn[] = [
    { header: "编号", width: 24 },
    { header: "所属单位", width: 18 },
  ];
  for (const f of config.fields) {
    const type = f.type === "int" ? "integer" : f.type === "date" ? "date" : f.type === "datetime" ? "datetime" : "text";
    cols.push({ header: f.label, type, width: f.type === "longtext" ? 40 : f.type === "text" && (f.max ?? 200) > 60 ? 30 : undefined });
  }
  for (const d of (sample && config.derived?.(sample, new Date())) || []) cols.push({ header: d.label, width: 14 });
  cols.push({ header: "登记时间", type: "datetime" }, { header: "最后修改", type: "datetime" });
  return cols;
}

export function exportRow(config: LedgerConfig, row: Record<string, unknown>, unitName: string, links: Record<string, string[]>, now: Date): CellValue[] {
  const cells: CellValue[] = [row.code as string, unitName];
  for (const f of config.fields) {
    const v = row[f.key];
    if (f.type === "links") cells.push((links[f.key] ?? []).join(","));
    else if (f.type === "int") cells.push(v === null || v === undefined ? null : Number(v));
    else if (f.type === "date" || f.type === "datetime") cells.push(v instanceof Date ? v : null);
    else cells.push(displayValue(f, v));
  }
  for (const d of config.derived?.(row, now) ?? []) cells.push(d.text);
  cells.push(row.createdAt as Date, row.updatedAt as Date);
  return cells;
}

// ── the same rows straight from PostgreSQL ───────────────────────────────────────────────────────────────────

const camel = (c: string) => c.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());
const UNIT_NAME = "__unit_name";
const LINK_PREFIX = "__link_";

/**
 * The export's SELECT: every column of the ledger's rows under `where` (the list's own filter, scope included)
 * in `orderBy`, with the unit's name and each link field's codes (ordered by code, as the record page shows them).
 */
export function ledgerExportQuery(config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown): { text: string; values: unknown[] } {
  const q = new WhereSql();
  const cond = q.where(where, "t", config.model);
  const order = q.orderBy(orderBy, "t");
  const links = linkFields(config).map((f) => {
    const store = f.links.store;
    const target = quoteIdent(LEDGERS[f.links.ledger].table);
    const sub =
      store.kind === "join"
        ? `ARRAY(SELECT c.code FROM ${quoteIdent(columnOf(store.model))} j JOIN ${target} c ON c.id = j.${quoteIdent(columnOf(store.targetKey))} WHERE j.${quoteIdent(columnOf(store.ownerKey))} = t.id ORDER BY c.code)`
        : `ARRAY(SELECT c.code FROM ${target} c WHERE c.id = t.${quoteIdent(columnOf(store.column))})`;
    return `, ${sub} AS ${quoteIdent(LINK_PREFIX + f.key)}`;
  });
  return {
    text: `SELECT t.*, u.name AS ${UNIT_NAME}${links.join("")} FROM ${quoteIdent(config.table)} t LEFT JOIN units u ON u.id = t.unit_id WHERE ${cond} ORDER BY ${order}`,
    values: q.params,
  };
}

/** Rows of `ledgerExportQuery` as `exportRow` wants them (Prisma's field names, the unit name, the link codes). */
export async function* ledgerExportRows(config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, now: Date): AsyncGenerator<{ sample: Record<string, unknown>; cells: CellValue[] }> {
  const { text, values } = ledgerExportQuery(config, where, orderBy);
  const lf = linkFields(config);
  for await (const batch of streamRows(text, values, { rename: (c) => (c === UNIT_NAME || c.startsWith(LINK_PREFIX) ? c : camel(c)) })) {
    for (const r of batch) {
      const links: Record<string, string[]> = {};
      for (const f of lf) links[f.key] = (r[LINK_PREFIX + f.key] as string[] | null) ?? [];
      yield { sample: r, cells: exportRow(config, r, (r[UNIT_NAME] as string | null) ?? "", links, now) };
    }
  }
}
