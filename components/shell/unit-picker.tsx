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

/** ARIA APG combobox (list autocomplete) in a popup: one tab stop; ↑/↓/Home/End/PageUp/PageDown move the active unit
 *  (aria-activedescendant, focus stays in the input), typing filters and makes the first match active (type-ahead),
 *  Enter picks, Escape or Tab closes and returns to the button. */
export function UnitPicker({ units, current, rootDepth }: { units: PickerUnit[]; current: PickerUnit; rootDepth: number }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const router = useRouter();
  const pathname = usePathname();
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const shown = useMemo(() => {
    const q = query.trim();
    return q ? units.filter((u) => u.name.includes(q) || u.code.startsWith(q)) : units;
  }, [units, query]);

  // the active option stays visible while moving with the arrow keys
  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active, open]);

  function openPicker() {
    setQuery("");
    setActive(Math.max(0, units.findIndex((u) => u.code === current.code)));
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    setQuery("");
    if (refocus) button.current?.focus();
  }

  function pick(u: PickerUnit) {
    rememberViewUnit(u.code);
    close(true);
    router.replace(pathname);
    router.refresh();
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    const last = shown.length - 1;
    const move = (i: number) => {
      e.preventDefault();
      setActive(Math.max(0, Math.min(last, i)));
    };
    switch (e.key) {
      case "ArrowDown":
        return move(active + 1);
      case "ArrowUp":
        return move(active - 1);
      case "PageDown":
        return move(active + 10);
      case "PageUp":
        return move(active - 10);
      case "Home":
        if (e.ctrlKey) return move(0);
        return;
      case "End":
        if (e.ctrlKey) return move(last);
        return;
      case "Enter":
        e.preventDefault();
        if (shown[active]) pick(shown[active]);
        return;
      case "Escape":
        e.preventDefault();
        return close(true);
      case "Tab":
        return close(false);
    }
  }

  const activeId = shown[active] ? `${listId}-${shown[active].code}` : undefined;
  return (
    <div className="relative min-w-0" ref={box}>
      <button
        ref={button}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => (open ? close(false) : openPicker())}
        onKeyDown={(e) => {
          if (!open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            openPicker();
          }
        }}
        className="flex min-h-11 min-w-0 items-center gap-2 rounded-md border border-white/30 bg-white/10 px-3 py-1.5 text-sm text-white hover:bg-white/20 md:min-h-0"
        data-testid="unit-picker"
      >
        <span className="shrink-0 text-white/80">查看单位</span>
        <span className="truncate font-medium">{current.name}</span>
        <svg aria-hidden="true" viewBox="0 0 10 6" className="h-2 w-2.5">
          <path d="M0 0 L5 6 L10 0 Z" fill="currentColor" />
        </svg>
      </button>
      {open ? (
        <div className="absolute left-0 z-50 mt-1 w-80 max-w-[calc(100vw-1.5rem)] rounded-md md:left-auto md:right-0 border border-slate-200 bg-white text-slate-800 shadow-lg">
          <div className="border-b border-slate-100 p-2">
            <input
              autoFocus
              role="combobox"
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={activeId}
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              placeholder="输入单位名称或代码筛选，↑↓ 选择"
              aria-label="筛选单位"
              className="w-full rounded border border-slate-300 px-2 py-1 text-sm focus:border-police-500 focus:outline-none focus:ring-1 focus:ring-police-500"
              data-testid="unit-picker-input"
            />
          </div>
          <ul id={listId} ref={list} role="listbox" aria-label="可查看的单位" className="max-h-96 overflow-y-auto py-1">
            {shown.map((u, i) => (
              <li
                key={u.code}
                id={`${listId}-${u.code}`}
                data-index={i}
                role="option"
                aria-selected={i === active}
                aria-current={u.code === current.code ? "true" : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(u)}
                onMouseMove={() => i !== active && setActive(i)}
                className={cx(
                  "flex cursor-pointer items-center justify-between px-3 py-1.5 text-sm",
                  i === active && "bg-police-100 outline-2 -outline-offset-2 outline-police-500",
                  u.code === current.code && "font-semibold text-police-800",
                )}
                style={{ paddingLeft: `${0.75 + (query ? 0 : Math.max(0, u.depth - rootDepth)) * 1}rem` }}
              >
                <span>{u.name}</span>
                <span className="text-xs text-slate-500">{LEVEL_LABEL[u.level] ?? u.level}</span>
              </li>
            ))}
          </ul>
          {!shown.length ? (
            <p className="px-3 py-2 text-sm text-slate-500" role="status">
              没有匹配的单位
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
