// npm run restore -- <file> — restores a backup made by `npm run backup` into the configured database, which must
// be empty (a new database: DATABASE_URL, or the embedded instance after moving .data/postgres aside). Then compares
// every table's row count and checksum with the backup's manifest.
import { restoreDatabase } from "../lib/db/backup";
import { resolveDatabase } from "../lib/db/runtime";

async function main() {
  const file = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!file) throw new Error("用法：npm run restore -- <备份文件.dump>");
  const db = await resolveDatabase((m) => console.log(m));
  try {
    const t0 = Date.now();
    const r = await restoreDatabase(db.url, file, (m) => console.log(m));
    console.log(`已恢复 ${r.tables} 张表，用时 ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!r.verified) console.log("未找到备份清单（.json），未做行数与校验和比对。");
    else if (r.problems.length) {
      console.error(`恢复后的数据与备份清单不符：\n  ${r.problems.join("\n  ")}`);
      process.exitCode = 2;
    } else console.log("逐表比对行数与校验和：全部一致。");
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`恢复失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
