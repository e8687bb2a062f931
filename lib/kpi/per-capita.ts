// Rates per 10万人口: a count KPI compared across units of different size (the cockpit's map and ranking of child
// units). The one place where a count becomes a rate: count ÷ 常住人口 of the unit for the period's year × 100,000
// (unit_population, imported through lib/population/import.ts). A unit without a population for that year has no
// rate (null, shown as 「—」 缺人口数据) — never a division by zero.
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { KpiDef } from "./definitions";
import type { Period } from "./period";

export const PER_CAPITA_BASE = 100_000;

/** The KPI may be shown per 10万人口 (count KPIs whose volume grows with the population). */
export const hasPerCapita = (def: Pick<KpiDef, "perCapita" | "format">): boolean => def.perCapita === true && def.format === "count";

/** The year whose population a period is divided by: the year of its last day. */
export function populationYear(p: Pick<Period, "to">): number {
  return new Date(p.to.getTime() - 86_400_000).getUTCFullYear();
}

/** count ÷ population × 100,000; null without a count or a positive population. */
export function perCapitaRate(count: number | null | undefined, population: number | null | undefined): number | null {
  if (count === null || count === undefined || !Number.isFinite(count)) return null;
  if (population === null || population === undefined || !Number.isFinite(population) || population <= 0) return null;
  return (count / population) * PER_CAPITA_BASE;
}

/** 常住人口 of the given units (by code) in a year; units without a figure are absent. */
export async function unitPopulations(db: Db, codes: string[], year: number): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db.$queryRaw<{ code: string; population: number }[]>(Prisma.sql`
    SELECT u.code, p.population FROM unit_population p JOIN units u ON u.id = p.unit_id
    WHERE u.code = ANY(${codes}::text[]) AND p.year = ${year}::int`);
  return new Map(rows.map((r) => [r.code, Number(r.population)]));
}

export interface PerCapitaValues {
  /** unit code → rate per 10万人口 (null: no count or no population) */
  values: Map<string, number | null>;
  /** units whose population for the year is missing */
  missing: Set<string>;
  year: number;
}

/** KPI values of units (by code) for a period, per 10万人口 of each unit in the period's year. */
export async function kpiPerCapita(db: Db, values: Map<string, number | null>, p: Pick<Period, "to">): Promise<PerCapitaValues> {
  const year = populationYear(p);
  const pops = await unitPopulations(db, [...values.keys()], year);
  const out = new Map<string, number | null>();
  const missing = new Set<string>();
  for (const [code, v] of values) {
    const pop = pops.get(code);
    if (pop === undefined || pop <= 0) missing.add(code);
    out.set(code, perCapitaRate(v, pop));
  }
  return { values: out, missing, year };
}
