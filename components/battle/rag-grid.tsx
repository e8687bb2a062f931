"use client";
// The 挂图作战 grids. Thousands of cells: the server sends compact rows and this renders them, so the page's
// data stays small (the table itself is still rendered on the server for the first paint).

export interface GridColumn {
  key: string;
  label: string;
  href?: string;
}

export interface GridRow {
  key: string;
  label: string;
  /** a heading row spanning the grid */
  heading?: boolean;
  /** per column: [rag, text, tooltip] or null (nothing assigned) */
  cells?: ([("red" | "amber" | "green"), string, string] | null)[];
  /** per column: link of the cell */
  hrefs?: (string | null)[];
}

/** Read after the number by screen readers: the colour's meaning in words. */
const RAG_WORD = { red: "，红：逾期或退回", amber: "，黄：临期或待审核", green: "，绿：正常或已销号" } as const;

export function RagGrid({ columns, rows, vertical, testId, rowHeader }: { columns: GridColumn[]; rows: GridRow[]; vertical?: boolean; testId?: string; rowHeader: string }) {
  return (
    <table className="border-separate border-spacing-0.5 text-xs" data-testid={testId}>
      <thead className="sticky top-0 z-10 bg-white">
        <tr>
          <th className="sticky left-0 z-20 min-w-40 bg-white px-2 py-1 text-left">{rowHeader}</th>
          {columns.map((c) => (
            <th key={c.key} className={vertical ? "px-1 py-1 font-medium [writing-mode:vertical-rl]" : "px-0.5 font-normal text-slate-500"}>
              {c.href ? (
                <a href={c.href} className="hover:text-police-600">
                  {c.label}
                </a>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) =>
          r.heading ? (
            <tr key={r.key}>
              <td colSpan={columns.length + 1} className="sticky left-0 bg-slate-50 px-2 py-1 font-semibold text-slate-700">
                {r.label}
              </td>
            </tr>
          ) : (
            <tr key={r.key}>
              <td className="sticky left-0 max-w-72 truncate bg-white px-2 py-0.5">{r.label}</td>
              {columns.map((c, i) => {
                const cell = r.cells?.[i];
                const href = r.hrefs?.[i];
                if (!cell) return <td key={c.key} className="p-0"><span className="rag rag-none" /></td>;
                return (
                  <td key={c.key} className="p-0">
                    {href ? (
                      <a href={href} title={cell[2]} className={`rag rag-${cell[0]}`} data-rag={cell[0]}>
                        {cell[1]}
                        <span className="sr-only">{RAG_WORD[cell[0]]}</span>
                      </a>
                    ) : (
                      <span title={cell[2]} className={`rag rag-${cell[0]}`} data-rag={cell[0]}>
                        {cell[1]}
                        <span className="sr-only">{RAG_WORD[cell[0]]}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
