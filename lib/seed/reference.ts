// Reference data: the organisation and the default plan. Loaded when missing, idempotently.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { DEFAULT_SCHEME } from "@/lib/assessment/scheme";
import { importPlan } from "@/lib/plan/import-plan";
import type { UnitLevel, CountyKind } from "@/lib/generated/prisma/client";
import { CITIES, DEPARTMENTS, PROVINCE } from "./org-data";

export interface UnitSeed {
  code: string;
  name: string;
  shortName: string | null;
  level: UnitLevel;
  kind: CountyKind | null;
  parentCode: string | null;
  path: string;
  depth: number;
  sortOrder: number;
}

/** The seeded organisation as rows, parents before children. */
export function organisationRows(): UnitSeed[] {
  const rows: UnitSeed[] = [];
  const root = `/${PROVINCE.code}/`;
  rows.push({ code: PROVINCE.code, name: PROVINCE.name, shortName: PROVINCE.shortName, level: "PROVINCE", kind: null, parentCode: null, path: root, depth: 0, sortOrder: 0 });
  DEPARTMENTS.forEach((d, i) =>
    rows.push({ code: d.code, name: d.name, shortName: d.shortName, level: "DEPARTMENT", kind: null, parentCode: PROVINCE.code, path: `${root}${d.code}/`, depth: 1, sortOrder: 100 + i }),
  );
  const station = (parentCode: string, parentPath: string, name: string, i: number, prefix: string): UnitSeed => {
    const code = `${parentCode}P${String(i + 1).padStart(2, "0")}`;
    return { code, name: `${prefix}${name}派出所`, shortName: `${name}派出所`, level: "STATION", kind: null, parentCode, path: `${parentPath}${code}/`, depth: parentPath.split("/").length - 2, sortOrder: i };
  };
  CITIES.forEach((c, ci) => {
    const cityPath = `${root}${c.code}/`;
    rows.push({ code: c.code, name: c.name, shortName: c.shortName, level: "CITY", kind: null, parentCode: PROVINCE.code, path: cityPath, depth: 1, sortOrder: ci });
    c.stations.forEach((s, i) => rows.push(station(c.code, cityPath, s, i, c.name)));
    c.counties.forEach((k, ki) => {
      const countyPath = `${cityPath}${k.code}/`;
      rows.push({ code: k.code, name: k.name, shortName: k.name.length > 2 ? k.name.replace(/(区|县|市)$/, "") : k.name, level: "COUNTY", kind: k.kind, parentCode: c.code, path: countyPath, depth: 2, sortOrder: ki });
      k.stations.forEach((s, i) => rows.push(station(k.code, countyPath, s, i, k.name)));
    });
  });
  return rows;
}

/** Inserts the units that are missing (one query when nothing is). Existing units are never changed here. */
export async function seedOrganisation(db: Db): Promise<number> {
  const rows = organisationRows();
  const existing = new Map((await db.unit.findMany({ select: { id: true, code: true } })).map((u) => [u.code, u.id]));
  const missing = rows.filter((r) => !existing.has(r.code));
  if (!missing.length) return 0;
  await db.$transaction(async (tx) => {
    for (const depth of [...new Set(missing.map((r) => r.depth))].sort()) {
      const level = missing.filter((r) => r.depth === depth);
      const parents = new Map(
        (await tx.unit.findMany({ where: { code: { in: level.map((r) => r.parentCode!).filter(Boolean) } }, select: { id: true, code: true } })).map((u) => [u.code, u.id]),
      );
      await tx.unit.createMany({
        data: level.map(({ parentCode, ...r }) => ({ ...r, parentId: parentCode ? parents.get(parentCode)! : null })),
        skipDuplicates: true,
      });
    }
  }, { timeout: 120_000, maxWait: 30_000 }); // a busy machine passes Prisma's 5 s default
  return missing.length;
}

export const DEFAULT_PLAN_FILE = path.resolve("lib/seed/data/plan-2023-2025.json");

/** Loads the built-in proposal of the plan when no plan exists yet (an imported real plan is never replaced). */
export async function seedPlan(db: Db): Promise<boolean> {
  if ((await db.plan.count()) > 0) return false;
  const raw = JSON.parse(fs.readFileSync(DEFAULT_PLAN_FILE, "utf8"));
  await importPlan(db, raw, { activate: true });
  return true;
}

/** The default assessment scheme, when none exists (the province edits or replaces it). */
export async function seedAssessmentScheme(db: Db): Promise<boolean> {
  if ((await db.assessmentScheme.count()) > 0) return false;
  await db.assessmentScheme.create({ data: { code: "default-2023", name: DEFAULT_SCHEME.name, tree: DEFAULT_SCHEME as never, active: true } });
  return true;
}
