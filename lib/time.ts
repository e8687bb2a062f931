// Beijing time (Asia/Shanghai, UTC+8 all year: China has no daylight saving time), whatever the server's zone.
// The one place that does the +8 h arithmetic: a lint rule (eslint.config.mjs) refuses the offset anywhere else.
// DATE columns hold calendar days; they are represented as Date objects at 00:00 UTC of that day.
// (SQL uses `AT TIME ZONE 'Asia/Shanghai'` and display uses Intl with lib/format.ts's TZ: no offset literal either.)
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** The instant moved by +8 h, so that its UTC fields read Beijing wall-clock time (since 1992: no DST in China). */
export function shanghaiWallClock(at: Date): Date {
  return new Date(at.getTime() + OFFSET_MS);
}

/** Today's calendar day in Beijing, as 00:00 UTC of that day. */
export function shanghaiToday(now: Date = new Date()): Date {
  const shifted = shanghaiWallClock(now);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

/** The instant a Beijing calendar day (00:00 UTC of that day) begins: 00:00 Beijing = 16:00 UTC the day before. */
export function shanghaiDayStart(day: Date): Date {
  return new Date(day.getTime() - OFFSET_MS);
}

/** The year and month (1–12) of an instant in Beijing. */
export function shanghaiYearMonth(at: Date): { year: number; month: number } {
  const w = shanghaiWallClock(at);
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1 };
}

/** Beijing wall-clock time of an instant as "YYYY-MM-DDTHH:mm:ss" (no zone suffix). */
export function shanghaiIso(at: Date): string {
  return shanghaiWallClock(at).toISOString().slice(0, 19);
}

/** "YYYY-MM-DD" of a calendar-day Date (00:00 UTC). */
export function dayString(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** A calendar day from "YYYY-MM-DD" (null if it is not a real date). */
export function parseDay(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || dayString(d) !== s ? null : d;
}

/** A Beijing wall-clock time "YYYY-MM-DD HH:mm[:ss]" (or "YYYY-MM-DDTHH:mm") as an instant. */
export function parseShanghaiDateTime(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const day = parseDay(m[1]);
  const h = Number(m[2]);
  const min = Number(m[3]);
  const sec = Number(m[4] ?? 0);
  if (!day || h > 23 || min > 59 || sec > 59) return null;
  return new Date(day.getTime() + ((h * 60 + min) * 60 + sec) * 1000 - OFFSET_MS);
}

/** Whole days from today (Beijing) to a calendar day: 0 = due today, negative = overdue by that many days. */
export function daysUntil(day: Date, now: Date = new Date()): number {
  return Math.round((day.getTime() - shanghaiToday(now).getTime()) / DAY_MS);
}

/** A calendar-day deadline is overdue once its day has ended in Beijing. */
export function isPastDay(day: Date, now: Date = new Date()): boolean {
  return day.getTime() < shanghaiToday(now).getTime();
}

export function addDays(day: Date, n: number): Date {
  return new Date(day.getTime() + n * DAY_MS);
}

/** "YYYY-MM-DDTHH:mm" in Beijing, for <input type="datetime-local">. */
export function toShanghaiInput(d: Date | null | undefined): string {
  if (!d) return "";
  return shanghaiIso(d).slice(0, 16);
}

/** A calendar day as people and spreadsheets write it: 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日. */
export function parseLooseDay(s: string): Date | null {
  // a time of day after the date (spreadsheet date cells often carry one) is ignored
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s.trim());
  return m ? parseDay(`${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`) : null;
}

/** A Beijing wall-clock time as people write it; a bare day means 00:00. */
export function parseLooseShanghaiDateTime(s: string): Date | null {
  const m = /^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:[ T]+(\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(s.trim());
  if (!m) return null;
  const day = parseLooseDay(m[1]);
  if (!day) return null;
  return parseShanghaiDateTime(`${dayString(day)} ${m[2] ?? "00:00"}`);
}
