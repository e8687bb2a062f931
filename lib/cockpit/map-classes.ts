// The cockpit map's colour classes: which unit gets which colour, and the legend that explains them. Pure (no React,
// no geometry), so the server renders the map with it and tests check it alone. Drawn by components/cockpit/gansu-map.tsx.
//
// Classes: one per distinct value when there are at most 5 (a single unit, ties, few values), otherwise 5 quantile
// classes with breaks rounded as coarsely as possible without merging classes (1,200 rather than 1,187.4). A value
// equal to a break belongs to the class above it. Missing values (null, NaN, ±∞, or no datum at all) get no class and
// are drawn hatched, listed in the legend as 无数据.
import { formatNumber } from "@/lib/format";

export type MapDirection = "up" | "down";

/** light → dark teal: higher is better */
export const GOOD_RAMP = ["#d1eeea", "#96d0d1", "#68abb8", "#45829b", "#2a5674"] as const;
/** light → dark red (ColorBrewer OrRd): higher is worse */
export const BAD_RAMP = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"] as const;
/** the no-data hatching: background and stripes */
export const NO_DATA = "#e2e8f0";
export const NO_DATA_STRIPE = "#94a3b8";
export const MAX_CLASSES = 5;

export interface ColourClass {
  colour: string;
  /** the legend's text: one value, or "lo – hi" */
  text: string;
  /** the values this class holds: min ≤ v < max, the last class also v = max */
  min: number;
  max: number;
}

export interface Classes {
  /** class index of a finite value (values outside the range fall in the first or last class) */
  classify: (v: number) => number;
  classes: ColourClass[];
}

const isValue = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** a number as the map shows it: `digits` decimals, or up to 2 without trailing zeros; separators, "−" for minus */
export function formatMapNumber(v: number, digits?: number): string {
  if (digits !== undefined) return formatNumber(v, Math.max(0, digits));
  const s = formatNumber(v, 2);
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

function quantile(sorted: number[], p: number) {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

/** n colours spread over the ramp (one class: its middle) */
function pickColours(ramp: readonly string[], n: number): string[] {
  if (n === 1) return [ramp[2]];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]);
}

/** The classes of a set of values (missing ones are ignored); "up": darker is better, "down": darker is worse. */
export function buildClasses(values: readonly (number | null | undefined)[], direction: MapDirection): Classes {
  const ramp = direction === "up" ? GOOD_RAMP : BAD_RAMP;
  const sorted = values.filter(isValue).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length === 0) return { classify: () => 0, classes: [] };
  if (distinct.length <= MAX_CLASSES) {
    const colours = pickColours(ramp, distinct.length);
    return {
      // the nearest distinct value at or below v (the first class below the smallest)
      classify: (v) => Math.max(0, distinct.filter((d) => d <= v).length - 1),
      classes: distinct.map((d, i) => ({ colour: colours[i], text: formatMapNumber(d), min: d, max: d })),
    };
  }
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const raw = [0.2, 0.4, 0.6, 0.8].map((p) => quantile(sorted, p));
  const wanted = new Set(raw.filter((q) => q > min)).size;
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
    const a = formatMapNumber(lo, digits);
    const b = formatMapNumber(hi, digits);
    return a === b ? a : `${a} – ${b}`;
  };
  return {
    classify: (v) => breaks.filter((b) => v >= b).length,
    classes: colours.map((colour, i) => ({ colour, text: range(bounds[i], bounds[i + 1]), min: bounds[i], max: bounds[i + 1] })),
  };
}

export interface MapDatum {
  code: string;
  value: number | null;
  /** the value as the page shows it (tooltip, screen readers); default: the number and the unit */
  display?: string;
}

export interface UnitClass {
  code: string;
  /** index into `classes`; null: no data */
  classIndex: number | null;
  /** the fill colour, or null for the no-data hatching */
  colour: string | null;
  value: number | null;
  /** the value for people: display text, or the number with its unit, or 无数据 */
  text: string;
}

export interface LegendEntry {
  /** a class colour, or null for the no-data hatching */
  colour: string | null;
  text: string;
}

export interface MapClassification {
  classes: ColourClass[];
  units: Map<string, UnitClass>;
  /** some drawn unit has no value (or no unit has one) */
  hasNoData: boolean;
  /** the legend, lightest class first, 无数据 last when it applies */
  legend: LegendEntry[];
  /** what darker means, when there is more than one class */
  reading: string | null;
}

/**
 * The classification of the drawn units `codes` by `data` (values of other units do not move the breaks; a code
 * without a datum is no data). The last datum of a code wins.
 */
export function classifyUnits(codes: readonly string[], data: readonly MapDatum[], direction: MapDirection, unitLabel = ""): MapClassification {
  const byCode = new Map(data.map((d) => [d.code, d]));
  const { classify, classes } = buildClasses(
    codes.map((c) => byCode.get(c)?.value),
    direction,
  );
  const units = new Map<string, UnitClass>();
  let hasNoData = false;
  for (const code of codes) {
    const d = byCode.get(code);
    const value = d && isValue(d.value) ? d.value : null;
    const classIndex = value !== null && classes.length ? classify(value) : null;
    if (classIndex === null) hasNoData = true;
    const text = d?.display ? d.display : value === null ? "无数据" : `${formatMapNumber(value)}${unitLabel}`;
    units.set(code, { code, classIndex, colour: classIndex === null ? null : classes[classIndex].colour, value, text });
  }
  if (classes.length === 0) hasNoData = true;
  const legend: LegendEntry[] = classes.map((c) => ({ colour: c.colour, text: c.text }));
  if (hasNoData) legend.push({ colour: null, text: "无数据" });
  return { classes, units, hasNoData, legend, reading: classes.length > 1 ? (direction === "up" ? "颜色越深越好" : "颜色越深越差") : null };
}
