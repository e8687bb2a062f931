// Every chart's numbers as a table: a toggle under the chart ("查看数据表") for everyone, and the same table read by
// screen readers (the drawing itself is an image with a summary). Server-safe, no state: <details> does the toggling.
// The cells are formatted here (lib/format, 四舍五入 on exact decimals) and drawn by ChartTableView.
import { ChartTableView } from "@/components/chart-table-view";
import { formatDecimal } from "@/lib/format";

export interface ChartColumn {
  key: string;
  name: string;
  unit?: string;
}

const fmt = (v: unknown) => (typeof v === "number" ? formatDecimal(v, 1) : v === null || v === undefined || v === "" ? "—" : String(v));

export function ChartTable({ caption, rowHeader, rows, columns, labelKey = "label" }: { caption: string; rowHeader: string; rows: Record<string, unknown>[]; columns: ChartColumn[]; labelKey?: string }) {
  const head = [rowHeader, ...columns.map((c) => `${c.name}${c.unit ? `（${c.unit}）` : ""}`)];
  const body = rows.map((r) => [fmt(r[labelKey]), ...columns.map((c) => fmt(r[c.key]))]);
  return <ChartTableView caption={caption} head={head} body={body} />;
}
