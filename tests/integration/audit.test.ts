import { describe, expect, it } from "vitest";
import { writeAudit } from "@/lib/audit/write";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

describe("audit log", () => {
  it("is append-only: the database refuses UPDATE, DELETE and TRUNCATE", async () => {
    await writeAudit(t.db, { actor: { userId: null, username: "tester", unitId: null, unitPath: null, role: null }, action: "test.append", entity: "Test", after: { a: 1 } });
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: "test.append" } });
    await expect(t.db.auditLog.update({ where: { id: row.id }, data: { result: "failure" } })).rejects.toThrow(/审计日志只允许追加/);
    await expect(t.db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/审计日志只允许追加/);
    await expect(t.db.$executeRawUnsafe("UPDATE audit_logs SET action = 'x'")).rejects.toThrow(/审计日志只允许追加/);
    await expect(t.db.$executeRawUnsafe("DELETE FROM audit_logs")).rejects.toThrow(/审计日志只允许追加/);
    await expect(t.db.$executeRawUnsafe("TRUNCATE audit_logs")).rejects.toThrow(/审计日志只允许追加/);
    const still = await t.db.auditLog.findUniqueOrThrow({ where: { id: row.id } });
    expect(still.result).toBe("success");
    expect(still.action).toBe("test.append");
  });

  it("never stores secrets", async () => {
    await writeAudit(t.db, {
      actor: { userId: null, username: "tester", unitId: null, unitPath: null, role: null },
      action: "test.secret",
      entity: "Test",
      after: { passwordHash: "$argon2id$v=19$abc", nested: { totpSecret: "JBSWY3DP", ok: 1 }, big: 10n },
    });
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: "test.secret" } });
    expect(JSON.stringify(row.after)).not.toMatch(/argon2|JBSWY3DP/);
    expect(row.after).toMatchObject({ nested: { ok: 1 }, big: "10" });
    expect(row.at.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
