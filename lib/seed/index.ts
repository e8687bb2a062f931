// `npm run db:seed` and `npm start`: reference data always (when missing), demo data only when asked for.
import type { Db } from "@/lib/db/client";
import { seedDemoAccounts } from "./demo";
import { seedDemoEnterprises } from "./demo-enterprises";
import { seedDemoPopulation } from "./demo-population";
import { seedDemoStats } from "./demo-stats";
import { seedDemoSupervision } from "./demo-supervision";
import { type DemoWorkReport, seedDemoCurrentPlan, seedDemoWork } from "./demo-work";
import { seedAssessmentScheme, seedOrganisation, seedPlan } from "./reference";

export interface SeedReport {
  units: number;
  plan: boolean;
  demoAccounts: number;
  /** demo plan execution and ledgers (only with demo data; zeros when they were already there) */
  demoWork?: DemoWorkReport;
  /** assignments of the demo's current plan (2026年主动创稳工作要点), seeded after the 2023—2025 work */
  demoCurrentPlan?: number;
  demoEnterprises?: Awaited<ReturnType<typeof seedDemoEnterprises>>;
  demoStats?: number;
  /** 常住人口 rows (演示数据) */
  demoPopulation?: number;
  /** demo 督办单 (after the work: they point at its tasks and records) */
  demoSupervision?: number;
}

export async function runSeed(db: Db, opts: { demo: boolean }): Promise<SeedReport> {
  const units = await seedOrganisation(db);
  const plan = await seedPlan(db);
  await seedAssessmentScheme(db);
  if (!opts.demo) return { units, plan, demoAccounts: 0 };
  const demoAccounts = await seedDemoAccounts(db);
  // independent (own tables, own advisory locks, own record-code prefixes): together, so that generating one in
  // Node overlaps with PostgreSQL writing another (the demo's 4.4 万 disputes a year make the work seed the longest)
  const [[demoWork, demoCurrentPlan], demoEnterprises, demoStats, demoPopulation] = await Promise.all([
    seedDemoWork(db).then(async (w) => [w, await seedDemoCurrentPlan(db)] as const),
    seedDemoEnterprises(db),
    seedDemoStats(db),
    seedDemoPopulation(db),
  ]);
  // after the work seed: the 督办 point at its tasks and records
  const demoSupervision = await seedDemoSupervision(db);
  return { units, plan, demoAccounts, demoWork, demoCurrentPlan, demoEnterprises, demoStats, demoPopulation, demoSupervision };
}

/** Demo data on the embedded default or with DEMO=1; never with DEMO=0. */
export function demoWanted(embedded: boolean): boolean {
  const flag = process.env.DEMO?.trim();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return embedded;
}
