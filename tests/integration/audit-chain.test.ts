// 等保 安全审计: the audit log is append-only and hash-chained; verification names the first altered, inserted or
// missing row; pruning deletes only rows past the retention, through the audited job.
import { describe, expect, it } from "vitest";
import { pruneAudit, verifyAuditChain } from "@/lib/audit/chain";
import { SYSTEM_ACTOR, writeAudit } from "@/lib/audit/write";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

async function write(n: number, tag: string) {
  for (let i = 0; i < n; i++) await writeAudit(t.db, { actor: SYSTEM_ACTOR, action: "test.event", entity: "Test", entityId: `${tag}-${i}`, after: { i, tag } });
}

/** runs SQL with the chain's protections switched off, as an intruder with database access would */
async function asIntruder(sql: string, ...params: unknown[]) {
  await t.db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`ALTER TABLE audit_logs DISABLE TRIGGER USER`);
    await tx.$executeRawUnsafe(sql, ...params);
    await tx.$executeRawUnsafe(`ALTER TABLE audit_logs ENABLE TRIGGER USER`);
  });
}

async function lastSeqs(n: number) {
  const rows = await t.db.auditLog.findMany({ orderBy: { seq: "desc" }, take: n, select: { id: true, seq: true } });
  return rows.reverse();
}

