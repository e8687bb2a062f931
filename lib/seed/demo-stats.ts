// Length kept on purpose: generated demo data — one generator with its tuning curves in one place.
// Demo monthly statistics (月度统计), 2021-01 to last month, shaped like the figures a Gansu commander knows:
//   - who reports: every county-level unit (86 县区 + 兰州新区) and 嘉峪关, which has no counties: its figures are
//     stored on the city unit itself (as the city's own 本级 figures; its stations report nothing in the demo). Police
//     stations could report their own figures too (every stored figure is a unit's own, sums never double count); the
//     demo leaves them empty. The 公安政务服务 items are province-level policies: stored on the province unit only.
//   - telecom fraud: cases and losses both down year on year every month since 2021-06 (双下降), rising before that,
//     province-wide exactly and in most cities: 23 consecutive months at 2023-04, the month the article's "连续23个月"
//     is counted at (lib/seed/published-2023.ts); telecom figures start in 2020-01 so that 2021 has a year before it;
//   - criminal cases: filed −1.5 % and solved +12.5 % in 2023 on 2022; economic crime: 1,441 cases solved in 2023 and
//     about ¥1.0 bn (100,000 万元, two decimals) recovered; ¥3.834 bn of bad assets recovered with police help
//     (383,400 万元); 1,780 people summoned (约谈) in 2023;
//   - people's mediation (an external statistic of the justice department, on the province unit): 2023 上半年
//     58,408 disputes mediated, 57,454 successfully (98.4 %);
//   - seasons: traffic accidents peak in summer and in the Spring Festival month, public-order cases in summer;
//   - sizes: 城关区 and the 兰州 districts largest, small (autonomous) counties small;
//   - infrastructure stocks per county, growing, summing to 350 综合指挥室, 102 执法办案中心, 220 模型工具 at 2023-12
//     (the figures of the 2023 reports), a little more since.
// Province totals follow the designed curve exactly (each month's province total is split over the units with
// noise and rounded so that the parts add up), so the shapes above hold whatever the noise. Deterministic (seeded
// PRNG; only "today" moves the months), written with a few bulk INSERTs, and done once: when any StatValue exists,
// nothing happens.
import type { Db } from "@/lib/db/client";
import { STAT_METRIC_MAP } from "@/lib/stats/catalogue";
import { addMonths, lastCompletedMonth, monthsBetween } from "@/lib/stats/validate";
import { Rng } from "./demo-work/random";
import { ARTICLE_MONTH, PUBLISHED_2023, TELECOM_STREAK_FROM } from "./published-2023";

export const DEMO_STATS_FROM = "2021-01";
/** the consecutive months of 双下降 at ARTICLE_MONTH (the streak runs from TELECOM_STREAK_FROM to last month) */
export const TELECOM_STREAK = PUBLISHED_2023.telecomStreak;
export { ARTICLE_MONTH, TELECOM_STREAK_FROM };
/** telecom statistics start a year earlier: the streak's first months compare with 2020 */
export const TELECOM_STATS_FROM = "2020-01";

const SEED = 20210101;
const LOCK_KEY = 62_2021_01;
const CHUNK = 20_000;

interface SeedUnit {
  id: number;
  code: string;
  path: string;
  kind: string | null;
  level: string;
}

// ── unit sizes ──────────────────────────────────────────────────────────────────────────────────────────────

