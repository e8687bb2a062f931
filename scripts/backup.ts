// npm run backup — a pg_dump (custom format) of the configured database (DATABASE_URL, or the embedded instance)
// into BACKUP_DIR (default .data/backups), named by the time, with a manifest of row counts and checksums beside it.
//   npm run backup [-- --dir /mnt/backup]
import path from "node:path";
import { backupDatabase } from "../lib/db/backup";
import { DATA_DIR, resolveDatabase } from "../lib/db/runtime";

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const dir = argValue("--dir") ?? process.env.BACKUP_DIR ?? path.join(DATA_DIR, "backups");
  const db = await resolveDatabase((m) => console.log(m));
  try {
    const t0 = Date.now();
    const { file, manifest } = await backupDatabase(db.url, dir, (m) => console.log(m));
    const rows = Object.values(manifest.tables).reduce((s, t) => s + t.rows, 0);
    console.log(`备份完成：${file}`);
    console.log(`  ${Object.keys(manifest.tables).length} 张表，${rows.toLocaleString("zh-CN")} 行，${(manifest.bytes / 1048576).toFixed(1)} MB，用时 ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`  清单（行数与校验和）：${file}.json；SHA-256 ${manifest.sha256}`);
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`备份失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
