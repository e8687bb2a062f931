"use client";
// The main navigation: a sidebar from 768 px up; on a phone it folds behind a 「菜单」 button in the header (a
// disclosure: aria-expanded/aria-controls; opening moves focus to the first link, Esc closes and returns focus to
// the button, leaving the menu with Tab closes it — nothing traps the keyboard; following a link closes it).
import Link from "@/components/link";
import { usePathname } from "next/navigation";
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { cx } from "@/components/ui";

const NAV_ID = "main-nav";

interface MenuState {
  open: boolean;
  setOpen: (open: boolean, focusButton?: boolean) => void;
  buttonRef: React.RefObject<HTMLButtonElement | null>;
}

const MenuContext = createContext<MenuState | null>(null);

export function MenuProvider({ children }: { children: ReactNode }) {
  const [open, setOpenState] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const setOpen = useCallback((next: boolean, focusButton = false) => {
    setOpenState(next);
    if (!next && focusButton) buttonRef.current?.focus();
  }, []);
  const pathname = usePathname();
  // a followed link closes the menu (the new page starts with the menu folded)
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpenState(false);
  }
  const value = useMemo(() => ({ open, setOpen, buttonRef }), [open, setOpen]);
  return <MenuContext.Provider value={value}>{children}</MenuContext.Provider>;
}

function useMenu(): MenuState {
  const m = useContext(MenuContext);
  if (!m) throw new Error("MenuProvider missing");
  return m;
}

/** The 「菜单」 button, shown below 768 px only. */
export function MenuButton() {
  const { open, setOpen, buttonRef } = useMenu();
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-expanded={open}
      aria-controls={NAV_ID}
      onClick={() => setOpen(!open)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          setOpen(false, true);
        }
      }}
      className="inline-flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-md border border-white/30 px-3 text-sm text-white hover:bg-white/10 md:hidden"
      data-testid="menu-button"
    >
      <svg aria-hidden="true" viewBox="0 0 16 14" className="h-3.5 w-4">
        {open ? <path d="M2 1 L14 13 M14 1 L2 13" stroke="currentColor" strokeWidth="2" /> : <path d="M0 1 H16 M0 7 H16 M0 13 H16" stroke="currentColor" strokeWidth="2" />}
      </svg>
      {open ? "收起菜单" : "菜单"}
    </button>
  );
}

/** A count beside a navigation entry (待我审核 36): `text` as shown, `sr` what a screen reader hears after the label. */
export interface NavBadge {
  text: string;
  sr: string;
}

/** The navigation column; `extra` is shown inside the folded menu on a phone only (account links, the user). */
export function Nav({ items, extra }: { items: { href: string; label: string; badge?: NavBadge }[]; extra?: ReactNode }) {
  const { open, setOpen, buttonRef } = useMenu();
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);
  // the most specific item wins (/security/policy lights up 安全策略, not 安全管理 too)
  const matches = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));
  const current = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;

  useEffect(() => {
    // opened from the button: focus goes to the first link of the menu
    if (open && !wasOpen.current) navRef.current?.querySelector<HTMLElement>("a[href]")?.focus();
    wasOpen.current = open;
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        setOpen(false, true);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, setOpen]);

  return (
    <aside className={cx("no-print bg-police-900/95 md:block md:w-48 md:shrink-0", open ? "block" : "hidden")} data-testid="nav-panel">
      <nav
        ref={navRef}
        id={NAV_ID}
        aria-label="主导航"
        className="flex flex-col gap-0.5 p-3"
        onBlur={(e) => {
          // Tab past the last link (or back past the first) folds the menu on a phone: no trap, nothing left open
          const to = e.relatedTarget as Node | null;
          if (open && to && !navRef.current?.contains(to) && to !== buttonRef.current) setOpen(false);
        }}
      >
        {items.map((item) => {
          const active = item.href === current;
          return (
            <Link
              key={item.href}
              href={item.href}
              aria-current={active ? "page" : undefined}
              // with a count the link is named as one phrase: 「待我审核，36 条」 (the label first, as it is seen)
              aria-label={item.badge ? `${item.label}${item.badge.sr}` : undefined}
              onClick={() => setOpen(false)}
              className={cx(
                "flex min-h-11 items-center rounded-md px-3 py-2 text-sm transition md:min-h-0",
                active ? "bg-police-600 font-medium text-white" : "text-slate-200 hover:bg-police-800 hover:text-white",
              )}
            >
              {item.badge ? (
                <>
                  <span className="min-w-0 flex-1">{item.label}</span>
                  <span aria-hidden="true" className="ml-2 shrink-0 rounded-full bg-white/90 px-1.5 text-xs font-semibold leading-5 text-police-900 tabular-nums" data-testid="nav-badge">
                    {item.badge.text}
                  </span>
                </>
              ) : (
                item.label
              )}
            </Link>
          );
        })}
        {extra ? <div className="mt-2 border-t border-white/15 pt-2 md:hidden">{extra}</div> : null}
      </nav>
    </aside>
  );
}
