// npm run db:migrate — applies the committed migrations offline (see lib/db/schema-engine.ts).
import { resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";

async function main() {
  const db = await resolveDatabase(console.log);
  try {
    const applied = await applyMigrations(db.url);
    console.log(applied.length ? `已应用迁移：${applied.join(", ")}` : "数据库已是最新，无迁移需要应用。");
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`迁移失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