const SIZE_OVERRIDES: Record<string, number> = {
  "620102": 6.0, // 城关区
  "620103": 3.4, // 七里河区
  "620104": 2.2, // 西固区
  "620105": 2.2, // 安宁区
  "620111": 1.0, // 红古区
  "620121": 1.5, // 永登县
  "620122": 0.8, // 皋兰县
  "620123": 1.7, // 榆中县
  "620171": 1.3, // 兰州新区
  "6202": 2.0, // 嘉峪关市
  "620302": 1.9, // 金川区
  "620402": 1.9, // 白银区
  "620502": 2.6, // 秦州区
  "620503": 2.2, // 麦积区
  "620602": 2.8, // 凉州区
  "620702": 2.2, // 甘州区
  "620802": 2.0, // 崆峒区
  "620902": 1.9, // 肃州区
  "621002": 1.9, // 西峰区
  "621102": 1.6, // 安定区
  "621202": 1.7, // 武都区
  "622901": 1.5, // 临夏市
  "620923": 0.25, // 肃北
  "620924": 0.25, // 阿克塞
  "620721": 0.35, // 肃南
  "623025": 0.35, // 玛曲
  "623026": 0.3, // 碌曲
  "623024": 0.35, // 迭部
};
const KIND_SIZE: Record<string, number> = { DISTRICT: 1.6, COUNTY_CITY: 1.0, COUNTY: 0.9, AUTONOMOUS_COUNTY: 0.6, DEV_ZONE: 1.0 };

