// Reporting periods: month, quarter, year, year to date, and the last 7 / 28 days (CompStat windows).
// A period is a half-open range of Beijing calendar days [from, to), as Dates at 00:00 UTC of those days.
import { addDays, dayString, shanghaiDayStart, shanghaiToday } from "@/lib/time";

export type PeriodKind = "month" | "quarter" | "year" | "ytd" | "d7" | "d28";

export interface Period {
  kind: PeriodKind;
  /** URL form: 2025-10, 2025-Q3, 2025, 2025-10-ytd, d7-2025-11-29, d28-2025-11-29 */
  key: string;
  /** first day (inclusive) */
  from: Date;
  /** day after the last day (exclusive) */
  to: Date;
  /** 2025年10月, 2025年第三季度, 2025年, 2025年1—10月, 近7天（截至11月29日） */
  label: string;
  /** whole months covered (monthly statistics); empty for d7/d28 */
  months: Date[];
  /** the period has not ended yet (figures still moving) */
  partial: boolean;
}

const utc = (y: number, m0: number, d = 1) => new Date(Date.UTC(y, m0, d));
const QUARTER = ["一", "二", "三", "四"];

function monthsBetween(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let d = from; d < to; d = utc(d.getUTCFullYear(), d.getUTCMonth() + 1)) out.push(d);
  return out;
}

/** `today`: the current Beijing day — a period that includes it is still partial */
function make(kind: PeriodKind, key: string, from: Date, to: Date, label: string, today: Date): Period {
  return { kind, key, from, to, label, months: kind === "d7" || kind === "d28" ? [] : monthsBetween(from, to), partial: to > today };
}

/** Parses a period key; null when malformed or entirely in the future. */
export function parsePeriod(key: string | null | undefined, now: Date = new Date()): Period | null {
  const today = shanghaiToday(now);
  const tomorrow = addDays(today, 1);
  if (!key) return null;
  let m: RegExpExecArray | null;
  let p: Period | null = null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(key))) {
    const y = +m[1];
    const mo = +m[2];
    if (mo >= 1 && mo <= 12) p = make("month", key, utc(y, mo - 1), utc(y, mo), `${y}年${mo}月`, today);
  } else if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const y = +m[1];
    const q = +m[2];
    p = make("quarter", key, utc(y, (q - 1) * 3), utc(y, q * 3), `${y}年第${QUARTER[q - 1]}季度`, today);
  } else if ((m = /^(\d{4})$/.exec(key))) {
    const y = +m[1];
    p = make("year", key, utc(y, 0), utc(y + 1, 0), `${y}年`, today);
  } else if ((m = /^(\d{4})-(\d{2})-ytd$/.exec(key))) {
    const y = +m[1];
    const mo = +m[2];
    if (mo >= 1 && mo <= 12) p = make("ytd", key, utc(y, 0), utc(y, mo), mo === 1 ? `${y}年1月` : `${y}年1—${mo}月`, today);
  } else if ((m = /^d(7|28)-(\d{4}-\d{2}-\d{2})$/.exec(key))) {
    const n = +m[1];
    const end = new Date(`${m[2]}T00:00:00Z`);
    if (!Number.isNaN(end.getTime())) {
      const to = addDays(end, 1);
      p = make(n === 7 ? "d7" : "d28", key, addDays(to, -n), to, `近${n}天（截至${end.getUTCMonth() + 1}月${end.getUTCDate()}日）`, today);
    }
  }
  if (!p || p.from >= tomorrow || p.from.getUTCFullYear() < 2000) return null;
  return p;
}

/** The default period: the last complete month in Beijing. */
export function defaultPeriod(now: Date = new Date()): Period {
  const today = shanghaiToday(now);
  const last = utc(today.getUTCFullYear(), today.getUTCMonth() - 1);
  return parsePeriod(`${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, "0")}`, now)!;
}

export function monthKey(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

function shiftMonths(p: Period, n: number, now: Date): Period | null {
  const f = utc(p.from.getUTCFullYear(), p.from.getUTCMonth() + n);
  const y = f.getUTCFullYear();
  switch (p.kind) {
    case "month":
      return parsePeriod(monthKey(f), now);
    case "quarter":
      return parsePeriod(`${y}-Q${Math.floor(f.getUTCMonth() / 3) + 1}`, now);
    case "year":
      return parsePeriod(String(y), now);
    case "ytd": {
      const end = utc(p.to.getUTCFullYear(), p.to.getUTCMonth() - 1 + n);
      return parsePeriod(`${end.getUTCFullYear()}-${String(end.getUTCMonth() + 1).padStart(2, "0")}-ytd`, now);
    }
    default:
      return null;
  }
}

/** 环比: the period just before (the previous month, quarter, year; the previous 7/28 days). Not for YTD. */
export function previousPeriod(p: Period, now: Date = new Date()): Period | null {
  if (p.kind === "ytd") return null;
  if (p.kind === "d7" || p.kind === "d28") return parsePeriod(`${p.kind}-${dayString(addDays(p.from, -1))}`, now);
  return shiftMonths(p, p.kind === "month" ? -1 : p.kind === "quarter" ? -3 : -12, now);
}

/** 同比: the same period a year earlier (for 7/28-day windows: 364 days earlier, same weekdays). */
export function sameLastYear(p: Period, now: Date = new Date()): Period | null {
  if (p.kind === "d7" || p.kind === "d28") return parsePeriod(`${p.kind}-${dayString(addDays(p.to, -1 - 364))}`, now);
  return shiftMonths(p, -12, now);
}

/** The instant a period's figures are counted up to: its end, or now if it has not ended. */
export function asOf(p: Period, now: Date = new Date()): Date {
  const end = shanghaiDayStart(p.to); // 00:00 Beijing of the day after
  return end < now ? end : now;
}

/** Beijing day start as an instant (for timestamp columns). */
export const dayStart = (day: Date) => shanghaiDayStart(day);

/** Period choices for a picker: recent months, quarters, years, YTD and the day windows. */
export function periodOptions(now: Date = new Date()): { key: string; label: string; group: string }[] {
  const today = shanghaiToday(now);
  const out: { key: string; label: string; group: string }[] = [];
  const yesterday = dayString(addDays(today, -1));
  out.push({ key: `d7-${yesterday}`, label: "近7天", group: "滚动" }, { key: `d28-${yesterday}`, label: "近28天", group: "滚动" });
  for (let i = 1; i <= 24; i++) {
    const d = utc(today.getUTCFullYear(), today.getUTCMonth() - i);
    out.push({ key: monthKey(d), label: `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`, group: "月" });
  }
  const lastMonth = utc(today.getUTCFullYear(), today.getUTCMonth() - 1);
  out.push({ key: `${monthKey(lastMonth)}-ytd`, label: `${lastMonth.getUTCFullYear()}年1—${lastMonth.getUTCMonth() + 1}月`, group: "年初至今" });
  for (let i = 1; i <= 8; i++) {
    const d = utc(today.getUTCFullYear(), today.getUTCMonth() - 3 * i);
    const q = Math.floor(d.getUTCMonth() / 3) + 1;
    const key = `${d.getUTCFullYear()}-Q${q}`;
    if (!out.some((o) => o.key === key)) out.push({ key, label: `${d.getUTCFullYear()}年第${QUARTER[q - 1]}季度`, group: "季度" });
  }
  for (let y = today.getUTCFullYear(); y >= 2021; y--) out.push({ key: String(y), label: `${y}年${y === today.getUTCFullYear() ? "（至今）" : ""}`, group: "年" });
  return out;
}
