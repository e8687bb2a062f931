// Reading 常住人口 for the population page: the territorial units of a subtree (the unit and its 市州 / 县区) with
// their figure of each year held.
import { type Scope, recordsIn, unitsIn } from "@/lib/auth/scope";
import "server-only";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";

export interface PopulationRow {
  code: string;
  name: string;
  level: string;
  depth: number;
  /** year → figure */
  byYear: Map<number, { population: number; isDemo: boolean; source: string }>;
}

/** The province, 市州 and 县区 of the subtree (down to `maxDepth`), each with its populations; the years held, newest first. */
/** The population page's table, read from the app's database (the query-module contract: pages pass no db). */
export function populationPage(scope: Scope) {
  return populationTable(getDb(), scope);
}

export async function populationTable(db: Db, scope: Scope, opts: { maxDepth?: number } = {}): Promise<{ rows: PopulationRow[]; years: number[] }> {
  const [units, figures] = await Promise.all([
    db.unit.findMany({
      where: { ...unitsIn(scope), level: { in: ["PROVINCE", "CITY", "COUNTY"] }, active: true, ...(opts.maxDepth !== undefined ? { depth: { lte: opts.maxDepth } } : {}) },
      orderBy: [{ path: "asc" }],
      select: { id: true, code: true, name: true, level: true, depth: true },
    }),
    db.unitPopulation.findMany({ where: recordsIn(scope), select: { unitId: true, year: true, population: true, isDemo: true, source: true } }),
  ]);
  const byUnit = new Map<number, PopulationRow["byYear"]>();
  for (const f of figures) {
    const m = byUnit.get(f.unitId) ?? new Map();
    m.set(f.year, { population: f.population, isDemo: f.isDemo, source: f.source });
    byUnit.set(f.unitId, m);
  }
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => b - a);
  return { rows: units.map((u) => ({ code: u.code, name: u.name, level: u.level, depth: u.depth, byYear: byUnit.get(u.id) ?? new Map() })), years };
}
