// 三员分立, two-person control of accounts: the 系统管理员 creates an account or resets its password but never holds a
// password (the account is 待激活); only a 安全管理员 activates it, which generates the initial password, stores only
// its hash and shows it once to the activating 安全管理员. The first sign-in is a restricted session (new password,
// then the second factor) that reads no business data. Every step is in the audit log, in Chinese.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { changePasswordAction, enrollTotpAction, enrolContext } from "@/lib/account/actions";
import { executeAction } from "@/lib/actions/core";
import { auditActionLabel } from "@/app/(app)/audit/action-labels";
import { authenticate } from "@/lib/auth/authenticate";
import { verifyPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { currentTotp, newTotpSecret } from "@/lib/auth/totp";
import { activateUserAction } from "@/lib/security/actions";
import { seal } from "@/lib/security/secret-box";
import { createUserAction, resetPasswordAction, updateUserAction } from "@/lib/users/actions";
import { setupTestDatabase } from "./helpers/db";
import { TEST_PASSWORD, makeUser, snapshot, unitByCode } from "./helpers/factories";

// the request as next-auth would see it: the signed token's claims, in an encrypted session cookie (helpers/session-cookie.ts)
const request = vi.hoisted(() => ({ claims: null as null | Record<string, number> }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => (await import("./helpers/session-cookie")).sessionCookieStore(request.claims) }));

const t = setupTestDatabase();
const login = (username: string, password: string, otp?: string) => authenticate(t.db, { username, password, otp }, "10.7.7.7");
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));

/** the session the app would build for a token issued at this login (getCurrentUser, re-checked in the database) */
async function sessionOf(u: { id: number; sessionVersion: number } | null) {
  if (!u) return null;
  const now = Date.now();
  request.claims = { uid: u.id, sv: u.sessionVersion, lat: now, seen: now };
  const { getCurrentUser } = await import("@/lib/auth/session");
  return getCurrentUser();
}

let sys: Awaited<ReturnType<typeof makeUser>>;
let sec: Awaited<ReturnType<typeof makeUser>>;
beforeEach(async () => {
  sys = await makeUser(t.db, "SYSADMIN", "62");
  sec = await makeUser(t.db, "SECADMIN", "62");
});

async function createPending(username = `p_${Math.random().toString(36).slice(2, 10)}`) {
  const unit = await unitByCode(t.db, "620102");
  const r = await executeAction(createUserAction, t.db, sys, "10.0.0.1", { username, name: "新民警", unitId: unit.id, role: "COMMANDER" });
  expect(r, json(r)).toMatchObject({ ok: true });
  return { id: (r as { data: { id: number } }).data.id, username, result: r };
}

async function activate(id: number, by = sec) {
  const r = await executeAction(activateUserAction, t.db, by, "10.0.0.2", { id });
  expect(r, json(r)).toMatchObject({ ok: true });
  return (r as { data: { initialPassword: string } }).data.initialPassword;
}

describe("create → 待激活 → activate → first login → full session", () => {
  it("walks the whole way, and the 系统管理员 never receives a password", async () => {
    const { id, username, result } = await createPending();
    // the sysadmin's answer: the id and the name, nothing that signs in
    expect(Object.keys((result as { data: object }).data).sort()).toEqual(["id", "username"]);
    expect((result as { message: string }).message).toContain("待激活");
    const row = await t.db.user.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ pendingActivation: "CREATED", mustChangePassword: true, status: "ACTIVE" });

    // 待激活: no password signs in, with the same generic failure, and the reason is audited
    for (const guess of [TEST_PASSWORD, "Pingan@2023", ""]) expect(await login(username, guess || "x")).toBeNull();
    const refused = await t.db.auditLog.findFirstOrThrow({ where: { action: "auth.login", userId: id, result: "failure" } });
    expect(refused.reason).toMatch(/待激活/);
    // and failed attempts against a pending account do not lock it
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).failedLoginCount).toBe(0);

    // the 安全管理员 activates: the initial password once, only its argon2 hash stored
    const initial = await activate(id);
    expect(initial.length).toBeGreaterThanOrEqual(12);
    const activated = await t.db.user.findUniqueOrThrow({ where: { id } });
    expect(activated.pendingActivation).toBeNull();
    expect(activated.passwordHash).toMatch(/^\$argon2/);
    expect(activated.passwordHash).not.toContain(initial);
    expect(await verifyPassword(activated.passwordHash, initial)).toBe(true);
    // the password is nowhere in the audit log
    expect(json(await t.db.auditLog.findMany())).not.toContain(initial);
    // a second activation gives no second password
    expect(await executeAction(activateUserAction, t.db, sec, null, { id })).toMatchObject({ ok: false, code: "INVALID" });

    // first login: a restricted session (password first) that reaches nothing of the business
    const first = await login(username, initial);
    expect(first).not.toBeNull();
    const s1 = await sessionOf(first);
    expect(s1?.restriction).toBe("password");
    const firstAudit = await t.db.auditLog.findFirstOrThrow({ where: { action: "auth.login", userId: id, result: "success" }, orderBy: { id: "desc" } });
    expect(firstAudit.reason).toMatch(/首次登录/);
    const actor = { ...s1!, role: s1!.role as string };
    expect(await executeAction(createUserAction, t.db, actor, null, {})).toMatchObject({ ok: false, code: "FORBIDDEN" });

    // new password → then the second factor → then a full session
    const mine = "Qz7#tLw2vKp9";
    expect(await executeAction(changePasswordAction, t.db, actor, null, { currentPassword: initial, newPassword: mine, confirmPassword: mine })).toMatchObject({ ok: true });
    const second = await login(username, mine);
    const s2 = await sessionOf(second);
    expect(s2?.restriction).toBe("mfa");
    const key = newTotpSecret();
    expect(await executeAction(enrollTotpAction, t.db, { ...s2!, role: s2!.role as string }, null, { pending: seal(key, enrolContext(id)), code: currentTotp(key) })).toMatchObject({ ok: true });
    const third = await login(username, mine, currentTotp(key, Date.now() + 30_000));
    const s3 = await sessionOf(third);
    expect(s3).toMatchObject({ id, restriction: null });

    // every step is in the audit log with a Chinese name the 审计管理员 can read
    for (const action of ["user.create", "security.activateUser", "auth.login", "account.changePassword", "account.enrollTotp"]) {
      expect(await t.db.auditLog.count({ where: { action, OR: [{ userId: id }, { entityId: String(id) }] } }), action).toBeGreaterThan(0);
      expect(auditActionLabel(action), action).toMatch(/[\u4e00-\u9fa5]/);
    }
    const activation = await t.db.auditLog.findFirstOrThrow({ where: { action: "security.activateUser", entityId: String(id) } });
    expect(activation).toMatchObject({ userId: sec.id, result: "success" });
    expect(json(activation.after)).toMatch(/已激活/);
  });

  it("a session of a pending account is no session (a reset ends what was open)", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const before = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    await t.db.user.update({ where: { id: u.id }, data: { mfaExempt: true } });
    expect(await sessionOf(before)).not.toBeNull();
    // even with the old session version, a pending account gets no session
    await t.db.user.update({ where: { id: u.id }, data: { pendingActivation: "RESET" } });
    expect(await sessionOf(before)).toBeNull();
  });
});

