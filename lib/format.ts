// The one place where numbers and dates become text (README「数字与日期」): dates in Asia/Shanghai, whatever the
// server's zone; numbers rounded half up (四舍五入) on their exact decimal value — decimal arithmetic
// (decimal.js), never binary toFixed (14.35.toFixed(1) is "14.3"); 万/亿 for large counts; KPI values and their
// changes (%, 个百分点, absolute changes below a KPI's base). The cockpit, the report view, the PDF, the XLSX
// (number formats that show the same rounding) and the CSV all format through here.
import Decimal from "decimal.js";
import type { KpiDef } from "@/lib/kpi/definitions";

// Dates live in ./format-dates.ts (no decimal.js: client components that show a time import it directly) and are
// re-exported here, so there is still one definition of each format.
export { TZ, formatDate, formatDateCn, formatDateTime } from "./format-dates";

// ── Numbers ──────────────────────────────────────────────────────────────────────────────────────────────────

/** decimal.js with 四舍五入: ties away from zero (−14.35 → −14.4), exact on decimal strings */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });
type Num = number | string | Decimal;

/**
 * `x` rounded half up to `digits` decimals, as a plain decimal string. A JS number is taken at its exact decimal
 * value as written (its shortest round-trip form: 287 / 20 is 14.35, not 14.3499999…), so 14.35 → "14.4".
 */
