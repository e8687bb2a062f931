// The 审计日志 in words: every row actually written by the actions reads as a Chinese sentence with its changes field
// by field (no JSON, no enum keys), and one record's history can be listed (entity + entityId filter).
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { auditChanges, auditSentence } from "@/lib/audit/labels";
import { listAudit } from "@/lib/audit/queries";
import { createUserAction, updateUserAction } from "@/lib/users/actions";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

describe("audit log as sentences", () => {
  it("describes a created and an edited user in words, and lists that user's history only", async () => {
    const sys = await makeUser(t.db, "SYSADMIN", "62");
    const unit = await unitByCode(t.db, "620102");
    const created = await executeAction(createUserAction, t.db, sys, "10.0.0.1", { username: "words_one", name: "新民警", unitId: unit.id, role: "OFFICER" });
    expect(created).toMatchObject({ ok: true });
    const id = (created as { data: { id: number } }).data.id;
    const row = await t.db.user.findUniqueOrThrow({ where: { id } });
    const edited = await executeAction(updateUserAction, t.db, sys, "10.0.0.1", { id, version: row.version, name: "新民警", unitId: unit.id, role: "REVIEWER", badgeNo: "", phone: "", status: "ACTIVE" });
    expect(edited).toMatchObject({ ok: true });

    const viewer = scopeFor("/62/");
    const { rows } = await listAudit(viewer, { entity: "User", entityId: String(id) });
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.entity === "User" && r.entityId === String(id))).toBe(true);
    for (const r of rows) {
      const text = [auditSentence(r), ...auditChanges(r.entity, r.before, r.after)].join("\n");
      expect(text).toMatch(/[\u4e00-\u9fa5]/);
      expect(text).not.toMatch(/[{}"]|OFFICER|REVIEWER|user\.(create|update)/);
    }
    const update = rows.find((r) => r.action === "user.update")!;
    expect(auditChanges(update.entity, update.before, update.after)).toContain("角色：民警 → 审核人");
    // a malformed id is ignored, not an error
    expect((await listAudit(viewer, { entity: "User", entityId: "1' or '1'='1" })).rows.length).toBeGreaterThan(0);
  });
});
