// Validation rules for the monthly statistics (as DHIS2 does it): errors block the entry, warnings need the user's
// explicit confirmation ("数据已核实"). Pure functions — no database, no clock unless given — so that the entry form,
// the import and the tests apply exactly the same rules. Messages are Chinese and shown as they are.
import { STAT_CATEGORIES, STAT_METRICS, STAT_METRIC_MAP, type StatMetric } from "./catalogue";
import { shanghaiYearMonth } from "@/lib/time";

/** the first month that can be entered */
export const MIN_MONTH = "2020-01";
/** no monthly figure of a county comes near this; above it is a typing error (or the wrong unit) */
export const MAX_VALUE = 10_000_000;

/** the form-level message of a result that carries warnings only */
export const WARN_MESSAGE = "请核实以下数据，确认无误后勾选「数据已核实」再提交";
export const CONFIRM_HINT = "请核实上述提示，确认无误后勾选「数据已核实」";
export const NOT_ENTERABLE_MESSAGE = "市州、省厅的数据由下级单位汇总生成，不能直接填报；请选择县区、派出所（嘉峪关为市局本级）填报";
export const PROVINCE_ONLY_MESSAGE = "省厅本级只登记公安政务服务事项（全省政策）；案件等数据由下级单位填报、汇总生成，不能直接填报";
export const LOCAL_ONLY_MESSAGE = "公安政务服务事项为全省政策，由省厅本级统一登记，县区、派出所不填报";

export interface StatIssue {
  /** the metric the message is about; absent for the month or the unit */
  metric?: string;
  message: string;
}

export interface StatWarning {
  metric: string;
  message: string;
}

export interface ValidationResult {
  errors: StatIssue[];
  warnings: StatWarning[];
}

// ── months ("YYYY-MM") ──────────────────────────────────────────────────────────────────────────────────────

export function isMonthString(s: unknown): s is string {
  return typeof s === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** "YYYY-MM" of a year and a 1-based month */
export function monthString(year: number, month: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** the DATE stored for a month: its first day, 00:00 UTC */
export function monthDate(ym: string): Date {
  const [y, m] = ym.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

/** "YYYY-MM" of a stored month (a DATE, 00:00 UTC) */
export function monthOf(d: Date): string {
  return monthString(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

export function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split("-").map(Number);
  const i = y * 12 + (m - 1) + n;
  return monthString(Math.floor(i / 12), (i % 12) + 1);
}

/** months from a to b (b − a) */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split("-").map(Number);
  const [yb, mb] = b.split("-").map(Number);
  return yb * 12 + mb - (ya * 12 + ma);
}

/** 2025年3月 */
export function monthLabel(ym: string): string {
  const [y, m] = ym.split("-").map(Number);
  return `${y}年${m}月`;
}

/** The month that is running now in Beijing (a server in another zone must not shift it). */
export function currentMonth(now: Date = new Date()): string {
  const { year, month } = shanghaiYearMonth(now);
  return monthString(year, month);
}

/** The last completed month in Beijing: only completed months can be entered. */
export function lastCompletedMonth(now: Date = new Date()): string {
  return addMonths(currentMonth(now), -1);
}

/** A month as people and spreadsheets write it: 2025-03, 2025/3, 2025.3, 2025年3月, 202503, or a day of it (2025-03-01). */
export function parseLooseMonth(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!m) m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12 || y < 1900 || y > 2999) return null;
  if (m[3] !== undefined) {
    const d = Number(m[3]);
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    if (d < 1 || d > last) return null;
  }
  return monthString(y, mo);
}

/** An error message for a month that cannot be entered (null when it can). */
export function monthError(ym: string, now: Date = new Date()): string | null {
  if (!isMonthString(ym)) return "月份格式应为 YYYY-MM，例如 2025-03";
  if (ym < MIN_MONTH) return `月份不能早于 ${monthLabel(MIN_MONTH)}`;
  const last = lastCompletedMonth(now);
  if (ym > last) return ym === currentMonth(now) ? `${monthLabel(ym)}尚未结束，只能填报已结束的月份（最晚 ${monthLabel(last)}）` : `不能填报未来的月份（最晚 ${monthLabel(last)}）`;
  return null;
}

// ── units ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface EnterableUnit {
  level: string;
  /** whether the unit has county-level units below it (a 市州 without counties — 嘉峪关 — enters its own figures) */
  hasCounties?: boolean;
}

/** Metrics set once for the whole province by the province itself: policies (服务事项), not sums of counties. */
export const PROVINCE_METRICS: ReadonlySet<string> = new Set(STAT_CATEGORIES.filter((c) => c.key === "service" || c.key === "people_mediation").flatMap((c) => c.metrics.map((m) => m.key)));

/**
 * The metrics a unit enters (DHIS2: the data set assigned to its level). County-level units and police stations, and a
 * city without counties (嘉峪关, whose stations sit directly under the city), enter the local figures; the province
 * enters only the province-level policies (PROVINCE_METRICS); a 市州 with counties enters nothing. Every stored figure
 * is the unit's own (本级), so the figures of a 市州 or of the province are sums of its subtree.
 */
export function enterableMetrics(unit: EnterableUnit): string[] {
  if (unit.level === "PROVINCE") return STAT_METRICS.filter((m) => PROVINCE_METRICS.has(m.key)).map((m) => m.key);
  const local = unit.level === "COUNTY" || unit.level === "STATION" || (unit.level === "CITY" && unit.hasCounties === false);
  return local ? STAT_METRICS.filter((m) => !PROVINCE_METRICS.has(m.key)).map((m) => m.key) : [];
}

