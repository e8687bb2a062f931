// npm run plan:import -- plan.json — loads a plan file (format in README.md) and makes it the active plan.
import fs from "node:fs";
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";
import { PlanImportError, importPlan } from "../lib/plan/import-plan";
import { seedOrganisation } from "../lib/seed/reference";

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error("用法：npm run plan:import -- <规划文件.json>");
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
    const r = await importPlan(prisma, raw, { activate: true });
    console.log(`规划已导入并启用：${r.areas} 个方面、${r.measures} 项举措、${r.tasks} 项任务${r.removedTasks ? `，删除 ${r.removedTasks} 项文件中已无的任务` : ""}`);
  } catch (e) {
    console.error(e instanceof PlanImportError ? e.message : `导入失败：${e instanceof Error ? e.message : e}`);
    process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

void main();