describe("the audit chain", () => {
  it("chains every row: gapless sequence, each row carrying the previous hash, verifiable", async () => {
    await write(30, "a");
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: "asc" }, select: { seq: true, prevHash: true, hash: true } });
    expect(rows.length).toBeGreaterThan(30);
    rows.forEach((r, i) => {
      expect(r.seq).toBe(BigInt(i + 1));
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.prevHash).toBe(i ? rows[i - 1].hash : null);
    });
    const s = await verifyAuditChain(t.db);
    expect(s).toMatchObject({ ok: true, rows: rows.length, headSeq: String(rows.length), headHash: rows.at(-1)!.hash });
  });

  it("stays one chain under concurrent writers", async () => {
    await Promise.all(Array.from({ length: 24 }, (_, i) => t.db.$transaction(async (tx) => {
      await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "test.concurrent", entity: "Test", entityId: String(i) });
      await writeAudit(tx, { actor: SYSTEM_ACTOR, action: "test.concurrent", entity: "Test", entityId: `${i}b` });
    })));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const [{ id }] = await lastSeqs(1);
    await expect(t.db.$executeRawUnsafe(`UPDATE audit_logs SET reason = 'x' WHERE id = $1`, id)).rejects.toThrow(/只允许追加/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM audit_logs WHERE id = $1`, id)).rejects.toThrow(/只允许追加/);
    await expect(t.db.$executeRawUnsafe(`TRUNCATE audit_logs`)).rejects.toThrow(/只允许追加/);
    // even with the pruning switch on, a young row cannot be deleted
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT set_config('pingan.audit_prune', 'on', true)`);
        await tx.$executeRawUnsafe(`DELETE FROM audit_logs WHERE id = $1`, id);
      }),
    ).rejects.toThrow(/只允许追加/);
    // a client cannot choose its own place in the chain
    await t.db.auditLog.create({ data: { action: "test.forge", entity: "Test", result: "success", seq: 1n, prevHash: "0".repeat(64), hash: "f".repeat(64) } });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("names a row whose content was altered", async () => {
    await write(5, "tamper");
    const [, victim] = await lastSeqs(3);
    await asIntruder(`UPDATE audit_logs SET reason = '改过了' WHERE id = $1`, victim.id);
    const s = await verifyAuditChain(t.db);
    expect(s).toMatchObject({ ok: false, problem: { kind: "tampered", seq: String(victim.seq) } });
    expect(s.problem!.message).toContain(`第 ${victim.seq} 条`);
    await asIntruder(`UPDATE audit_logs SET reason = NULL WHERE id = $1`, victim.id);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("names a missing row", async () => {
    await write(5, "gap");
    const [, victim] = await lastSeqs(3);
    const saved = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM audit_logs WHERE id = $1`, victim.id);
    await asIntruder(`DELETE FROM audit_logs WHERE id = $1`, victim.id);
    const s = await verifyAuditChain(t.db);
    expect(s).toMatchObject({ ok: false, problem: { kind: "missing", seq: String(victim.seq) } });
    // put it back exactly as it was
    const r = saved[0];
    await asIntruder(
      `INSERT INTO audit_logs (id, at, user_id, username, unit_id, unit_path, role, action, entity, entity_id, before, after, result, reason, ip, seq, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
      r.id, r.at, r.user_id, r.username, r.unit_id, r.unit_path, r.role, r.action, r.entity, r.entity_id, r.before, r.after, r.result, r.reason, r.ip, r.seq, r.prev_hash, r.hash,
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("names a row inserted into the chain, and a row written past it", async () => {
    await write(3, "ins");
    const [head] = await lastSeqs(1);
    // a forged row that claims the next place but was not chained to the head
    await asIntruder(
      `INSERT INTO audit_logs (action, entity, result, seq, prev_hash, hash) VALUES ('test.forged', 'Test', 'success', $1, $2, $3)`,
      head.seq! + 1n, "a".repeat(64), "b".repeat(64),
    );
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { kind: "inserted", seq: String(head.seq! + 1n) } });
    await asIntruder(`DELETE FROM audit_logs WHERE action = 'test.forged'`);
    // a row written with the chain trigger off has no place at all
    await asIntruder(`INSERT INTO audit_logs (action, entity, result) VALUES ('test.unchained', 'Test', 'success')`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { kind: "unchained" } });
    await asIntruder(`DELETE FROM audit_logs WHERE action = 'test.unchained'`);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("prunes only rows past the retention, through the audited job, and the chain still verifies", async () => {
    // make the oldest rows 200 days old (as if written then)
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: "asc" }, take: 10, select: { id: true } });
    await asIntruder(`UPDATE audit_logs SET at = now() - interval '200 days' WHERE id = ANY($1::bigint[])`, rows.map((r) => r.id));
    // rehash those rows as if they had been written 200 days ago (their content changed with the timestamp)
    await asIntruder(`
      DO $$ DECLARE r audit_logs; h text := NULL; BEGIN
        FOR r IN SELECT * FROM audit_logs ORDER BY seq LOOP
          r.prev_hash := h; h := audit_row_digest(r);
          UPDATE audit_logs SET prev_hash = r.prev_hash, hash = h WHERE id = r.id;
        END LOOP; END $$`);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    const total = await t.db.auditLog.count();

    await expect(pruneAudit(t.db, 100, "tester")).rejects.toThrow(/184/);
    await expect(t.db.$queryRawUnsafe(`SELECT * FROM audit_prune(30, 'tester')`)).rejects.toThrow(/184/);
    const r = await pruneAudit(t.db, 184, "tester");
    expect(r.deleted).toBe(10);
    expect(r.keptFromSeq).toBe("11");
    expect(await t.db.auditLog.count()).toBe(total - 10 + 1);
    const prune = await t.db.auditLog.findFirstOrThrow({ where: { action: "audit.prune" } });
    expect(prune).toMatchObject({ username: "tester", result: "success" });
    expect(prune.after).toMatchObject({ deleted: 10, keptFromSeq: "11" });
    const s = await verifyAuditChain(t.db);
    expect(s).toMatchObject({ ok: true, firstSeq: "11", prunedThrough: "10" });
    // nothing more to prune
    expect((await pruneAudit(t.db, 184, "tester")).deleted).toBe(0);
  });

  it("tells a deletion of the oldest rows without the pruning record from a prune", async () => {
    const [first] = await t.db.auditLog.findMany({ orderBy: { seq: "asc" }, take: 1, select: { id: true, seq: true } });
    await asIntruder(`DELETE FROM audit_logs WHERE id = $1`, first.id);
    const s = await verifyAuditChain(t.db);
    expect(s.ok).toBe(false);
    expect(s.problem!.kind).toBe("missing");
  });
});
