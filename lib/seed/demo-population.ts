// 演示数据: 常住人口 of the province, its 14 市州 and their 县区 for 2022–2026, the base of the demo's rates per
// 10万人口. Plausible, not official: Gansu ≈ 2,465万 at the end of 2023, split over the 市州 roughly by their
// published sizes and within a 市州 over its 县区 by a fixed weight (urban districts larger). Every row is marked
// is_demo and its source says 演示数据; an imported figure (lib/population/import.ts) replaces it.
import type { Db } from "@/lib/db/client";
import { allocateExact } from "./demo-work/random";
import { CITIES, PROVINCE } from "./org-data";

export const DEMO_POPULATION_SOURCE = "演示数据（非官方统计：全省按约 2,465 万人按市州规模拆分）";
/** the province's demo population in 2023 */
export const DEMO_PROVINCE_2023 = 24_650_000;
export const DEMO_POPULATION_YEARS = [2022, 2023, 2024, 2025, 2026];
/** the province's size relative to 2023 (a slow decline) */
const YEAR_FACTOR: Record<number, number> = { 2022: 1.011, 2023: 1, 2024: 0.997, 2025: 0.994, 2026: 0.991 };

/** 市州 常住人口 in 万人, roughly as published for 2023 (scaled so that the 市州 add up to the province) */
const CITY_WAN: Record<string, number> = {
  "6201": 442.5, "6202": 31.6, "6203": 43.5, "6204": 148.9, "6205": 292.3, "6206": 142.6, "6207": 111.3,
  "6208": 180.9, "6209": 104.9, "6210": 214.9, "6211": 245.9, "6212": 237.2, "6229": 211.8, "6230": 69.0,
};

/** a county's fixed weight: districts are larger; the code spreads the others between 0.6 and 1.4 */
function countyWeight(code: string, kind: string): number {
  const spread = 0.6 + ((Number(code.slice(-3)) * 37) % 81) / 100;
  return kind === "DISTRICT" ? 1.6 * spread : kind === "DEV_ZONE" ? 0.5 : spread;
}

/** code → population for a year: province = Σ 市州, 市州 = Σ 县区 (where it has any). */
export function demoPopulation(year: number): Map<string, number> {
  const out = new Map<string, number>();
  const province = Math.round(DEMO_PROVINCE_2023 * (YEAR_FACTOR[year] ?? 1));
  out.set(PROVINCE.code, province);
  const cities = allocateExact(CITIES.map((c) => CITY_WAN[c.code] ?? 100), province);
  CITIES.forEach((c, i) => {
    out.set(c.code, cities[i]);
    if (!c.counties.length) return;
    const counties = allocateExact(c.counties.map((k) => countyWeight(k.code, k.kind)), cities[i]);
    c.counties.forEach((k, j) => out.set(k.code, counties[j]));
  });
  return out;
}

/** Creates the missing demo rows (existing figures, imported or demo, are left alone). Returns rows created. */
export async function seedDemoPopulation(db: Db): Promise<number> {
  const units = await db.unit.findMany({ where: { level: { in: ["PROVINCE", "CITY", "COUNTY"] } }, select: { id: true, code: true, path: true } });
  const byCode = new Map(units.map((u) => [u.code, u]));
  const data = DEMO_POPULATION_YEARS.flatMap((year) =>
    [...demoPopulation(year)].flatMap(([code, population]) => {
      const u = byCode.get(code);
      return u ? [{ unitId: u.id, unitPath: u.path, year, population, source: DEMO_POPULATION_SOURCE, isDemo: true }] : [];
    }),
  );
  const { count } = await db.unitPopulation.createMany({ data, skipDuplicates: true });
  return count;
}
