// npm run db:seed — loads reference data when missing (and demo data with DEMO=1 or on the embedded default).
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";
import { demoWanted, runSeed } from "../lib/seed";

async function main() {
  const db = await resolveDatabase(console.log);
  const prisma = createPrismaClient(db.url, { max: 4 });
  try {
    await applyMigrations(db.url);
    const r = await runSeed(prisma, { demo: demoWanted(db.embedded) });
    console.log(`种子数据：新增单位 ${r.units} 个，${r.plan ? "已载入默认规划" : "规划已存在"}，新增演示账号 ${r.demoAccounts} 个`);
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`种子数据载入失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