function hash(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

// ── the curves ──────────────────────────────────────────────────────────────────────────────────────────────

const norm = (a: number[]) => {
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return a.map((x) => x / mean);
};

/** the month of the Spring Festival (农历正月初一) */
const SPRING_FESTIVAL: Record<number, number> = { 2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2, 2028: 1, 2029: 2, 2030: 2, 2031: 1, 2032: 2 };

interface FlowSpec {
  key: string;
  /** province total per month in 2021, before seasons (scaled when `target` is set) */
  base: number;
  /** monthly weights, January first */
  season: number[];
  /** extra factor in the Spring Festival month */
  springFestival?: number;
  /** year-on-year factor of a month (index from 2021-01; `streak` = inside the 双下降 window) */
  yoy: (year: number, streak: boolean) => number;
  /** a province total to hit in one year */
  target?: { year: number; total: number };
  /** how much more (or less) of it there is in cities than in the countryside */
  urban?: number;
  /** relative noise of a unit's monthly share */
  noise?: number;
  /** relative month-to-month irregularity of the province total (default 3 %) */
  jitter?: number;
  /** first month (default DEMO_STATS_FROM) */
  from?: string;
}

const byYear = (table: Record<number, number>, otherwise: number) => (y: number) => table[y] ?? otherwise;

const FLOWS: FlowSpec[] = [
  {
    key: "criminal.filed",
    base: 3600,
    season: norm([1.05, 0.85, 0.95, 0.98, 1.0, 1.03, 1.05, 1.05, 1.0, 1.0, 1.0, 1.04]),
    yoy: byYear({ 2022: 0.975, 2023: 0.985, 2024: 0.965, 2025: 0.955, 2026: 0.96 }, 0.97),
    urban: 1.3,
  },
  {
    key: "criminal.solved",
    base: 1650,
    season: norm([1.05, 0.85, 0.95, 0.98, 1.0, 1.03, 1.05, 1.05, 1.0, 1.0, 1.0, 1.04]),
    yoy: byYear({ 2022: 1.05, 2023: 1.125, 2024: 1.06, 2025: 1.03, 2026: 1.02 }, 1.01),
    urban: 1.25,
  },
  {
    key: "public_order.accepted",
    base: 11_000,
    season: norm([0.9, 0.8, 0.9, 0.95, 1.05, 1.15, 1.25, 1.2, 1.05, 0.95, 0.9, 0.9]),
    yoy: byYear({ 2022: 1.03, 2023: 0.97, 2024: 0.96, 2025: 0.97 }, 0.97),
    urban: 1.2,
  },
  {
    key: "public_order.handled",
    base: 9600,
    season: norm([0.9, 0.8, 0.9, 0.95, 1.05, 1.15, 1.25, 1.2, 1.05, 0.95, 0.9, 0.9]),
    yoy: byYear({ 2022: 1.04, 2023: 0.99, 2024: 0.975, 2025: 0.98 }, 0.975),
    urban: 1.2,
  },
  {
    key: "economic.filed",
    base: 150,
    season: norm([0.9, 0.7, 1.0, 1.0, 1.05, 1.1, 1.0, 1.0, 1.05, 0.95, 1.05, 1.2]),
    yoy: byYear({ 2022: 0.96, 2023: 0.98, 2024: 0.95, 2025: 0.96, 2026: 0.97 }, 0.97),
    urban: 1.6,
  },
  {
    key: "economic.solved",
    base: 110,
    season: norm([0.9, 0.7, 1.0, 1.0, 1.05, 1.1, 1.0, 1.0, 1.05, 0.95, 1.05, 1.2]),
    yoy: byYear({ 2022: 1.02, 2023: 1.07, 2024: 1.02, 2025: 0.97, 2026: 1.03 }, 0.99),
    target: { year: 2023, total: PUBLISHED_2023.economicSolved },
    urban: 1.6,
  },
  {
    key: "economic.recovered",
    base: 6000,
    season: norm([0.8, 0.6, 0.9, 1.0, 1.0, 1.1, 1.0, 1.0, 1.05, 0.95, 1.1, 1.5]),
    yoy: byYear({ 2022: 1.1, 2023: 1.25, 2024: 1.05, 2025: 0.94, 2026: 1.06 }, 1.02),
    target: { year: 2023, total: PUBLISHED_2023.economicRecovered },
    urban: 1.8,
    noise: 0.35,
  },
  {
    key: "telecom_fraud.cases",
    from: TELECOM_STATS_FROM,
    base: 1400,
    season: norm([1.0, 0.95, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.0, 1.0, 1.0]),
    yoy: (_y, streak) => (streak ? 0.84 : 1.12),
    urban: 1.5,
    noise: 0.08,
  },
  {
    key: "telecom_fraud.loss",
    from: TELECOM_STATS_FROM,
    base: 7000,
    season: norm([1.0, 0.95, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.0, 1.0, 1.0]),
    yoy: (_y, streak) => (streak ? 0.82 : 1.15),
    urban: 1.6,
    noise: 0.15,
  },
  {
    key: "telecom_fraud.solved",
    from: TELECOM_STATS_FROM,
    base: 420,
    season: norm([1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.0, 1.0, 1.05]),
    yoy: (_y, streak) => (streak ? 0.84 : 1.12) * 1.08,
    urban: 1.4,
  },
  {
    key: "traffic.accidents",
    base: 480,
    season: norm([0.85, 0.8, 0.9, 0.95, 1.05, 1.15, 1.3, 1.3, 1.05, 1.1, 0.9, 0.85]),
    springFestival: 1.35,
    yoy: () => 0.97,
    urban: 0.9,
  },
  {
    key: "traffic.deaths",
    base: 120,
    season: norm([0.85, 0.8, 0.9, 0.95, 1.05, 1.15, 1.3, 1.3, 1.05, 1.1, 0.9, 0.85]),
    springFestival: 1.35,
    yoy: () => 0.95,
    urban: 0.7,
  },
  {
    key: "summons.people",
    base: 80,
    season: norm([0.8, 0.7, 1.0, 1.0, 1.1, 1.1, 1.1, 1.1, 1.0, 1.0, 1.0, 1.1]),
    yoy: byYear({ 2022: 1.2, 2023: 1.6, 2024: 0.7, 2025: 1.08, 2026: 0.93 }, 1.0),
    target: { year: 2023, total: PUBLISHED_2023.summons },
    urban: 1.4,
  },
  {
    key: "economic.bad_assets",
    base: 14_000,
    season: norm([0.7, 0.5, 0.9, 1.0, 1.0, 1.15, 0.95, 0.95, 1.05, 0.95, 1.1, 1.75]),
    yoy: byYear({ 2022: 1.3, 2023: 1.45, 2024: 0.82, 2025: 0.9, 2026: 0.95 }, 0.95),
    target: { year: 2023, total: PUBLISHED_2023.badAssets },
    urban: 2.0,
    noise: 0.4,
  },
];

interface StockSpec {
  key: string;
  /** province total at 2023-12 */
  total: number;
  /** share of it already there in 2021-01 */
  start: number;
  /** growth per year after 2023 */
  after: number;
  /** every county has at least this many */
  min: number;
}

const INFRA: StockSpec[] = [
  { key: "infra.command_rooms", total: 350, start: 0.45, after: 0.03, min: 1 },
  { key: "infra.case_centres", total: 102, start: 0.55, after: 0.015, min: 1 },
  { key: "infra.model_tools", total: 220, start: 0.15, after: 0.1, min: 0 },
  { key: "infra.smart_communities", total: 1200, start: 0.2, after: 0.15, min: 0 },
];

/** province-level service items (piecewise linear between the knots; after the last: + slope per month) */
const SERVICE: { key: string; knots: [string, number][]; slope: number }[] = [
  { key: "service.online", knots: [["2021-01", 96], ["2022-01", 128], ["2023-01", 162], ["2023-06", 180], ["2024-01", 180], ["2025-01", 186], ["2026-01", 192]], slope: 0.5 },
  { key: "service.fully_online", knots: [["2021-01", 40], ["2022-01", 70], ["2023-01", 98], ["2023-06", 114], ["2024-01", 114], ["2025-01", 121], ["2026-01", 128]], slope: 0.5 },
  { key: "service.cross_province", knots: [["2021-01", 2], ["2021-06", 4], ["2022-01", 6], ["2023-01", 7], ["2023-06", 9], ["2025-01", 11], ["2026-01", 13]], slope: 0.1 },
];

// ── generation ──────────────────────────────────────────────────────────────────────────────────────────────

export interface StatRow {
  unitId: number;
  unitPath: string;
  month: string;
  metric: string;
  value: string;
}

/**
 * Splits `total` over weights with noise and rounds so that the parts add up (systematic rounding, unbiased for
 * small parts): integers, or hundredths when `decimals` is 2.
 */
function split(rng: Rng, total: number, weights: number[], decimals: number): number[] {
  const scale = 10 ** decimals;
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const raw = weights.map((w) => (total * scale * w) / sum);
  const out = raw.map(Math.floor);
  let u = rng.float();
  let acc = 0;
  const order = rng.shuffle(raw.map((_, i) => i));
  for (const i of order) {
    acc += raw[i] - out[i];
    if (acc >= u) {
      out[i] += 1;
      u += 1;
    }
  }
  return out.map((x) => x / scale);
}

export function generateDemoStats(units: SeedUnit[], province: SeedUnit | null, lastMonth: string): StatRow[] {
  const allMonths: string[] = [];
  for (let m = TELECOM_STATS_FROM; m <= lastMonth; m = addMonths(m, 1)) allMonths.push(m);
  const months = allMonths.filter((m) => m >= DEMO_STATS_FROM);
  const streakFrom = TELECOM_STREAK_FROM;
  const rows: StatRow[] = [];
  const rng = new Rng(SEED);
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));

  // sizes and a drift per unit and year (normalised per metric so that province totals stay on the curve)
  const size = sorted.map((u) => (SIZE_OVERRIDES[u.code] ?? KIND_SIZE[u.kind ?? "COUNTY"] ?? 0.9) * new Rng(hash(u.code)).range(0.8, 1.2));
  const urban = sorted.map((u) => (u.kind === "DISTRICT" || u.level === "CITY" ? 1 : u.kind === "COUNTY_CITY" || u.kind === "DEV_ZONE" ? 0.5 : 0));
  const years = [...new Set(allMonths.map((m) => Number(m.slice(0, 4))))];
  const drift = sorted.map((u) => {
    const r = new Rng(hash(`drift:${u.code}`));
    let d = 1;
    return new Map(years.map((y) => [y, y === years[0] ? 1 : (d *= r.range(0.96, 1.04))]));
  });

  for (const [fi, f] of FLOWS.entries()) {
    // the flow's own months (telecom from 2020); the shared `months` name keeps the generation below unchanged
    const months = allMonths.filter((m) => m >= (f.from ?? DEMO_STATS_FROM));
    const decimals = STAT_METRIC_MAP.get(f.key)!.decimals ?? 0;
    // the province curve: a base level moved year on year, times the season
    const level: number[] = [];
    const total = months.map((m, i) => {
      const y = Number(m.slice(0, 4));
      const mo = Number(m.slice(5, 7));
      level[i] = i < 12 ? f.base : level[i - 12] * f.yoy(y, m >= streakFrom);
      const sf = f.springFestival && (SPRING_FESTIVAL[y] ?? 2) === mo ? f.springFestival : 1;
      return level[i] * f.season[mo - 1] * sf;
    });
    // month-to-month irregularity, renormalised per year so that the yearly totals keep the designed ratios
    const jr = rng.fork(50 + fi);
    for (const y of new Set(months.map((m) => m.slice(0, 4)))) {
      const idx = months.flatMap((m, i) => (m.startsWith(`${y}-`) ? [i] : []));
      const before = idx.reduce((s, i) => s + total[i], 0);
      for (const i of idx) total[i] *= 1 + (f.jitter ?? 0.03) * (2 * jr.float() - 1);
      const after = idx.reduce((s, i) => s + total[i], 0);
      for (const i of idx) total[i] *= before / after;
    }
    if (f.target) {
      const inYear = total.reduce((s, v, i) => s + (months[i].startsWith(`${f.target!.year}-`) ? v : 0), 0);
      if (inYear > 0) for (let i = 0; i < total.length; i++) total[i] *= f.target.total / inYear;
    }
    const share = sorted.map((_, ui) => size[ui] * (1 + ((f.urban ?? 1) - 1) * urban[ui]));
    // telecom (from 2020): its own forks; the others keep theirs (new metrics go at the end of FLOWS)
    const r = f.from ? rng.fork(hash(f.key)) : rng.fork(fi + 1);
    const noise = f.noise ?? 0.12;
    months.forEach((m, i) => {
      const y = Number(m.slice(0, 4));
      const weights = share.map((s, ui) => s * drift[ui].get(y)! * (1 + noise * (2 * r.float() - 1)));
      const parts = split(r, Math.round(total[i] * 10 ** decimals) / 10 ** decimals, weights, decimals);
      sorted.forEach((u, ui) => rows.push({ unitId: u.id, unitPath: u.path, month: m, metric: f.key, value: parts[ui].toFixed(decimals) }));
    });
  }

  // infrastructure: each unit's 2023-12 count (the parts add up to the province figure), grown into over time
  const target = months.indexOf("2023-12") >= 0 ? "2023-12" : months[months.length - 1];
  for (const [si, s] of INFRA.entries()) {
    const r = rng.fork(100 + si);
    const rest = s.total - s.min * sorted.length;
    const extra = split(r, Math.max(0, rest), size, 0);
    const finals = sorted.map((_, ui) => s.min + extra[ui]);
    const span = Math.max(1, monthsBetween(DEMO_STATS_FROM, target));
    sorted.forEach((u, ui) => {
      const start = Math.min(1, s.start * r.range(0.6, 1.4));
      const phase = r.float();
      for (const m of months) {
        const k = monthsBetween(DEMO_STATS_FROM, m);
        // counts never fall: rounding a rising curve (up to 2023-12), then whole additions at a steady pace
        const v = k <= span ? Math.round(finals[ui] * (start + (1 - start) * Math.sqrt(k / span))) : finals[ui] + Math.floor((finals[ui] * s.after * (k - span)) / 12 + phase);
        rows.push({ unitId: u.id, unitPath: u.path, month: m, metric: s.key, value: String(v) });
      }
    });
  }

  // province-level service items
  if (province) {
    for (const s of SERVICE) {
      for (const m of months) {
        const knots = s.knots;
        let v: number;
        if (m <= knots[0][0]) v = knots[0][1];
        else if (m >= knots[knots.length - 1][0]) v = knots[knots.length - 1][1] + s.slope * monthsBetween(knots[knots.length - 1][0], m);
        else {
          const j = knots.findIndex(([k]) => k > m);
          const [a, va] = knots[j - 1];
          const [b, vb] = knots[j];
          v = va + ((vb - va) * monthsBetween(a, m)) / monthsBetween(a, b);
        }
        rows.push({ unitId: province.id, unitPath: province.path, month: m, metric: s.key, value: String(Math.floor(v)) });
      }
    }
  }
  if (province) rows.push(...peopleMediation(province, months, rng.fork(300)));
  return rows;
}

