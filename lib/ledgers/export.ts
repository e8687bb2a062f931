// The columns of a ledger export and its rows, typed for the spreadsheet writer (numbers stay numbers, dates stay
// dates). Used by the export route; the same headers are the import template's.
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import type { LedgerConfig } from "./types";
import { displayValue } from "./write";

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
