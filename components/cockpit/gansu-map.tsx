"use client";
// Length (≈450 lines) kept on purpose: one component (the SVG layers, labels, legend and keyboard focus of the map
// share its state) plus the class-break helper it alone uses.
// Choropleth map of Gansu for the cockpit: plain SVG, no map library. The geometry (public/geo/gansu.json,
// built by scripts/geo/build-gansu-map.mjs) is fetched once per page load and shared by every map on the page.
// Regions are coloured in 5 quantile classes; clicking (or Enter on) a region follows hrefFor(code).

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type JSX, type KeyboardEvent, type PointerEvent } from "react";

export interface MapDatum {
  code: string;
  value: number | null;
  display?: string;
}

export interface GansuMapProps {
  mode: "city" | "county";
  /** only these codes are drawn (e.g. a city's counties when the cockpit shows one city); default: all.
   *  In county mode a 市州 code stands for all its counties. */
  focus?: string[];
  data: MapDatum[];
  /** KPI name, unit text, and direction: "up" means higher is better (green), "down" means lower is better */
  kpiLabel: string;
  unitLabel?: string;
  direction: "up" | "down";
  /** where a click goes, e.g. (code) => `/cockpit/${code}?period=...`; no link when it returns null */
  hrefFor?: (code: string) => string | null;
  height?: number;
}

// ---------------------------------------------------------------------------------------------------------
// geometry

interface GeoFeature {
  code: string;
  name: string;
  /** label text: 兰州, 临夏州, 积石山县 … */
  short: string;
  /** SVG path (evenodd) in viewBox units */
  d: string;
  label: [number, number];
  /** room around the label point (radius, viewBox units) */
  labelRoom: number;
  bbox: [number, number, number, number];
  area: number;
  cityCode?: string;
}

export interface GansuGeo {
  source: string;
  license: string;
  viewBox: string;
  cities: GeoFeature[];
  counties: (GeoFeature & { cityCode: string })[];
}

let geoPromise: Promise<GansuGeo> | null = null;

/** The map geometry, fetched once (later calls share the same promise; a failure is retried next time). */
export function loadGansuGeo(): Promise<GansuGeo> {
  if (!geoPromise) {
    geoPromise = fetch("/geo/gansu.json", { cache: "force-cache" })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json() as Promise<GansuGeo>;
      })
      .catch((err: unknown) => {
        geoPromise = null;
        throw err;
      });
  }
  return geoPromise;
}

// ---------------------------------------------------------------------------------------------------------
// colour classes

/** light → dark teal: higher is better */
const GOOD_RAMP = ["#d1eeea", "#96d0d1", "#68abb8", "#45829b", "#2a5674"];
/** light → dark red (ColorBrewer OrRd): higher is worse */
const BAD_RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
const NO_DATA = "#e2e8f0";

interface ColourClass {
  colour: string;
  text: string;
}
interface Classes {
  /** class index of a value */
  classify: (v: number) => number;
  classes: ColourClass[];
}

