// The authorization matrix, generated from the one role → permission table and the list of every action:
//  - every `server-actions.ts` export is bound to a definition (read off the export: tests/support/registries.ts), and every definition has a fixture;
//  - a role without the permission is refused, nothing changes, a denial is audited;
//  - a role with the permission aimed at a record of another city is refused as "not found", nothing changes, a
//    denial is audited;
//  - in scope, the action succeeds and writes exactly one audit row.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { ROLES, can, type RoleName } from "@/lib/auth/permissions";
import { ACTION_FIXTURES } from "./helpers/action-fixtures";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot } from "./helpers/factories";
import { ACTION_DEFINITIONS, BOUND_ACTIONS, SERVER_ACTION_FILES } from "../support/registries";

const t = setupTestDatabase();

describe("action registry", () => {
  it("every export of every 'use server' module is a server action bound to a definition", () => {
    expect(SERVER_ACTION_FILES.length).toBeGreaterThan(0);
    for (const file of SERVER_ACTION_FILES) {
      const src = fs.readFileSync(file, "utf8");
      const exports = [...src.matchAll(/^export\s+(?:const|async function|function)\s+(\w+)/gm)].map((m) => m[1]);
      const bound = [...src.matchAll(/^export const (\w+) = serverAction\((\w+)\);$/gm)];
      expect(bound.map((m) => m[1]), `${file}: every export must be \`export const x = serverAction(definition);\``).toEqual(exports);
    }
    const unbound = BOUND_ACTIONS.filter((b) => !b.definition).map((b) => `${b.file}: ${b.exportName}`);
    expect(unbound).toEqual([]);
    // two definitions must not share a name (the name is the audit action and the key of the fixtures)
    expect(new Set(BOUND_ACTIONS.map((b) => b.definition)).size).toBe(ACTION_DEFINITIONS.length);
  });

  it("every action has a matrix fixture", () => {
    const missing = ACTION_DEFINITIONS.map((d) => d.name).filter((n) => !ACTION_FIXTURES[n]);
    expect(missing).toEqual([]);
  });
});

const CASES = ACTION_DEFINITIONS.flatMap((d) => (ACTION_FIXTURES[d.name]?.variants ?? [undefined]).map((v) => [v ? `${d.name} (${v})` : d.name, d, v] as const));

describe.each(CASES)("%s", (_label, def, variant) => {
  const name = def.name;
  const fixture = { ...ACTION_FIXTURES[name], input: (db: Parameters<(typeof ACTION_FIXTURES)[string]["input"]>[0], unit: string, actorId?: number) => ACTION_FIXTURES[name].input(db, unit, variant, actorId) };
  const allowed = ROLES.filter((r) => can(r, def.permission));
  const refused = ROLES.filter((r) => !can(r, def.permission));

  it.each(refused)("role %s (no permission) is refused and nothing changes", async (role: RoleName) => {
    const actor = await makeUser(t.db, role, "6201");
    const input = await fixture.input(t.db, "620102", actor.id);
    const before = await snapshot(t.db);
    const denials = await t.db.auditLog.count({ where: { action: name, result: "denied", userId: actor.id } });
    const r = await executeAction(def, t.db, actor, "10.0.0.1", input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe("FORBIDDEN");
    expect(JSON.stringify(r)).not.toMatch(/passwordHash|\$argon2/);
    expect(await snapshot(t.db)).toEqual(before);
    expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: actor.id } })).toBe(denials + 1);
  });

  if (!fixture.selfOnly) {
    it.each(allowed)("role %s of 兰州 aimed at a 天水 record is refused as not found, nothing changes", async (role: RoleName) => {
      const actor = await makeUser(t.db, role, "6201");
      const input = await fixture.input(t.db, "620502");
      const before = await snapshot(t.db);
      const r = await executeAction(def, t.db, actor, "10.0.0.1", input);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe("NOT_FOUND");
      expect(await snapshot(t.db)).toEqual(before);
      expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: actor.id } })).toBe(1);
    });

    it.each(allowed)("role %s of 城关区 aimed at the sibling county 七里河区 is refused", async (role: RoleName) => {
      const actor = await makeUser(t.db, role, "620102");
      const input = await fixture.input(t.db, "620103");
      const before = await snapshot(t.db);
      const r = await executeAction(def, t.db, actor, null, input);
      expect(!r.ok && r.code).toBe("NOT_FOUND");
      expect(await snapshot(t.db)).toEqual(before);
    });
  }

  it.each(allowed)("role %s in scope succeeds with exactly one audit row", async (role: RoleName) => {
    const actor = await makeUser(t.db, role, ACTION_FIXTURES[name].actorUnit ?? "6201");
    const input = await fixture.input(t.db, "620102", actor.id);
    const rows = await t.db.auditLog.count({ where: { userId: actor.id } });
    const r = await executeAction(def, t.db, actor, "10.0.0.2", input);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const audit = await t.db.auditLog.findMany({ where: { userId: actor.id, id: { gt: 0 } }, orderBy: { id: "asc" } });
    expect(audit.length).toBe(rows + 1);
    expect(audit.at(-1)).toMatchObject({ action: name, result: "success", ip: "10.0.0.2", username: actor.username });
  });

  it("an anonymous caller is refused", async () => {
    const input = await fixture.input(t.db, "620102");
    const before = await snapshot(t.db);
    const r = await executeAction(def, t.db, null, null, input);
    expect(!r.ok && r.code).toBe("UNAUTHENTICATED");
    expect(await snapshot(t.db)).toEqual(before);
  });
});

// A restricted session (initial/reset/expired password, second factor not yet enrolled) runs only its own account
// actions: every other action, for every role that would otherwise hold it, is refused with a Chinese message,
// nothing changes, and the refusal is audited.
// (one case per definition: the variants of a definition share its gate)
describe.each(CASES.filter(([, def], i) => def.permission !== "account:self" && CASES.findIndex(([, d]) => d === def) === i))("%s from a restricted session", (_label, def, variant) => {
  const allowed = ROLES.filter((r) => can(r, def.permission));
  it.each(allowed.flatMap((r) => (["password", "mfa"] as const).map((x) => [r, x] as const)))("role %s, restriction %s: refused, nothing changes, audited", async (role, restriction) => {
    const actor = await makeUser(t.db, role, ACTION_FIXTURES[def.name].actorUnit ?? "6201");
    const input = await ACTION_FIXTURES[def.name].input(t.db, "620102", variant, actor.id);
    const before = await snapshot(t.db);
    const r = await executeAction(def, t.db, { ...actor, restriction }, "10.0.0.3", input);
    expect(r).toMatchObject({ ok: false, code: "FORBIDDEN", error: restriction === "password" ? expect.stringMatching(/请先修改密码/) : expect.stringMatching(/请先绑定动态口令/) });
    expect(await snapshot(t.db)).toEqual(before);
    expect(await t.db.auditLog.count({ where: { action: def.name, result: "denied", userId: actor.id, reason: { startsWith: "受限会话" } } })).toBe(1);
  });
});
