// Deterministic randomness and time helpers for the demo data (never Math.random: the same day gives the same data).
import { shanghaiDayStart, shanghaiToday, shanghaiYearMonth } from "@/lib/time";

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** float in [0, 1) */
  float(): number {
    return this.next();
  }
  /** float in [a, b) */
  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  /** integer in [a, b] */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** one value of [value, weight] pairs */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  /** k distinct items (or all when fewer) */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < k && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  /** a derived generator, so that one part of the data does not shift when another part changes */
  fork(salt: number): Rng {
    return new Rng((Math.floor(this.next() * 2 ** 31) ^ Math.imul(salt, 0x9e3779b1)) >>> 0);
  }
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** a calendar day (00:00 UTC) from y/m/d */
export const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** the Beijing instant of a calendar day at hh:mm */
export const atBeijing = (calendarDay: Date, hour: number, minute = 0) => new Date(shanghaiDayStart(calendarDay).getTime() + (hour * 60 + minute) * 60_000);

/** the calendar day (Beijing) of an instant */
export const beijingDay = (instant: Date) => shanghaiToday(instant);

/** the year (Beijing) of an instant or calendar day */
export const beijingYear = (d: Date) => shanghaiYearMonth(d).year;

export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms);
export const addDaysTo = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);
export const minDate = (a: Date, b: Date) => (a < b ? a : b);
export const maxDate = (a: Date, b: Date) => (a > b ? a : b);
export const daysBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / DAY_MS;

/** a working-hours instant on a calendar day (08:30–18:30 Beijing, mostly) */
export function officeTime(rng: Rng, calendarDay: Date): Date {
  const minutes = rng.chance(0.9) ? rng.int(8 * 60 + 30, 18 * 60 + 30) : rng.int(19 * 60, 22 * 60 + 30);
  return atBeijing(calendarDay, 0, minutes);
}

/** any instant of a calendar day, denser in the daytime */
export function anyTime(rng: Rng, calendarDay: Date): Date {
  const minutes = rng.chance(0.8) ? rng.int(7 * 60, 22 * 60) : rng.int(0, 24 * 60 - 1);
  return atBeijing(calendarDay, 0, minutes);
}

/**
 * A calendar day in [from, to] drawn with a monthly seasonal weight and a yearly trend
 * (trend −0.1 = 10 % fewer records per year), by rejection sampling.
 */
export function seasonalDay(rng: Rng, from: Date, to: Date, seasonal: readonly number[], trendPerYear = 0): Date {
  const span = Math.max(0, Math.round(daysBetween(from, to)));
  const maxSeason = Math.max(...seasonal);
  const maxTrend = trendPerYear < 0 ? 1 : 1 + trendPerYear * (span / 365);
  for (let i = 0; i < 200; i++) {
    const d = addDaysTo(from, rng.int(0, span));
    const w = seasonal[d.getUTCMonth()] * (1 + trendPerYear * (daysBetween(from, d) / 365));
    if (rng.float() * maxSeason * maxTrend <= w) return d;
  }
  return addDaysTo(from, rng.int(0, span));
}

/** Whole numbers that add up to `total` in proportion to `weights` (largest remainders; ties to the earlier). */
export function allocateExact(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * total);
  const n = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - n.reduce((a, b) => a + b, 0); k < left; k++) n[order[k % order.length][1]]++;
  return n;
}