describe("reset goes the same way", () => {
  it("the old password stops working, the sysadmin gets no password, the secadmin activates, first login is restricted", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    expect(await login(u.username, TEST_PASSWORD)).not.toBeNull();
    const sv = (await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    const r = await executeAction(resetPasswordAction, t.db, sys, null, { id: u.id });
    expect(r).toMatchObject({ ok: true });
    expect(Object.keys((r as { data: object }).data)).toEqual(["id"]);
    expect(json(r)).not.toMatch(/password"\s*:/i);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row).toMatchObject({ pendingActivation: "RESET", mustChangePassword: true });
    expect(row.sessionVersion).toBe(sv + 1);
    expect(await login(u.username, TEST_PASSWORD)).toBeNull();

    const initial = await activate(u.id);
    expect(await login(u.username, TEST_PASSWORD)).toBeNull();
    const s = await sessionOf(await login(u.username, initial));
    expect(s?.restriction).toBe("password");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "user.resetPassword", entityId: String(u.id) } });
    expect(json(audit.after)).toMatch(/待激活/);
  });
});

describe("who may activate", () => {
  it("a 安全管理员 cannot activate their own account; no other role can activate at all; nothing changes", async () => {
    await t.db.user.update({ where: { id: sec.id }, data: { pendingActivation: "RESET" } });
    const before = await snapshot(t.db);
    expect(await executeAction(activateUserAction, t.db, sec, null, { id: sec.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await snapshot(t.db)).toEqual(before);
    await t.db.user.update({ where: { id: sec.id }, data: { pendingActivation: null } });

    const { id } = await createPending();
    for (const role of ROLES.filter((r) => r !== "SECADMIN")) {
      const other = await makeUser(t.db, role, role === "SYSADMIN" || role === "AUDITOR" ? "62" : "6201");
      const r = await executeAction(activateUserAction, t.db, other, null, { id });
      expect(r, role).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect(await t.db.auditLog.count({ where: { action: "security.activateUser", result: "denied", userId: other.id } }), role).toBe(1);
    }
    // the sysadmin who created it least of all
    expect(await executeAction(activateUserAction, t.db, sys, null, { id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).pendingActivation).toBe("CREATED");
  });

  it("a 安全管理员 of another city cannot activate (scope), an account that is not pending is refused", async () => {
    const { id } = await createPending();
    const tianshui = await makeUser(t.db, "SECADMIN", "6205");
    expect(await executeAction(activateUserAction, t.db, tianshui, null, { id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const active = await makeUser(t.db, "OFFICER", "620102");
    expect(await executeAction(activateUserAction, t.db, sec, null, { id: active.id })).toMatchObject({ ok: false, code: "INVALID", error: expect.stringMatching(/不是待激活账户/) });
  });

  it("the 系统管理员 cannot activate by editing: setting 启用 leaves the account 待激活", async () => {
    const { id } = await createPending();
    const row = await t.db.user.findUniqueOrThrow({ where: { id } });
    const r = await executeAction(updateUserAction, t.db, sys, null, { id, version: row.version, name: "改名", unitId: row.unitId, role: "COMMANDER", status: "ACTIVE" });
    expect(r).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).pendingActivation).toBe("CREATED");
  });
});
