"use client";
// The map's only client code: a tooltip and an outline on the region under the pointer or in focus, and client-side
// navigation (with prefetch on hover) for the regions' links. The map itself is server-rendered SVG (gansu-map.tsx);
// this reads what it needs from the regions' data attributes.
import { useRouter } from "next/navigation";
import { type FocusEvent, type MouseEvent, type PointerEvent, type ReactNode, useRef, useState } from "react";

interface Active {
  code: string;
  name: string;
  text: string;
  d: string;
  viewBox: string;
  x: number;
  y: number;
  /** the box's width when it was shown */
  w: number;
}

/** the region an event is about: the path itself (pointer), or the path inside the focused link */
const regionOf = (t: EventTarget | null) => (t instanceof Element ? (t.closest<SVGPathElement>("path[data-code]") ?? (t instanceof SVGAElement ? t.querySelector<SVGPathElement>("path[data-code]") : null)) : null);

export function MapInteractions({ kpiLabel, height, children }: { kpiLabel: string; height: number; children: ReactNode }) {
  const router = useRouter();
  const boxRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<Active | null>(null);
  const prefetched = useRef(new Set<string>());

  const show = (region: SVGPathElement, at: { x: number; y: number } | null) => {
    const box = boxRef.current;
    if (!box) return;
    const rect = box.getBoundingClientRect();
    const r = region.getBoundingClientRect();
    const p = at ?? { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    const code = region.dataset.code ?? "";
    setActive({ code, name: region.dataset.name ?? "", text: region.dataset.text ?? "", d: region.getAttribute("d") ?? "", viewBox: region.ownerSVGElement?.getAttribute("viewBox") ?? "", x: p.x - rect.left, y: p.y - rect.top, w: rect.width });
  };
  const hide = (code?: string) => setActive((a) => (a && (!code || a.code === code) ? null : a));
  const hrefOf = (t: EventTarget | null) => (t instanceof Element ? t.closest("a")?.getAttribute("href") ?? null : null);

  const onPointer = (e: PointerEvent<HTMLDivElement>) => {
    const region = regionOf(e.target);
    if (!region || !(e.target instanceof SVGElement)) return hide();
    show(region, { x: e.clientX, y: e.clientY });
    const href = hrefOf(e.target);
    if (href && !prefetched.current.has(href)) {
      prefetched.current.add(href);
      router.prefetch(href);
    }
  };
  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    const region = regionOf(e.target);
    if (region) show(region, null);
  };
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const href = hrefOf(e.target);
    if (!href || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(href);
  };

  const flip = active ? active.x > active.w - 200 : false;
  return (
    <div ref={boxRef} className="relative w-full" style={{ height }} onPointerMove={onPointer} onPointerLeave={() => hide()} onFocus={onFocus} onBlur={() => hide()} onClick={onClick}>
      {children}
      {active ? (
        <>
          <svg viewBox={active.viewBox} preserveAspectRatio="xMidYMid meet" className="pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true">
            <path d={active.d} fill="none" stroke="#0f172a" strokeWidth={2.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
          </svg>
          <div
            className="pointer-events-none absolute z-10 min-w-32 rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-lg"
            style={{ left: flip ? active.x - 12 : active.x + 12, top: Math.min(active.y + 12, Math.max(0, height - 64)), transform: flip ? "translateX(-100%)" : undefined }}
            role="tooltip"
          >
            <div className="font-semibold text-slate-900">{active.name}</div>
            <div className="mt-0.5 text-slate-600">
              {kpiLabel}：<span className="font-medium text-slate-900 tabular-nums">{active.text}</span>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
