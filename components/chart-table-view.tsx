"use client";
// The markup of a chart's data table (components/chart-table.tsx formats the cells on the server). A client component
// so that a client-side navigation sends the cells as one small array and the browser builds the ~100 elements of
// each table, instead of the server rendering them into the page's flight data (the cockpit's three trend tables were
// about a fifth of its elements); a whole-page load still has the table in its HTML.
export function ChartTableView({ caption, head, body }: { caption: string; head: string[]; body: string[][] }) {
  return (
    <details className="no-print mt-1 text-xs" data-testid="chart-table">
      <summary className="cursor-pointer select-none text-police-700 hover:underline">查看数据表</summary>
      {/* it scrolls: a labelled region a keyboard can reach and scroll (axe scrollable-region-focusable) */}
      <div className="relative mt-1 max-h-64 overflow-auto rounded border border-slate-200" tabIndex={0} role="region" aria-label={`${caption}（数据表）`}>
        <table className="min-w-full text-xs">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              {head.map((h, i) => (
                <th key={i} scope="col" className={`px-2 py-1 font-semibold text-slate-700 ${i ? "text-right" : "text-left"}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {body.map(([label, ...cells], i) => (
              <tr key={i}>
                <th scope="row" className="whitespace-nowrap px-2 py-0.5 text-left font-normal text-slate-700">
                  {label}
                </th>
                {cells.map((c, j) => (
                  <td key={j} className="px-2 py-0.5 text-right tabular-nums text-slate-800">
                    {c}
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
