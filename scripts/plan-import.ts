// npm run plan:import -- plan.json [--carry-over] [--keep-current] — loads a plan file (format in README.md) next to
// the plans already there and makes it the current plan (--keep-current: imported, the current plan stays);
// --carry-over: also carries over the unfinished assignments named by the tasks' carriesOver (idempotent).
import fs from "node:fs";
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";
import { PlanImportError, importPlan } from "../lib/plan/import-plan";
import { seedOrganisation } from "../lib/seed/reference";

async function main() {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith("--")));
  const file = args.find((a) => !a.startsWith("--"));
  const unknown = [...flags].filter((f) => f !== "--carry-over" && f !== "--keep-current");
  if (!file || unknown.length) {
    console.error("用法：npm run plan:import -- <规划文件.json> [--carry-over] [--keep-current]");
    process.exit(2);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`无法读取规划文件 ${file}：${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
  const db = await resolveDatabase(console.log);
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    await applyMigrations(db.url);
    await seedOrganisation(prisma);
    const activate = !flags.has("--keep-current");
    const r = await importPlan(prisma, raw, { activate, carryOver: flags.has("--carry-over") });
    console.log(
      `规划已导入${activate ? "并设为当前规划" : "（当前规划不变）"}：${r.areas} 个方面、${r.measures} 项举措、${r.tasks} 项任务` +
        (r.removedTasks ? `，删除 ${r.removedTasks} 项文件中已无的任务` : "") +
        (r.carried !== undefined ? `；结转未销号任务 ${r.carried} 项${r.skipped ? `（${r.skipped} 项的承办单位已有新任务，未结转）` : ""}` : ""),
    );
  } catch (e) {
    console.error(e instanceof PlanImportError ? e.message : `导入失败：${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

void main();
