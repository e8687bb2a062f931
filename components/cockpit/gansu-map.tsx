// Choropleth map of Gansu for the cockpit: plain SVG drawn on the server (no map library, no geometry download).
// The colour classes come from lib/cockpit/map-classes.ts, the layout from lib/cockpit/map-layout.ts; a small client
// island (map-interactions.tsx) adds the hover/focus tooltip and client-side navigation. Regions with a link are
// SVG links: they work with the keyboard (Tab, Enter) and before the page's JavaScript has loaded.
import type { JSX } from "react";
import { gansuGeo } from "@/lib/cockpit/geo";
import { type MapDatum, NO_DATA, NO_DATA_STRIPE, classifyUnits } from "@/lib/cockpit/map-classes";
import { layoutMap } from "@/lib/cockpit/map-layout";
import { MapInteractions } from "./map-interactions";

export type { MapDatum };

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

const DEFAULT_HEIGHT = 480;

export function GansuMap({ mode, focus, data, kpiLabel, unitLabel, direction, hrefFor, height = DEFAULT_HEIGHT }: GansuMapProps): JSX.Element {
  const layout = layoutMap(gansuGeo(), mode, height, focus);
  const { features, outlines, viewBox: vb, scale, labels } = layout;
  const map = classifyUnits(
    features.map((f) => f.code),
    data,
    direction,
    unitLabel ?? "",
  );
  const patternId = `gansu-nodata-${mode}-${focus?.length ? focus[0] : "all"}`;

  return (
    <div className="w-full">
      <MapInteractions kpiLabel={kpiLabel} height={height}>
        <svg viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`} preserveAspectRatio="xMidYMid meet" className="block h-full w-full select-none" role="group" aria-label={`${kpiLabel}分布图`}>
          <defs>
            <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={`scale(${1 / scale}) rotate(45)`}>
              <rect width="6" height="6" fill={NO_DATA} />
              <line x1="0" y1="0" x2="0" y2="6" stroke={NO_DATA_STRIPE} strokeWidth="1.5" />
            </pattern>
          </defs>
          <g>
            {features.map((f) => {
              const unit = map.units.get(f.code)!;
              const href = hrefFor ? hrefFor(f.code) : null;
              const label = `${f.name}：${unit.text}`;
              const path = (
                <path
                  key={f.code}
                  d={f.d}
                  data-code={f.code}
                  data-name={f.name}
                  data-text={unit.text}
                  data-class={unit.classIndex ?? "none"}
                  fill={unit.colour ?? `url(#${patternId})`}
                  fillRule="evenodd"
                  stroke="#ffffff"
                  strokeWidth={mode === "city" ? 1 : 0.6}
                  strokeLinejoin="round"
                  vectorEffect="non-scaling-stroke"
                  className={href ? "cursor-pointer" : undefined}
                  role={href ? undefined : "img"}
                  aria-label={href ? undefined : label}
                />
              );
              return href ? (
                <a key={f.code} href={href} aria-label={label} className="outline-none">
                  {path}
                </a>
              ) : (
                path
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
          <g pointerEvents="none" textAnchor="middle" dominantBaseline="central" fill="#1e293b" stroke="#ffffff" strokeLinejoin="round" paintOrder="stroke" fontWeight={500}>
            {labels.map((l) => (
              <text key={l.code} x={l.x} y={l.y} fontSize={layout.fontSize} strokeWidth={layout.halo} aria-hidden="true">
                {l.text}
              </text>
            ))}
          </g>
        </svg>
      </MapInteractions>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600" data-testid="gansu-map-legend">
        <span className="font-medium text-slate-700">
          {kpiLabel}
          {unitLabel ? `（${unitLabel}）` : ""}
        </span>
        {map.legend.map((l, i) => (
          <span key={i} className="inline-flex items-center gap-1">
            <span
              className="inline-block h-3 w-4 rounded-sm border border-slate-300"
              style={{ background: l.colour ?? `repeating-linear-gradient(45deg, ${NO_DATA} 0 3px, ${NO_DATA_STRIPE} 3px 4px)` }}
            />
            <span className="tabular-nums">{l.text}</span>
          </span>
        ))}
        {map.reading ? <span className="text-slate-500">{map.reading}</span> : null}
      </div>
    </div>
  );
}
