// Chinese number and date conventions. All dates are shown in Asia/Shanghai, whatever the server's zone.
export const TZ = "Asia/Shanghai";

const dateTimeFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const dateFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });

function parts(fmt: Intl.DateTimeFormat, d: Date) {
  const o: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) o[p.type] = p.value;
  return o;
}

/** 2025-03-05 14:03:09 (Beijing time) */
export function formatDateTime(d: Date | string | null | undefined): string {
  if (!d) return "—";
  const p = parts(dateTimeFmt, new Date(d));
  return `${p.year}-${p.month}-${p.day} ${p.hour === "24" ? "00" : p.hour}:${p.minute}:${p.second}`;
}

/** 2025-03-05 (Beijing date). Pass `utcDate` for DATE columns, which are calendar days already. */
export function formatDate(d: Date | string | null | undefined, opts: { utcDate?: boolean } = {}): string {
  if (!d) return "—";
  const date = new Date(d);
  if (opts.utcDate) return date.toISOString().slice(0, 10);
  const p = parts(dateFmt, date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 2025年3月5日 */
export function formatDateCn(d: Date | string | null | undefined, opts: { utcDate?: boolean } = {}): string {
  const s = formatDate(d, opts);
  if (s === "—") return s;
  const [y, m, day] = s.split("-").map(Number);
  return `${y}年${m}月${day}日`;
}

/** Integers with separators; 万 / 亿 above 10,000 / 100,000,000 (one decimal). */
export function formatCount(n: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (n === null || n === undefined || Number.isNaN(n)) return "—";
  const compact = opts.compact ?? true;
  const abs = Math.abs(n);
  if (compact && abs >= 1e8) return `${trimZero((n / 1e8).toFixed(1))}亿`;
  if (compact && abs >= 1e4) return `${trimZero((n / 1e4).toFixed(1))}万`;
  return countFmt.format(n);
}

// one formatter, reused (n.toLocaleString(locale, options) builds a new one on every call)
const countFmt = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });

function trimZero(s: string) {
  return s.endsWith(".0") ? s.slice(0, -2) : s;
}

/** One decimal: 98.4% ; null when undefined (division by zero). */
export function formatPercent(ratio: number | null | undefined, opts: { signed?: boolean } = {}): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  const v = Math.round(ratio * 1000) / 10;
  const s = v.toFixed(1);
  return `${opts.signed && v > 0 ? "+" : ""}${s === "-0.0" ? "0.0" : s}%`;
}
