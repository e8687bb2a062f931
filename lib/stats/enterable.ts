// The units of a subtree that enter monthly figures: shared by the entry page, the statistics export and the import
// (which runs in the import worker, outside Next: this module stays free of server-only imports).
import { type Scope, unitsIn } from "@/lib/auth/scope";
import type { Db, Tx } from "@/lib/db/client";
import { isEnterable } from "./validate";

export interface EnterableUnitRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  path: string;
  level: string;
  depth: number;
  active: boolean;
}

/** Every unit of a subtree that enters figures (the province included, for its policies), in path order. */
export async function enterableUnits(db: Db | Tx, scope: Scope): Promise<EnterableUnitRow[]> {
  const units = await db.unit.findMany({
    where: { ...unitsIn(scope), level: { in: ["PROVINCE", "CITY", "COUNTY", "STATION"] } },
    select: { id: true, code: true, name: true, shortName: true, path: true, level: true, depth: true, active: true, parentId: true },
    orderBy: { path: "asc" },
  });
  const withCounties = new Set(units.filter((u) => u.level === "COUNTY").map((u) => u.parentId));
  return units
    .filter((u) => isEnterable({ level: u.level, hasCounties: withCounties.has(u.id) }))
    .map(({ parentId: _p, ...u }) => u);
}