function quantile(sorted: number[], p: number) {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function formatNumber(v: number, digits?: number) {
  return v.toLocaleString("zh-CN", digits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function pickColours(ramp: string[], n: number) {
  if (n === 1) return [ramp[2]];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]);
}

/** 5 quantile classes with rounded breaks; fewer when there are few distinct values */
export function buildClasses(values: number[], direction: "up" | "down"): Classes {
  const ramp = direction === "up" ? GOOD_RAMP : BAD_RAMP;
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length === 0) return { classify: () => 0, classes: [] };
  if (distinct.length <= 5) {
    const colours = pickColours(ramp, distinct.length);
    return {
      classify: (v) => Math.max(0, distinct.findIndex((d) => d === v)),
      classes: distinct.map((d, i) => ({ colour: colours[i], text: formatNumber(d) })),
    };
  }
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const raw = [0.2, 0.4, 0.6, 0.8].map((p) => quantile(sorted, p));
  const wanted = new Set(raw.filter((q) => q > min)).size;
  // round the breaks as coarsely as possible without merging classes (1 200 rather than 1 187.4)
  const roundBreaks = (digits: number) => {
    const step = 10 ** -digits;
    const out: number[] = [];
    for (const q of raw) {
      const b = Number((Math.round(q / step) * step).toFixed(Math.max(0, digits)));
      if (b > min && b <= max && !out.includes(b)) out.push(b);
    }
    return out;
  };
  let digits = 1 - Math.floor(Math.log10(max - min));
  let breaks = roundBreaks(digits);
  for (let tries = 0; tries < 3 && breaks.length < wanted; tries++) breaks = roundBreaks(++digits);
  digits = Math.max(0, digits);
  const colours = pickColours(ramp, breaks.length + 1);
  const bounds = [min, ...breaks, max];
  const range = (lo: number, hi: number) => {
    const a = formatNumber(lo, digits);
    const b = formatNumber(hi, digits);
    return a === b ? a : `${a} – ${b}`;
  };
  return {
    classify: (v) => breaks.filter((b) => v >= b).length,
    classes: colours.map((colour, i) => ({ colour, text: range(bounds[i], bounds[i + 1]) })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// the map

interface ViewProps extends Omit<GansuMapProps, "hrefFor"> {
  geo: GansuGeo;
  hrefFor?: (code: string) => string | null;
  onNavigate?: (href: string) => void;
  onPrefetch?: (href: string) => void;
}

const LABEL_PX = 12;
const DEFAULT_HEIGHT = 480;

interface Active {
  code: string;
  x: number;
  y: number;
}

/** The map once the geometry is loaded (no fetching, no router: renders on the server as well). */
export function GansuMapView({ geo, mode, focus, data, kpiLabel, unitLabel, direction, hrefFor, onNavigate, onPrefetch, height = DEFAULT_HEIGHT }: ViewProps): JSX.Element {
  const boxRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [active, setActive] = useState<Active | null>(null);
  const patternId = `gansu-nodata-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;

  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver((entries) => {
      const r = entries[0].contentRect;
      setSize((s) => (s && s.w === r.width && s.h === r.height ? s : { w: r.width, h: r.height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const focusKey = focus && focus.length ? focus.join(",") : "";
  const features = useMemo(() => {
    const wanted = focusKey ? new Set(focusKey.split(",")) : null;
    const list: GeoFeature[] = mode === "city" ? geo.cities : geo.counties;
    return wanted ? list.filter((f) => wanted.has(f.code) || (mode === "county" && f.cityCode !== undefined && wanted.has(f.cityCode))) : list;
  }, [geo, mode, focusKey]);

  const vb = useMemo(() => {
    if (!focusKey || features.length === 0) {
      const [x, y, w, h] = geo.viewBox.split(/\s+/).map(Number);
      return { x, y, w, h };
    }
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const f of features) {
      x0 = Math.min(x0, f.bbox[0]);
      y0 = Math.min(y0, f.bbox[1]);
      x1 = Math.max(x1, f.bbox[2]);
      y1 = Math.max(y1, f.bbox[3]);
    }
    const pad = Math.max(x1 - x0, y1 - y0) * 0.04;
    return { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad };
  }, [geo, features, focusKey]);

  // pixels per viewBox unit ("meet" scaling) and the offset of the drawing inside the box
  const boxW = size?.w || (vb.w / vb.h) * height;
  const boxH = size?.h || height;
  const scale = Math.min(boxW / vb.w, boxH / vb.h);
  const offX = (boxW - vb.w * scale) / 2;
  const offY = (boxH - vb.h * scale) / 2;

  const byCode = useMemo(() => new Map(data.map((d) => [d.code, d])), [data]);
  const { classify, classes } = useMemo(() => {
    const values: number[] = [];
    for (const f of features) {
      const v = byCode.get(f.code)?.value;
      if (v !== null && v !== undefined && Number.isFinite(v)) values.push(v);
    }
    return buildClasses(values, direction);
  }, [features, byCode, direction]);

  const valueText = (code: string) => {
    const d = byCode.get(code);
    if (d?.display) return d.display;
    if (d?.value === null || d?.value === undefined || !Number.isFinite(d.value)) return "无数据";
    return `${formatNumber(d.value)}${unitLabel ?? ""}`;
  };
  const fillOf = (code: string) => {
    const v = byCode.get(code)?.value;
    if (v === null || v === undefined || !Number.isFinite(v) || classes.length === 0) return `url(#${patternId})`;
    return classes[classify(v)].colour;
  };
  const hasNoData = features.some((f) => {
    const v = byCode.get(f.code)?.value;
    return v === null || v === undefined || !Number.isFinite(v);
  });

  // city outlines over the counties
  const outlines = useMemo(() => {
    if (mode !== "county") return [];
    const codes = new Set(features.map((f) => f.cityCode));
    return geo.cities.filter((c) => codes.has(c.code));
  }, [geo, mode, features]);

  // labels: 市州 names, or county names when zoomed in on counties; skipped where they would not fit or collide
  const labels = useMemo(() => {
    const source = mode === "county" && !focusKey ? outlines : features;
    const font = LABEL_PX / scale;
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    const out: { code: string; text: string; x: number; y: number }[] = [];
    for (const f of [...source].sort((a, b) => b.area - a.area)) {
      const w = f.short.length * font;
      const h = font * 1.2;
      // the text may spill over the border a little (it has a halo), not much
      if (f.labelRoom * 2 < h * 0.75 || f.bbox[2] - f.bbox[0] < w * 0.6) continue;
      const box = { x0: f.label[0] - w / 2 - font * 0.2, y0: f.label[1] - h / 2, x1: f.label[0] + w / 2 + font * 0.2, y1: f.label[1] + h / 2 };
      if (placed.some((p) => p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < box.y1 && box.y0 < p.y1)) continue;
      placed.push(box);
      out.push({ code: f.code, text: f.short, x: f.label[0], y: f.label[1] });
    }
    return out;
  }, [mode, focusKey, outlines, features, scale]);

  const activeFeature = active ? features.find((f) => f.code === active.code) : undefined;

  const pointerAt = (code: string, e: PointerEvent<SVGPathElement>) => {
    const rect = boxRef.current?.getBoundingClientRect();
    if (!rect) return;
    setActive({ code, x: e.clientX - rect.left, y: e.clientY - rect.top });
  };
  const focusAt = (f: GeoFeature) => setActive({ code: f.code, x: offX + (f.label[0] - vb.x) * scale, y: offY + (f.label[1] - vb.y) * scale });
  const go = (href: string | null) => {
    if (href && onNavigate) onNavigate(href);
  };

  const tooltipLeft = active ? (active.x > boxW - 200 ? active.x - 12 : active.x + 12) : 0;

  return (
    <div className="w-full">
      <div ref={boxRef} className="relative w-full" style={{ height }}>
        <svg
          viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`}
          preserveAspectRatio="xMidYMid meet"
          className="block h-full w-full select-none"
          role="group"
          aria-label={`${kpiLabel}分布图`}
        >
          <defs>
            <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={`scale(${1 / scale}) rotate(45)`}>
              <rect width="6" height="6" fill={NO_DATA} />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" strokeWidth="1.5" />
            </pattern>
          </defs>
          <g>
            {features.map((f) => {
              const href = hrefFor ? hrefFor(f.code) : null;
              const label = `${f.name}：${valueText(f.code)}`;
              return (
                <path
                  key={f.code}
                  d={f.d}
                  data-code={f.code}
                  fill={fillOf(f.code)}
                  fillRule="evenodd"
                  stroke="#ffffff"
                  strokeWidth={mode === "city" ? 1 : 0.6}
                  strokeLinejoin="round"
                  vectorEffect="non-scaling-stroke"
                  className={href ? "cursor-pointer outline-none" : "outline-none"}
                  role={href ? "link" : "img"}
                  tabIndex={href ? 0 : undefined}
                  aria-label={label}
                  onPointerEnter={(e) => {
                    pointerAt(f.code, e);
                    if (href && onPrefetch) onPrefetch(href);
                  }}
                  onPointerMove={(e) => pointerAt(f.code, e)}
                  onPointerLeave={() => setActive((a) => (a?.code === f.code ? null : a))}
                  onFocus={() => focusAt(f)}
                  onBlur={() => setActive((a) => (a?.code === f.code ? null : a))}
                  onClick={() => go(href)}
                  onKeyDown={(e: KeyboardEvent<SVGPathElement>) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      go(href);
                    }
                  }}
                />
              );
            })}
          </g>
          {outlines.length > 0 && (
            <g fill="none" stroke="#334155" strokeWidth={1.6} strokeLinejoin="round" pointerEvents="none">
              {outlines.map((c) => (
                <path key={c.code} d={c.d} fillRule="evenodd" vectorEffect="non-scaling-stroke" />
              ))}
            </g>
          )}
          {activeFeature && (
            <path d={activeFeature.d} fill="none" stroke="#0f172a" strokeWidth={2.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" pointerEvents="none" />
          )}
          <g pointerEvents="none" textAnchor="middle" dominantBaseline="central" fill="#1e293b" stroke="#ffffff" strokeLinejoin="round" paintOrder="stroke" fontWeight={500}>
            {labels.map((l) => (
              <text key={l.code} x={l.x} y={l.y} fontSize={LABEL_PX / scale} strokeWidth={3 / scale} aria-hidden="true">
                {l.text}
              </text>
            ))}
          </g>
        </svg>
        {active && activeFeature && (
          <div
            className="pointer-events-none absolute z-10 min-w-32 rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-lg"
            style={{ left: tooltipLeft, top: Math.min(active.y + 12, Math.max(0, boxH - 64)), transform: active.x > boxW - 200 ? "translateX(-100%)" : undefined }}
            role="tooltip"
          >
            <div className="font-semibold text-slate-900">{activeFeature.name}</div>
            <div className="mt-0.5 text-slate-600">
              {kpiLabel}：<span className="font-medium text-slate-900 tabular-nums">{valueText(activeFeature.code)}</span>
            </div>
          </div>
        )}
      </div>
      <Legend kpiLabel={kpiLabel} unitLabel={unitLabel} direction={direction} classes={classes} noData={hasNoData || classes.length === 0} />
    </div>
  );
}

function Legend({ kpiLabel, unitLabel, direction, classes, noData }: { kpiLabel: string; unitLabel?: string; direction: "up" | "down"; classes: ColourClass[]; noData: boolean }) {
  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" data-testid="gansu-map-legend">
      <span className="font-medium text-slate-700">
        {kpiLabel}
        {unitLabel ? `（${unitLabel}）` : ""}
      </span>
      {classes.map((c, i) => (
        <span key={i} className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-4 rounded-sm border border-slate-300" style={{ background: c.colour }} />
          <span className="tabular-nums">{c.text}</span>
        </span>
      ))}
      {noData && (
        <span className="inline-flex items-center gap-1">
          <span className="inline-block h-3 w-4 rounded-sm border border-slate-300" style={{ background: `repeating-linear-gradient(45deg, ${NO_DATA} 0 3px, #94a3b8 3px 4px)` }} />
          无数据
        </span>
      )}
      {classes.length > 1 && <span className="text-slate-400">{direction === "up" ? "颜色越深越好" : "颜色越深越差"}</span>}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------

type LoadState = { status: "loading" } | { status: "error" } | { status: "ready"; geo: GansuGeo };

export function GansuMap(props: GansuMapProps): JSX.Element {
  const router = useRouter();
  const [state, setState] = useState<LoadState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const height = props.height ?? DEFAULT_HEIGHT;

  useEffect(() => {
    let live = true;
    loadGansuGeo().then(
      (geo) => live && setState({ status: "ready", geo }),
      () => live && setState({ status: "error" }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (state.status === "loading") {
    return (
      <div className="w-full" role="status" aria-busy="true" aria-label="地图加载中">
        <div className="w-full animate-pulse rounded-lg bg-slate-200/70" style={{ height }} />
        <div className="mt-2 h-4 w-64 animate-pulse rounded bg-slate-200/70" />
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div className="flex w-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 text-sm text-slate-500" style={{ height }} role="alert">
        <span>地图数据加载失败，请检查网络后重试。</span>
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-3 py-1 text-xs text-slate-700 hover:bg-slate-100"
          onClick={() => {
            setState({ status: "loading" });
            setAttempt((a) => a + 1);
          }}
        >
          重试
        </button>
      </div>
    );
  }
  return <GansuMapView {...props} geo={state.geo} onNavigate={(href) => router.push(href)} onPrefetch={(href) => router.prefetch(href)} />;
}
