// 数据备份恢复: `npm run backup` / `npm run restore` round-trip — every table's row count and checksum equal, the
// audit chain intact, a non-empty target refused, a damaged file refused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { SYSTEM_ACTOR, writeAudit } from "@/lib/audit/write";
import { backupDatabase, compareFingerprints, fingerprint, restoreDatabase } from "@/lib/db/backup";
import { createPrismaClient } from "@/lib/db/client";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";

const t = setupTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function emptyDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  const name = `restore_${Math.random().toString(36).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return inject("pgAdminUrl").replace(/\/postgres$/, `/${name}`);
}

async function fingerprintOf(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fingerprint(c);
  } finally {
    await c.end();
  }
}

describe("backup and restore", () => {
  it("round-trips every table exactly", async () => {
    // some data of every kind: users, audit rows (chained), binary and JSON columns
    await makeUser(t.db, "OFFICER", "620102");
    for (let i = 0; i < 20; i++) await writeAudit(t.db, { actor: SYSTEM_ACTOR, action: "test.backup", entity: "Test", entityId: String(i), after: { i, 名称: "备份测试" } });

    const { file, manifest } = await backupDatabase(t.url, dir);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP"); // pg_dump custom format
    expect(path.basename(file)).toMatch(/^pingan-t_[0-9a-f]+-\d{8}-\d{6}\.dump$/);
    expect(manifest.tables.audit_logs.rows).toBeGreaterThanOrEqual(20);
    expect(manifest.tables.units.rows).toBeGreaterThan(100);

    const target = await emptyDatabase();
    const r = await restoreDatabase(target, file);
    expect(r).toMatchObject({ verified: true, problems: [] });
    expect(r.tables).toBe(Object.keys(manifest.tables).length);
    // and independently of the manifest: the two databases are equal table by table
    expect(compareFingerprints(await fingerprintOf(t.url), await fingerprintOf(target))).toEqual([]);

    const restored = createPrismaClient(target, { max: 2 });
    try {
      expect((await verifyAuditChain(restored)).ok).toBe(true);
      // the restored database is a working one: its triggers are back (the chain continues, no UPDATE)
      await writeAudit(restored, { actor: SYSTEM_ACTOR, action: "test.after-restore", entity: "Test" });
      expect((await verifyAuditChain(restored)).ok).toBe(true);
      await expect(restored.$executeRawUnsafe(`UPDATE audit_logs SET reason = 'x'`)).rejects.toThrow(/只允许追加/);
    } finally {
      await restored.$disconnect();
    }

    // a non-empty database is never overwritten
    await expect(restoreDatabase(target, file)).rejects.toThrow(/不是空的/);
    // a damaged file is refused before anything is written
    const damaged = path.join(dir, "damaged.dump");
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    fs.copyFileSync(`${file}.json`, `${damaged}.json`);
    await expect(restoreDatabase(await emptyDatabase(), damaged)).rejects.toThrow(/SHA-256/);
  });

  it("reports a difference table by table", () => {
    const a = { units: { rows: 2, md5: "x" }, users: { rows: 1, md5: "y" } };
    expect(compareFingerprints(a, { units: { rows: 2, md5: "x" }, users: { rows: 1, md5: "z" } })).toEqual(["表 users 内容校验和不符"]);
    expect(compareFingerprints(a, { units: { rows: 3, md5: "x" } })).toEqual(["表 units 行数不符：备份 2，恢复后 3", "表 users 缺失"]);
  });
});
