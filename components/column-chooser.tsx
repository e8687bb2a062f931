"use client";
// Responsive columns for wide lists: columns marked optional (data-col) are hidden below 1536 px by CSS (so nothing
// scrolls sideways at 1366 px on the first paint), and this chooser shows or hides them by the user's choice.
import { useEffect, useId, useState } from "react";

export function ColumnChooser({ tableId, columns, storageKey }: { tableId: string; columns: { key: string; label: string }[]; storageKey: string }) {
  const [shown, setShown] = useState<Set<string> | null>(null);
  const id = useId();

  useEffect(() => {
    let saved: string[] | null = null;
    try {
      saved = JSON.parse(localStorage.getItem(`cols:${storageKey}`) ?? "null");
    } catch {
      saved = null;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reads the browser's saved choice once
    setShown(new Set(Array.isArray(saved) ? saved : window.matchMedia("(min-width: 1536px)").matches ? columns.map((c) => c.key) : []));
  }, [columns, storageKey]);

  useEffect(() => {
    if (!shown) return;
    const table = document.getElementById(tableId);
    for (const c of columns) {
      for (const el of table?.querySelectorAll<HTMLElement>(`[data-col="${CSS.escape(c.key)}"]`) ?? []) el.style.display = shown.has(c.key) ? "table-cell" : "none";
    }
  }, [shown, columns, tableId]);

  if (!columns.length) return null;
  const hidden = shown ? columns.filter((c) => !shown.has(c.key)).length : null;
  function toggle(key: string, on: boolean) {
    const next = new Set(shown ?? []);
    if (on) next.add(key);
    else next.delete(key);
    setShown(next);
    try {
      localStorage.setItem(`cols:${storageKey}`, JSON.stringify([...next]));
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }
  return (
    <details className="relative mb-2 text-sm" data-testid="column-chooser">
      <summary className="inline-flex cursor-pointer select-none items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-50">
        显示的列{hidden ? `（${hidden} 列已隐藏）` : ""}
      </summary>
      <fieldset className="absolute z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
        <legend className="sr-only">选择显示的列</legend>
        {columns.map((c) => (
          <label key={c.key} htmlFor={`${id}-${c.key}`} className="flex items-center gap-2 py-0.5">
            <input id={`${id}-${c.key}`} type="checkbox" checked={shown?.has(c.key) ?? false} onChange={(e) => toggle(c.key, e.target.checked)} className="h-4 w-4" />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
