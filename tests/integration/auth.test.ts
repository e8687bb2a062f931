import { describe, expect, it } from "vitest";
import { LOCK_MINUTES, MAX_FAILED_LOGINS, authenticate, endSessions } from "@/lib/auth/authenticate";
import { setupTestDatabase } from "./helpers/db";
import { TEST_PASSWORD, makeUser } from "./helpers/factories";

const t = setupTestDatabase();

describe("login", () => {
  it("accepts the right password, records the login, and returns the session version", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const ok = await authenticate(t.db, { username: u.username, password: TEST_PASSWORD }, "10.1.1.1");
    expect(ok).toMatchObject({ id: u.id, username: u.username });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lastLoginIp).toBe("10.1.1.1");
    expect(await t.db.auditLog.count({ where: { action: "auth.login", result: "success", userId: u.id } })).toBe(1);
  });

  it("answers null for a wrong password, an unknown user, a disabled user and malformed input alike", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const disabled = await makeUser(t.db, "OFFICER", "620102", { status: "DISABLED" });
    expect(await authenticate(t.db, { username: u.username, password: "wrong" }, null)).toBeNull();
    expect(await authenticate(t.db, { username: "no_such_user", password: TEST_PASSWORD }, null)).toBeNull();
    expect(await authenticate(t.db, { username: disabled.username, password: TEST_PASSWORD }, null)).toBeNull();
    expect(await authenticate(t.db, { username: "", password: "" }, null)).toBeNull();
    expect(await authenticate(t.db, null, null)).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "auth.login", result: "failure", username: "no_such_user" } })).toBe(1);
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_LOGINS} failures; the right password then fails too`, async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect(await authenticate(t.db, { username: u.username, password: `bad${i}` }, null)).toBeNull();
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + (LOCK_MINUTES - 1) * 60_000);
    expect(await authenticate(t.db, { username: u.username, password: TEST_PASSWORD }, null)).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "auth.lockout", userId: u.id } })).toBe(1);
    // after the lock expires the right password works again
    await t.db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await authenticate(t.db, { username: u.username, password: TEST_PASSWORD }, null)).not.toBeNull();
  });

  it("logout moves the session version on, so old tokens stop working", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const before = (await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    await endSessions(t.db, u.id, "auth.logout", "10.0.0.9");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion).toBe(before + 1);
    expect(await t.db.auditLog.count({ where: { action: "auth.logout", userId: u.id } })).toBe(1);
  });
});