/**
 * People's mediation (省司法厅 statistics, imported on the province unit): half-year totals around the published
 * 2023 上半年 figures (58,408 mediated, 57,454 successful, exactly), split over the months with a season.
 */
function peopleMediation(province: SeedUnit, months: string[], rng: Rng): StatRow[] {
  const rows: StatRow[] = [];
  const season = [1.25, 1.2, 0.95, 0.9, 0.85, 0.85, 0.95, 0.95, 0.9, 0.95, 1.0, 1.15];
  const level: Record<number, number> = { 2021: 0.9, 2022: 0.95, 2023: 1.0, 2024: 1.02, 2025: 1.01 };
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  for (const y of years) {
    for (const h of [0, 1]) {
      const ms = months.filter((m) => m.startsWith(`${y}-`) && (Number(m.slice(5, 7)) <= 6) === (h === 0));
      if (!ms.length) continue;
      const published = y === 2023 && h === 0;
      const all = 58_408 * (level[y] ?? 0.99) * (h ? 1.04 : 1) * rng.range(0.97, 1.03);
      const weights = ms.map((m) => season[Number(m.slice(5, 7)) - 1]);
      const full = h ? season.slice(6) : season.slice(0, 6);
      const mediated = published ? PUBLISHED_2023.peopleMediated : Math.round((all * weights.reduce((a, b) => a + b, 0)) / full.reduce((a, b) => a + b, 0));
      const succeeded = published ? PUBLISHED_2023.peopleSucceeded : Math.round(mediated * rng.range(0.978, 0.988));
      const m1 = split(rng, mediated, weights, 0);
      const s1 = split(rng, succeeded, m1, 0);
      ms.forEach((m, i) => {
        rows.push({ unitId: province.id, unitPath: province.path, month: m, metric: "people_mediation.mediated", value: String(m1[i]) });
        rows.push({ unitId: province.id, unitPath: province.path, month: m, metric: "people_mediation.succeeded", value: String(Math.min(m1[i], s1[i])) });
      });
    }
  }
  return rows;
}

