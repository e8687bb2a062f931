"use client";
// The header's search. Without JavaScript it is a GET form to /search?q=. With JavaScript the input is a WAI-ARIA
// combobox (editable, list autocomplete): typing shows the first hits of each kind (GET /api/search, the same scoped
// query as the results page) in a listbox grouped by kind; ↓/↑ move through the options (aria-activedescendant),
// Enter opens the highlighted record or, with none highlighted, the full results page; Esc closes the list.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { announce } from "@/components/shell/live-region";

interface Hit {
  id: number;
  code: string;
  title: string;
  href: string;
  unitName: string;
  match: string | null;
}
interface Group {
  kind: string;
  label: string;
  hits: Hit[];
}

const MIN = 2;
const MAX = 60;

export function GlobalSearch() {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-list`;
  const [q, setQ] = useState("");
  const [groups, setGroups] = useState<Group[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<"idle" | "loading" | "done" | "error">("idle");
  const wrapper = useRef<HTMLDivElement>(null);
  const abort = useRef<AbortController | null>(null);

  const term = q.trim();
  // every option in order: the hits, then 「查看全部结果」
  const options = [...groups.flatMap((g) => g.hits.map((h) => ({ key: `${g.kind}-${h.id}`, href: h.href }))), { key: "all", href: `/search?${new URLSearchParams({ q: term })}` }];
  const optionId = (i: number) => `${id}-opt-${i}`;

  useEffect(() => {
    // a short term shows no list (see `expanded`); the last answer is replaced by the next one
    if (term.length < MIN) {
      abort.current?.abort();
      return;
    }
    const timer = window.setTimeout(async () => {
      abort.current?.abort();
      const ctl = new AbortController();
      abort.current = ctl;
      setStatus("loading");
      try {
        const res = await fetch(`/api/search?${new URLSearchParams({ q: term })}`, { signal: ctl.signal, headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { groups: Group[]; error: string | null };
        setGroups(body.groups);
        setActive(-1);
        setStatus("done");
        const n = body.groups.reduce((s, g) => s + g.hits.length, 0);
        announce(body.error ?? (n ? `找到 ${n} 条建议，按上下方向键选择` : "没有相符的记录，按回车键查看搜索页"));
      } catch (e) {
        if ((e as Error).name === "AbortError") return;
        setGroups([]);
        setStatus("error");
      }
    }, 200);
    return () => window.clearTimeout(timer);
  }, [term]);

  // a click or focus outside closes the list
  useEffect(() => {
    const onDown = (e: Event) => {
      if (wrapper.current && !wrapper.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("focusin", onDown);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("focusin", onDown);
    };
  }, []);

  const expanded = open && term.length >= MIN;
  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };

  let index = 0;
  return (
    <div ref={wrapper} className="relative order-last w-full min-w-0 md:order-none md:w-44 lg:w-60 xl:w-72" data-testid="global-search">
      <form action="/search" method="get" role="search" aria-label="全局搜索">
        <label htmlFor={`${id}-input`} className="sr-only">
          搜索编号、标题或人名
        </label>
        <input
          id={`${id}-input`}
          name="q"
          type="search"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          maxLength={MAX}
          placeholder="搜索编号、标题或人名"
          value={q}
          data-testid="global-search-input"
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              if (term.length < MIN) return;
              e.preventDefault();
              setOpen(true);
              const n = options.length;
              setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : a <= 0 ? n - 1 : a - 1));
            } else if (e.key === "Enter") {
              if (expanded && active >= 0 && options[active]) {
                e.preventDefault();
                go(options[active].href);
              }
              // otherwise the form goes to /search?q= (the server checks the term)
            } else if (e.key === "Escape") {
              if (expanded) {
                e.preventDefault();
                setOpen(false);
                setActive(-1);
              } else if (q) {
                e.preventDefault();
                setQ("");
              }
            }
          }}
          className="block min-h-11 w-full rounded-md border border-white/30 bg-white px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none focus:ring-2 focus:ring-amber-300 md:min-h-0"
        />
      </form>
      <div
        hidden={!expanded}
        className="absolute right-0 left-0 z-40 mt-1 max-h-[70vh] overflow-y-auto rounded-md border border-slate-200 bg-white text-slate-900 shadow-lg md:left-auto md:w-[26rem] md:max-w-[calc(100vw-1.5rem)]"
      >
        {status === "loading" && !groups.length ? <p className="px-3 py-2 text-sm text-slate-600">正在搜索…</p> : null}
        {status === "error" ? <p className="px-3 py-2 text-sm text-red-700">搜索暂时不可用，按回车键打开搜索页</p> : null}
        {status === "done" && !groups.length ? <p className="px-3 py-2 text-sm text-slate-600">没有相符的记录</p> : null}
        <div id={listId} role="listbox" aria-label="搜索建议" data-testid="global-search-list">
        {groups.map((g) => (
          <div key={g.kind} role="group" aria-label={g.label}>
            <div aria-hidden="true" className="bg-slate-50 px-3 py-1 text-xs font-semibold text-slate-600">
              {g.label}
            </div>
            {g.hits.map((h) => {
              const i = index++;
              return (
                <div
                  key={h.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={active === i}
                  onPointerDown={(e) => e.preventDefault()}
                  onClick={() => go(h.href)}
                  className={`cursor-pointer px-3 py-2 text-sm ${active === i ? "bg-police-600 text-white" : "hover:bg-slate-100"}`}
                >
                  <span className={`mr-2 font-mono text-xs ${active === i ? "text-white" : "text-slate-600"}`}>{h.code}</span>
                  <span className="break-words">{h.title}</span>
                  <span className={`block text-xs ${active === i ? "text-white" : "text-slate-600"}`}>{[h.unitName, h.match].filter(Boolean).join(" · ")}</span>
                </div>
              );
            })}
          </div>
        ))}
        {(() => {
          const i = index++;
          return (
            <div
              id={optionId(i)}
              role="option"
              aria-selected={active === i}
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => go(options[i].href)}
              className={`cursor-pointer border-t border-slate-100 px-3 py-2 text-sm font-medium ${active === i ? "bg-police-600 text-white" : "text-police-700 hover:bg-slate-100"}`}
            >
              查看「{term}」的全部结果
            </div>
          );
        })()}
        </div>
      </div>
    </div>
  );
}
