"use client";
// The unit the user is looking at: any unit in their own subtree (the list comes from the server, already scoped;
// the server re-checks the choice on every request and ignores anything outside the subtree).
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { cx } from "@/components/ui";

export interface PickerUnit {
  code: string;
  name: string;
  level: string;
  depth: number;
}

const LEVEL_LABEL: Record<string, string> = { PROVINCE: "省厅", CITY: "市州", COUNTY: "县区", STATION: "派出所", DEPARTMENT: "部门" };

/** A view preference only: the server validates it against the user's subtree on every request. */
function rememberViewUnit(code: string) {
  document.cookie = `pingan_view_unit=${encodeURIComponent(code)}; path=/; samesite=lax; max-age=${60 * 60 * 8}`;
}

export function UnitPicker({ units, current, rootDepth }: { units: PickerUnit[]; current: PickerUnit; rootDepth: number }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const router = useRouter();
  const pathname = usePathname();
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);

  const shown = useMemo(() => {
    const q = query.trim();
    return q ? units.filter((u) => u.name.includes(q) || u.code.startsWith(q)) : units;
  }, [units, query]);

  function pick(u: PickerUnit) {
    rememberViewUnit(u.code);
    setOpen(false);
    setQuery("");
    router.replace(pathname);
    router.refresh();
  }

  return (
    <div className="relative" ref={box}>
      <button
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md border border-white/30 bg-white/10 px-3 py-1.5 text-sm text-white hover:bg-white/20"
        data-testid="unit-picker"
      >
        <span className="text-white/70">查看单位</span>
        <span className="font-medium">{current.name}</span>
        <span aria-hidden>▾</span>
      </button>
      {open ? (
        <div className="absolute right-0 z-50 mt-1 w-80 rounded-md border border-slate-200 bg-white text-slate-800 shadow-lg">
          <div className="border-b border-slate-100 p-2">
            <input
              autoFocus
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="输入单位名称或代码筛选"
              aria-label="筛选单位"
              className="w-full rounded border border-slate-300 px-2 py-1 text-sm focus:border-police-500 focus:outline-none"
            />
          </div>
          <ul id={listId} role="listbox" aria-label="可查看的单位" className="max-h-96 overflow-y-auto py-1">
            {shown.map((u) => (
              <li
                key={u.code}
                role="option"
                aria-selected={u.code === current.code}
                tabIndex={0}
                onClick={() => pick(u)}
                onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && pick(u)}
                className={cx(
                  "flex cursor-pointer items-center justify-between px-3 py-1.5 text-sm hover:bg-police-50 focus:bg-police-50 focus:outline-none",
                  u.code === current.code && "bg-police-50 font-medium text-police-700",
                )}
                style={{ paddingLeft: `${0.75 + (query ? 0 : Math.max(0, u.depth - rootDepth)) * 1}rem` }}
              >
                <span>{u.name}</span>
                <span className="text-xs text-slate-400">{LEVEL_LABEL[u.level] ?? u.level}</span>
              </li>
            ))}
            {!shown.length ? <li className="px-3 py-2 text-sm text-slate-500">没有匹配的单位</li> : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