const hasStats = async (db: Pick<Db, "$queryRaw">) => (await db.$queryRaw<{ e: boolean }[]>`SELECT EXISTS (SELECT 1 FROM stat_values) AS e`)[0].e;

/** Writes the demo statistics once (nothing when any StatValue exists). Returns the rows written. */
export async function seedDemoStats(db: Db, now: Date = new Date()): Promise<number> {
  if (await hasStats(db)) return 0;
  const all = await db.unit.findMany({ where: { active: true, level: { in: ["PROVINCE", "CITY", "COUNTY"] } }, select: { id: true, code: true, path: true, kind: true, level: true, parentId: true } });
  const province = all.find((u) => u.level === "PROVINCE") ?? null;
  const withCounties = new Set(all.filter((u) => u.level === "COUNTY").map((u) => u.parentId));
  const units = all.filter((u) => u.level === "COUNTY" || (u.level === "CITY" && !withCounties.has(u.id)));
  if (!units.length) return 0;
  const lastMonth = lastCompletedMonth(now);
  if (lastMonth < DEMO_STATS_FROM) return 0;
  const rows = generateDemoStats(units, province, lastMonth);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      if (await hasStats(tx)) return 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const c = rows.slice(i, i + CHUNK);
        await tx.$executeRaw`
          INSERT INTO stat_values (unit_id, unit_path, month, metric, value, version, updated_at)
          SELECT u, p, m, k, v, 1, now()
          FROM unnest(${c.map((r) => r.unitId)}::int[], ${c.map((r) => r.unitPath)}::text[], ${c.map((r) => `${r.month}-01`)}::text[]::date[], ${c.map((r) => r.metric)}::text[], ${c.map((r) => r.value)}::text[]::numeric[]) AS t(u, p, m, k, v)`;
      }
      return rows.length;
    },
    { maxWait: 30_000, timeout: 300_000 },
  );
}
