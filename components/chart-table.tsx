// Every chart's numbers as a table: a toggle under the chart ("查看数据表") for everyone, and the same table read by
// screen readers (the drawing itself is an image with a summary). Server-safe, no state: <details> does the toggling.
import { formatDecimal } from "@/lib/format";

export interface ChartColumn {
  key: string;
  name: string;
  unit?: string;
}

const fmt = (v: unknown) => (typeof v === "number" ? formatDecimal(v, 1) : v === null || v === undefined || v === "" ? "—" : String(v));

export function ChartTable({ caption, rowHeader, rows, columns, labelKey = "label" }: { caption: string; rowHeader: string; rows: Record<string, unknown>[]; columns: ChartColumn[]; labelKey?: string }) {
  return (
    <details className="no-print mt-1 text-xs" data-testid="chart-table">
      <summary className="cursor-pointer select-none text-police-700 hover:underline">查看数据表</summary>
      <div className="relative mt-1 max-h-64 overflow-auto rounded border border-slate-200">
        <table className="min-w-full text-xs">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="px-2 py-1 text-left font-semibold text-slate-700">
                {rowHeader}
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="px-2 py-1 text-right font-semibold text-slate-700">
                  {c.name}
                  {c.unit ? `（${c.unit}）` : ""}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r, i) => (
              <tr key={i}>
                <th scope="row" className="whitespace-nowrap px-2 py-0.5 text-left font-normal text-slate-700">
                  {fmt(r[labelKey])}
                </th>
                {columns.map((c) => (
                  <td key={c.key} className="px-2 py-0.5 text-right tabular-nums text-slate-800">
                    {fmt(r[c.key])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