/** Whether a unit enters any figure at all. */
export function isEnterable(unit: EnterableUnit): boolean {
  return enterableMetrics(unit).length > 0;
}

/** Why a unit cannot enter a metric (null when it can). */
export function metricRefusal(unit: EnterableUnit, metric: string): string | null {
  if (!isEnterable(unit)) return NOT_ENTERABLE_MESSAGE;
  if (enterableMetrics(unit).includes(metric)) return null;
  return unit.level === "PROVINCE" ? PROVINCE_ONLY_MESSAGE : LOCAL_ONLY_MESSAGE;
}

// ── values ──────────────────────────────────────────────────────────────────────────────────────────────────

/** "1,234", "１２３４", " 12.50 " → number; "" → null (not reported); anything else → an error message. */
export function parseStatInput(raw: unknown): { value: number | null; error?: string } {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === "number") return Number.isFinite(raw) ? { value: raw } : { value: null, error: "应为数字" };
  if (typeof raw !== "string") return { value: null, error: "应为数字" };
  const s = raw
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uff0e\u3002]/g, ".")
    .replace(/[\uff0d\u2212]/g, "-")
    .replace(/[,，\s]/g, "");
  if (s === "") return { value: null };
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { value: null, error: "应为数字" };
  return { value: Number(s) };
}

const fmt = (n: number) => n.toLocaleString("zh-CN", { maximumFractionDigits: 2 });

/** Errors of one value of one metric (negative, not an integer, too many decimals, too large). */
export function valueErrors(metric: StatMetric, value: number): string[] {
  const out: string[] = [];
  if (!Number.isFinite(value)) return ["应为数字"];
  if (value < 0) out.push("不能为负数");
  const decimals = metric.decimals ?? 0;
  if (decimals === 0 && !Number.isInteger(value)) out.push("应为整数");
  else if (decimals > 0 && Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) > 1e-6) out.push(`最多保留 ${decimals} 位小数`);
  if (value > MAX_VALUE) out.push(`数值过大（超过 ${fmt(MAX_VALUE)}），请核实计量单位（金额以万元计）`);
  return out;
}

/** what the label is called in a sentence: 破案 → 破案数, 损失金额 stays */
function noun(m: StatMetric): string {
  return /(数|金额|事项|人数)$/.test(m.label) || m.unit === "万元" ? m.label : `${m.label}数`;
}

export interface ValidateInput {
  /** the unit entering: a 市州 or the province cannot */
  unit?: EnterableUnit;
  /** "YYYY-MM" */
  month: string;
  /** the proposed values, metric → number (metrics not reported are absent) */
  values: Record<string, number>;
  /** the unit's stored values of the previous month */
  previous?: Record<string, number>;
  /** the unit's stored values of the same month, for the pairs whose other metric is not in `values` */
  same?: Record<string, number>;
  /** "now", for the month rule (Beijing calendar) */
  now?: Date;
}

/** Applies every rule to one unit-month. Errors block; warnings need explicit confirmation. */
export function validateStatMonth(input: ValidateInput): ValidationResult {
  const errors: StatIssue[] = [];
  const warnings: StatWarning[] = [];
  if (input.unit && !isEnterable(input.unit)) errors.push({ message: NOT_ENTERABLE_MESSAGE });
  const allowed = input.unit && isEnterable(input.unit) ? new Set(enterableMetrics(input.unit)) : null;
  const me = monthError(input.month, input.now);
  if (me) errors.push({ message: me });
  const previous = input.previous ?? {};
  const same = input.same ?? {};
  for (const [key, value] of Object.entries(input.values)) {
    const metric = STAT_METRIC_MAP.get(key);
    if (!metric) {
      errors.push({ metric: key, message: "未知的统计指标" });
      continue;
    }
    if (allowed && !allowed.has(key)) {
      errors.push({ metric: key, message: metricRefusal(input.unit!, key)! });
      continue;
    }
    const errs = valueErrors(metric, value);
    for (const message of errs) errors.push({ metric: key, message });
    if (errs.length) continue;

    // a metric well above its pair (破案 ≫ 立案)
    if (metric.notAbove) {
      const pair = STAT_METRIC_MAP.get(metric.notAbove.metric)!;
      const other = input.values[pair.key] ?? same[pair.key];
      if (other !== undefined && Number.isFinite(other) && other >= 0 && value > metric.notAbove.factor * other)
        warnings.push({ metric: key, message: `${noun(metric)}（${fmt(value)}）远高于${noun(pair)}（${fmt(other)}），请核实` });
    }
    const prev = previous[key];
    if (prev !== undefined && Number.isFinite(prev)) {
      // a jump on last month (ignored on small numbers, where 2 → 7 is noise)
      if (prev > 5 && value > 3 * prev) warnings.push({ metric: key, message: `较上月（${fmt(prev)}）增长超过 3 倍，请核实` });
      // a standing count that loses more than half
      if (metric.kind === "stock" && prev > 0 && value < prev / 2) warnings.push({ metric: key, message: `较上月（${fmt(prev)}）减少超过一半，请核实` });
    }
  }
  return { errors, warnings };
}

/** Two stored values are the same figure (Decimal(18,2): compare in hundredths). */
export function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.round(a * 100) === Math.round(b * 100);
}