export function roundHalfUp(x: Num, digits: number): string {
  const s = new D(x).toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** thousands separators on the integer part: 1234567.5 → 1,234,567.5 */
function group(s: string): string {
  const [int, frac] = s.split(".");
  const sign = int.startsWith("-") ? "−" : "";
  const digits = int.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${digits}${frac !== undefined ? `.${frac}` : ""}`;
}

/** drops trailing zeros of the fraction: 12.50 → 12.5, 10.0 → 10 */
function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** `x` with `digits` decimals (四舍五入) and separators: assessment scores 87.35 → "87.35", axis labels. */
export function formatNumber(x: number | null | undefined, digits: number): string {
  return finite(x) ? group(roundHalfUp(x, digits)) : "—";
}

const finite = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

/**
 * At most `maxDigits` decimals (四舍五入, trailing zeros dropped) with separators: chart axes, tooltips and the
 * charts' data tables (2,781 · 2,581.5). One formatter object for all of them — `toLocaleString` with options builds
 * a new Intl formatter on every call, which cost the cockpit ~5 ms of CPU per page for its data tables.
 */
export function formatDecimal(x: number | null | undefined, maxDigits: number): string {
  return finite(x) ? group(trimZeros(roundHalfUp(x, maxDigits))).replace("−", "-") : "—";
}

/** Integers with separators; 万 / 亿 from 10,000 / 100,000,000 (one decimal, 四舍五入 — 99,995 is 10万). */
export function formatCount(n: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (!finite(n)) return "—";
  const compact = opts.compact ?? true;
  if (compact) {
    const yi = roundHalfUp(new D(n).div(1e8), 1);
    if (new D(yi).abs().gte(1)) return `${group(trimZeros(yi))}亿`;
    const wan = roundHalfUp(new D(n).div(1e4), 1);
    if (new D(wan).abs().gte(10_000)) return `${trimZeros(roundHalfUp(new D(n).div(1e8), 1))}亿`;
    if (new D(wan).abs().gte(1)) return `${group(trimZeros(wan))}万`;
  }
  return group(trimZeros(roundHalfUp(n, 2))).replace("−", "-");
}

/** One decimal: 98.4% ; "—" when undefined (division by zero). */
export function formatPercent(ratio: number | null | undefined, opts: { signed?: boolean } = {}): string {
  if (!finite(ratio)) return "—";
  const s = roundHalfUp(new D(ratio).times(100), 1);
  return `${opts.signed && Number(s) > 0 ? "+" : ""}${s}%`;
}

// ── KPI values ───────────────────────────────────────────────────────────────────────────────────────────────

type FormatOf = Pick<KpiDef, "format" | "unit">;

/** Digits shown for a KPI value (of its percentage for rates; of 万元 below 1亿元). */
export const KPI_DIGITS: Record<KpiDef["format"], number> = { percent: 1, money: 1, days: 1, score: 1, months: 0, count: 0 };

/**
 * A KPI value as text and unit: 52.9 %, 14.4 天, 1,234.6 万元 / 1.23 亿元, 4,850 起 / 4.4 万起, 23 个月. The sign of a
 * negative value is "−" (U+2212).
 */
export function formatKpiValue(def: FormatOf, v: number | null | undefined): { text: string; unit: string } {
  if (!finite(v)) return { text: "—", unit: "" };
  switch (def.format) {
    case "percent":
      return { text: group(roundHalfUp(new D(v).times(100), 1)), unit: "%" };
    case "money": {
      // stored in 万元; 亿元 (two decimals) from 1亿元 as rounded
      const wan = roundHalfUp(v, 1);
      if (new D(wan).abs().gte(10_000)) return { text: group(trimZeros(roundHalfUp(new D(v).div(1e4), 2))), unit: "亿元" };
      return { text: group(trimZeros(wan)), unit: "万元" };
    }
    case "days":
      return { text: group(roundHalfUp(v, 1)), unit: "天" };
    case "score":
      return { text: group(roundHalfUp(v, 1)), unit: "分" };
    case "months":
      return { text: group(roundHalfUp(v, 0)), unit: "个月" };
    default: {
      // counts are whole: below 1万 rounded to an integer, above in 万/亿 with one decimal
      const t = Math.abs(v) < 9_999.5 ? group(roundHalfUp(v, 0)) : formatCount(v).replace(/^-/, "−");
      return /[万亿]$/.test(t) ? { text: t.slice(0, -1), unit: `${t.slice(-1)}${def.unit}` } : { text: t, unit: def.unit };
    }
  }
}

/** Digits of a rate per 10万人口 (lib/kpi/per-capita.ts). */
export const PER_CAPITA_DIGITS = 2;

/**
 * A count per 10万人口 as text and unit: 12.35 起/10万人 (two decimals, 四舍五入); 「—」 without a rate (no count, or
 * no population for the year: the caller says why).
 */
export function formatPerCapita(def: Pick<KpiDef, "unit">, v: number | null | undefined): { text: string; unit: string } {
  if (!finite(v)) return { text: "—", unit: "" };
  return { text: group(roundHalfUp(v, PER_CAPITA_DIGITS)), unit: `${def.unit}/10万人` };
}

/** "52.9%", "14.4 天", "1,234.6 万元" — value and unit as one string (report sentences, PDF). */
export function formatKpiText(def: FormatOf, v: number | null | undefined): string {
  const f = formatKpiValue(def, v);
  return f.unit === "%" || !f.unit ? `${f.text}${f.unit}` : `${f.text} ${f.unit}`;
}

/**
 * A KPI value for a spreadsheet: the exact value in the cell (rates as fractions) with a number format that shows
 * the same rounding as formatKpiValue (Excel rounds half away from zero too), and for CSV the figure as a plain
 * number at the shown precision (rates as percentages; money with its two stored decimals).
 */
export function kpiCell(def: FormatOf, v: number | null | undefined): { num: number; numFmt: string; text: string } | null {
  if (!finite(v)) return null;
  switch (def.format) {
    case "percent":
      return { num: v, numFmt: "0.0%", text: roundHalfUp(new D(v).times(100), 1) };
    case "money":
      return { num: v, numFmt: "#,##0.0", text: roundHalfUp(v, 2) };
    case "days":
    case "score":
      return { num: v, numFmt: "#,##0.0", text: roundHalfUp(v, 1) };
    default:
      return { num: v, numFmt: "#,##0", text: roundHalfUp(v, 0) };
  }
}

// ── Changes (同比 / 环比) ───────────────────────────────────────────────────────────────────────────────────────

export interface Change {
  /** relative change (−0.015 = −1.5%); for rates the difference in points (0.012 = +1.2 个百分点); "absolute":
   *  below the KPI's base for percentages (minBaseForPct), only the difference (+3 起) */
  kind: "relative" | "points" | "absolute";
  value: number | null;
  cur?: number;
  base?: number;
}

/** The base below which a change is shown as a difference, not a percentage (its 口径 says so). */
export function minBaseForPct(def: Pick<KpiDef, "format" | "minBaseForPct">): number {
  return def.minBaseForPct ?? (def.format === "count" ? 20 : def.format === "money" ? 10 : 0);
}

export interface ChangeView {
  text: string;
  /** true: good news; false: bad news; null: neutral or unknown (or too small a base to judge) */
  good: boolean | null;
  arrow: "▲" | "▼" | "—";
}

const signed = (s: string) => (Number(s) > 0 ? `+${s}` : s.replace("-", "−"));

/** "+12.5%" / "−1.5%" / "+1.2个百分点" / "+3起" (small base); "—" when there is nothing to compare. */
export function formatChange(def: Pick<KpiDef, "direction" | "format" | "unit" | "minBaseForPct">, c: Change | null): ChangeView {
  if (!c || c.value === null || !Number.isFinite(c.value)) return { text: "—", good: null, arrow: "—" };
  let text: string;
  let sign: number;
  if (c.kind === "absolute") {
    const diff = c.cur !== undefined && c.base !== undefined ? new D(c.cur).minus(c.base).toNumber() : c.value;
    const f = formatKpiValue(def, Math.abs(diff));
    const r = Number(roundHalfUp(new D(def.format === "percent" ? new D(diff).times(100) : diff).abs(), KPI_DIGITS[def.format] ?? 0));
    sign = r === 0 ? 0 : Math.sign(diff);
    text = sign === 0 ? "持平" : `${sign > 0 ? "+" : "−"}${f.text}${f.unit}`;
  } else {
    const exact =
      c.cur !== undefined && c.base !== undefined
        ? c.kind === "points"
          ? new D(c.cur).minus(c.base)
          : new D(c.cur).minus(c.base).div(c.base)
        : new D(c.value);
    const s = roundHalfUp(exact.times(100), 1);
    sign = Math.sign(Number(s));
    text = c.kind === "points" ? `${signed(s)}个百分点` : `${signed(s)}%`;
  }
  const arrow = sign > 0 ? "▲" : sign < 0 ? "▼" : "—";
  const good = sign === 0 || def.direction === "neutral" || c.kind === "absolute" ? null : def.direction === "up" ? sign > 0 : sign < 0;
  return { text, good, arrow };
}

/** "同比上升 12.5%" / "同比下降 1.5 个百分点" / "同比增加 3 起" / "同比持平" / "" (nothing to compare). */
export function changeWords(def: Pick<KpiDef, "direction" | "format" | "unit" | "minBaseForPct">, c: Change | null, word: string): string {
  const v = formatChange(def, c);
  if (v.text === "—") return "";
  if (v.arrow === "—") return `${word}持平`;
  const up = v.arrow === "▲";
  const amount = v.text.replace(/^[+−]/, "").replace(/个百分点$/, " 个百分点");
  return `${word}${c!.kind === "absolute" ? (up ? "增加" : "减少") : up ? "上升" : "下降"} ${amount}`;
}

// ── Periods ──────────────────────────────────────────────────────────────────────────────────────────────────

const QUARTER_CN = ["一", "二", "三", "四"];

/** A period key as the UI writes it: 2026-11 → 2026年11月, 2026-Q4 → 2026年第四季度, 2026 → 2026年, 2026-11-ytd → 2026年1—11月. */
export function formatPeriodKey(key: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) return `${m[1]}年${Number(m[2])}月`;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) return `${m[1]}年第${QUARTER_CN[Number(m[2]) - 1]}季度`;
  if ((m = /^(\d{4})$/.exec(key))) return `${m[1]}年`;
  if ((m = /^(\d{4})-(\d{2})-ytd$/.exec(key))) return Number(m[2]) === 1 ? `${m[1]}年1月` : `${m[1]}年1—${Number(m[2])}月`;
  if ((m = /^d(7|28)-(\d{4})-(\d{2})-(\d{2})$/.exec(key))) return `近${m[1]}天（截至${Number(m[3])}月${Number(m[4])}日）`;
  return key;
}
