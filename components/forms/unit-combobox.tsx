"use client";
// The one unit picker of the platform: a button that opens an ARIA APG combobox (list autocomplete) in a popup. One
// tab stop; ↑/↓/PageUp/PageDown/Ctrl+Home/Ctrl+End move the active unit (aria-activedescendant, focus stays in the
// filter input), typing filters by name or code and makes the first match active, Enter picks, Escape or Tab closes
// and returns to the button. The header's 查看单位 (components/shell/unit-picker.tsx) and every form's unit field
// (UnitField in components/forms/field.tsx) use it; the list is always the server's, already scoped.
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { cx } from "@/components/ui";
import type { PickerUnit } from "@/lib/units/picker";

const LEVEL_LABEL: Record<string, string> = { PROVINCE: "省厅", CITY: "市州", COUNTY: "县区", STATION: "派出所", DEPARTMENT: "警种部门" };

export interface UnitComboboxProps {
  units: readonly PickerUnit[];
  /** the picked unit's value */
  value: PickerUnit["value"] | undefined;
  onPick: (u: PickerUnit) => void;
  /** what the button shows */
  children: ReactNode;
  buttonClassName: string;
  /** the button's own attributes (id for a <label>, aria-labelledby, aria-describedby, aria-invalid, data-testid) */
  buttonProps?: Record<string, string | boolean | undefined>;
  inputTestId?: string;
  align?: "left" | "right";
  /** the list's accessible name */
  listLabel?: string;
}

export function UnitCombobox({ units, value, onPick, children, buttonClassName, buttonProps, inputTestId, align = "left", listLabel = "可选择的单位" }: UnitComboboxProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
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
    setActive(Math.max(0, units.findIndex((u) => u.value === value)));
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    setQuery("");
    if (refocus) button.current?.focus();
  }

  function pick(u: PickerUnit) {
    close(true);
    onPick(u);
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

  const optionId = (u: PickerUnit) => `${listId}-${u.code}`;
  const activeId = shown[active] ? optionId(shown[active]) : undefined;
  return (
    <div className="relative" ref={box}>
      <button
        ref={button}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        {...buttonProps}
        onClick={() => (open ? close(false) : openPicker())}
        onKeyDown={(e) => {
          if (!open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            openPicker();
          }
        }}
        className={buttonClassName}
      >
        {children}
      </button>
      {open ? (
        <div className={cx("absolute z-50 mt-1 rounded-md border border-slate-200 bg-white text-slate-800 shadow-lg", align === "right" ? "left-0 w-80 max-w-[calc(100vw-1.5rem)] md:left-auto md:right-0" : "left-0 w-full sm:w-80")}>
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
              data-testid={inputTestId}
            />
          </div>
          <ul id={listId} ref={list} role="listbox" aria-label={listLabel} className="max-h-96 overflow-y-auto py-1">
            {shown.map((u, i) => (
              <li
                key={u.code}
                id={optionId(u)}
                data-index={i}
                role="option"
                aria-selected={i === active}
                aria-current={u.value === value ? "true" : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(u)}
                onMouseMove={() => i !== active && setActive(i)}
                className={cx(
                  "flex cursor-pointer items-center justify-between px-3 py-1.5 text-sm",
                  i === active && "bg-police-100 outline-2 -outline-offset-2 outline-police-500",
                  u.value === value && "font-semibold text-police-800",
                )}
                style={{ paddingLeft: `${0.75 + (query ? 0 : u.depth)}rem` }}
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
