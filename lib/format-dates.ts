// Dates as text, in Beijing time whatever the server's or browser's zone — part of the one formatting module
// (lib/format.ts re-exports everything here). Kept apart from the number formatting so that a client component
// showing a time does not bring decimal.js into its bundle.
export const TZ = "Asia/Shanghai";

const dateTimeFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const dateFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit" });

function parts(fmt: Intl.DateTimeFormat, d: Date) {
  const o: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) o[p.type] = p.value;
  return o;
}

/** 2025-03-05 14:03:09 (Beijing time); `{ seconds: false }`: 2025-03-05 14:03 */
export function formatDateTime(d: Date | string | number | null | undefined, opts: { seconds?: boolean } = {}): string {
  if (d === null || d === undefined || d === "") return "—";
  const p = parts(dateTimeFmt, new Date(d));
  const minute = `${p.year}-${p.month}-${p.day} ${p.hour === "24" ? "00" : p.hour}:${p.minute}`;
  return opts.seconds === false ? minute : `${minute}:${p.second}`;
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
