// 等保 身份鉴别: login, lockout, the per-address throttle, the second factor, restricted sessions, the password
// policy and its history, the policy the 安全管理员 sets.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { changePasswordAction, enrollTotpAction, enrolContext, renewRecoveryCodesAction } from "@/lib/account/actions";
import { authenticate, endSessions } from "@/lib/auth/authenticate";
import { hashPassword } from "@/lib/auth/password";
import { currentTotp, newTotpSecret, sealTotpSecret } from "@/lib/auth/totp";
import { assignTaskAction } from "@/lib/tasks/actions";
import { resetMfaAction, unlockUserAction, updatePolicyAction } from "@/lib/security/actions";
import { DEFAULT_SECURITY_POLICY, SECURITY_POLICY_KEY, getSecurityPolicy } from "@/lib/security/policy";
import { seal } from "@/lib/security/secret-box";
import { setupTestDatabase } from "./helpers/db";
import { TEST_PASSWORD, makeUser, snapshot } from "./helpers/factories";

const t = setupTestDatabase();
const P = DEFAULT_SECURITY_POLICY;

const login = (username: string, password: string, ip: string | null = null, otp?: string) => authenticate(t.db, { username, password, otp }, ip);

/** a user with a TOTP key already enrolled */
async function enrolled(unit = "620102") {
  const u = await makeUser(t.db, "OFFICER", unit);
  const key = newTotpSecret();
  await t.db.user.update({ where: { id: u.id }, data: { totpSecret: sealTotpSecret(u.id, key), totpEnabledAt: new Date() } });
  return { u, key };
}

describe("login", () => {
  it("accepts the right password, records the login, and returns the session version", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const ok = await login(u.username, TEST_PASSWORD, "10.1.1.1");
    expect(ok).toMatchObject({ id: u.id, username: u.username });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lastLoginIp).toBe("10.1.1.1");
    expect(await t.db.auditLog.count({ where: { action: "auth.login", result: "success", userId: u.id } })).toBe(1);
  });

  it("answers null for a wrong password, an unknown user, a disabled user and malformed input alike", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const disabled = await makeUser(t.db, "OFFICER", "620102", { status: "DISABLED" });
    expect(await login(u.username, "wrong")).toBeNull();
    expect(await login("no_such_user", TEST_PASSWORD)).toBeNull();
    expect(await login(disabled.username, TEST_PASSWORD)).toBeNull();
    expect(await authenticate(t.db, { username: "", password: "" }, null)).toBeNull();
    expect(await authenticate(t.db, null, null)).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "auth.login", result: "failure", username: "no_such_user" } })).toBe(1);
  });

  it("takes as long for an unknown user as for a wrong password (one argon2 verification either way)", async () => {
    const u = await makeUser(t.db, "OFFICER", "620103");
    const time = async (f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await time(() => login(u.username, `wrong-${i}`, `10.9.0.${i}`)));
      unknown.push(await time(() => login(`ghost_${i}`, `wrong-${i}`, `10.9.1.${i}`)));
    }
    await t.db.user.update({ where: { id: u.id }, data: { failedLoginCount: 0, lockedUntil: null } });
    // without the dummy verification an unknown user answers ~20× faster; the ratio stays near 1 with it. The bounds
    // leave room for a loaded machine (the wrong-password path also writes the failure count: slower when the
    // database is busy) and still catch the 20× difference.
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });

  it(`locks the account for ${P.lockout.lockMinutes} minutes after ${P.lockout.maxFailures} failures; the right password then fails too`, async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    for (let i = 0; i < P.lockout.maxFailures; i++) expect(await login(u.username, `bad${i}`)).toBeNull();
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + (P.lockout.lockMinutes - 1) * 60_000);
    expect(await login(u.username, TEST_PASSWORD)).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "auth.lockout", userId: u.id } })).toBe(1);
    // after the lock expires the right password works again
    await t.db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await login(u.username, TEST_PASSWORD)).not.toBeNull();
  });

  it(`after ${P.lockout.manualAfter} lockouts in one day the account stays locked until a 安全管理员 unlocks it`, async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    for (let round = 0; round < P.lockout.manualAfter; round++) {
      for (let i = 0; i < P.lockout.maxFailures; i++) await login(u.username, `bad${round}${i}`);
      // the temporary lock runs out …
      await t.db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    }
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedManual).toBe(true);
    expect(row.lockoutCount).toBe(P.lockout.manualAfter);
    // … but the manual lock does not
    expect(await login(u.username, TEST_PASSWORD)).toBeNull();
    const sec = await makeUser(t.db, "SECADMIN", "62");
    const r = await executeAction(unlockUserAction, t.db, sec, "10.0.0.2", { id: u.id });
    expect(r.ok).toBe(true);
    expect(await login(u.username, TEST_PASSWORD)).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "security.unlockUser", entityId: String(u.id), result: "success" } })).toBe(1);
  });

  it(`refuses an address after ${P.throttle.maxFailures} failures in ${P.throttle.windowMinutes} minutes, whatever the usernames`, async () => {
    const u = await makeUser(t.db, "OFFICER", "620104");
    const ip = "10.66.6.6";
    for (let i = 0; i < P.throttle.maxFailures; i++) await login(`spray_${i}`, "Spring2024!", ip);
    expect(await login(u.username, TEST_PASSWORD, ip)).toBeNull();
    const last = await t.db.auditLog.findFirstOrThrow({ where: { ip, userId: u.id }, orderBy: { id: "desc" } });
    expect(last.reason).toMatch(/来源地址/);
    // the account itself is not penalised, and another address logs in
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).failedLoginCount).toBe(0);
    expect(await login(u.username, TEST_PASSWORD, "10.66.6.7")).not.toBeNull();
  });

  it("logout moves the session version on, so old tokens stop working", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const before = (await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion;
    await endSessions(t.db, u.id, "auth.logout", "10.0.0.9");
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).sessionVersion).toBe(before + 1);
    expect(await t.db.auditLog.count({ where: { action: "auth.logout", userId: u.id } })).toBe(1);
  });
});

describe("second factor", () => {
  it("requires the current code once enrolled; a wrong or missing code counts as a failure", async () => {
    const { u, key } = await enrolled();
    expect(await login(u.username, TEST_PASSWORD)).toBeNull();
    expect(await login(u.username, TEST_PASSWORD, null, "000000")).toBeNull();
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).failedLoginCount).toBe(2);
    expect(await login(u.username, TEST_PASSWORD, null, currentTotp(key))).not.toBeNull();
    // the same code cannot be used twice (replay)
    expect(await login(u.username, TEST_PASSWORD, null, currentTotp(key))).toBeNull();
    // a right code with a wrong password gets nothing
    expect(await login(u.username, "Wrong@Pass1", null, currentTotp(key, Date.now() + 30_000))).toBeNull();
  });

  it("enrols through the account action: the sealed key, a valid code, 10 recovery codes usable once each", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const key = newTotpSecret();
    const bad = await executeAction(enrollTotpAction, t.db, u, null, { pending: seal(key, enrolContext(u.id)), code: "123456" });
    expect(bad.ok).toBe(false);
    // a key sealed for someone else is refused
    const other = await executeAction(enrollTotpAction, t.db, u, null, { pending: seal(key, enrolContext(u.id + 1)), code: currentTotp(key) });
    expect(other.ok).toBe(false);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).totpEnabledAt).toBeNull();

    const r = await executeAction(enrollTotpAction, t.db, { ...u, restriction: "mfa" }, null, { pending: seal(key, enrolContext(u.id)), code: currentTotp(key) });
    expect(r.ok).toBe(true);
    const codes = (r as { data: { recoveryCodes: string[] } }).data.recoveryCodes;
    expect(codes).toHaveLength(10);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.totpEnabledAt).not.toBeNull();
    expect(row.totpSecret).not.toContain(key);
    // the audit row carries no secret
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "account.enrollTotp", userId: u.id } });
    const text = JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(text).not.toContain(key);
    for (const c of codes) expect(text).not.toContain(c);

    expect(await login(u.username, TEST_PASSWORD, null, codes[3])).not.toBeNull();
    expect(await login(u.username, TEST_PASSWORD, null, codes[3])).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "auth.recovery_code", userId: u.id } })).toBe(1);

    // renewing needs a fresh code and voids the old recovery codes
    const renewed = await executeAction(renewRecoveryCodesAction, t.db, u, null, { code: currentTotp(key, Date.now() + 30_000) });
    expect(renewed.ok).toBe(true);
    await t.db.user.update({ where: { id: u.id }, data: { failedLoginCount: 0 } });
    expect(await login(u.username, TEST_PASSWORD, null, codes[4])).toBeNull();
  });

  it("a 安全管理员 resets a lost factor; the user enrols again", async () => {
    const { u } = await enrolled();
    const sec = await makeUser(t.db, "SECADMIN", "62");
    const r = await executeAction(resetMfaAction, t.db, sec, null, { id: u.id });
    expect(r.ok).toBe(true);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.totpSecret).toBeNull();
    expect(await t.db.recoveryCode.count({ where: { userId: u.id } })).toBe(0);
    expect(await login(u.username, TEST_PASSWORD)).not.toBeNull();
  });
});

describe("restricted sessions", () => {
  it("may run only their own account actions: every other action is refused, audited, and writes nothing", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    for (const restriction of ["password", "mfa"] as const) {
      const before = await snapshot(t.db);
      const r = await executeAction(assignTaskAction, t.db, { ...u, restriction }, null, { parentId: 1, unitIds: [1], role: "LEAD", dutyType: "TERRITORIAL" });
      expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
      expect((r as { error: string }).error).toMatch(restriction === "password" ? /修改密码/ : /动态口令/);
      expect(await snapshot(t.db)).toEqual(before);
    }
    expect(await t.db.auditLog.count({ where: { userId: u.id, result: "denied", reason: { startsWith: "受限会话" } } })).toBe(2);
  });
});

describe("password policy", () => {
  const change = (u: Awaited<ReturnType<typeof makeUser>>, current: string, next: string) =>
    executeAction(changePasswordAction, t.db, u, null, { currentPassword: current, newPassword: next, confirmPassword: next });

  it("refuses common passwords and the last 5, keeps nothing it refused", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const common = await change(u, TEST_PASSWORD, "Password@123");
    expect(common).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringMatching(/常见/) } });
    let current = TEST_PASSWORD;
    const used = ["Hx7#kLm2q", "Rt5$wQz8p", "Jn3&vBc6y", "Kd9*pLs4e"];
    for (const p of used) {
      expect((await change(u, current, p)).ok).toBe(true);
      current = p;
    }
    // the last five: TEST_PASSWORD and the four above (the current one included)
    for (const old of [TEST_PASSWORD, ...used.slice(0, 3)]) {
      const r = await change(u, current, old);
      expect(r, old).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringMatching(/最近 5 次/) } });
    }
    expect((await change(u, current, "Zp2@mNx7w")).ok).toBe(true);
    // now the oldest (TEST_PASSWORD) has dropped out of the last five
    expect((await change(u, "Zp2@mNx7w", TEST_PASSWORD)).ok).toBe(true);
    expect(await t.db.passwordHistory.count({ where: { userId: u.id } })).toBeLessThanOrEqual(5);
  });

  it("follows the policy the 安全管理员 saves; bad values and stale forms write nothing", async () => {
    const sec = await makeUser(t.db, "SECADMIN", "62");
    const form = (over: Record<string, unknown> = {}) => ({
      readAt: "", minLength: 12, minClasses: 3, forbidUsername: "on", forbidCommon: "on", history: 5, maxAgeDays: 90,
      maxFailures: 5, lockMinutes: 15, manualAfter: 3, throttleMaxFailures: 20, throttleWindowMinutes: 10, mfaRequired: "on", retentionDays: 184, ...over,
    });
    const before = await snapshot(t.db);
    const short = await executeAction(updatePolicyAction, t.db, sec, null, form({ retentionDays: 90, minLength: 6 }));
    expect(short).toMatchObject({ ok: false, fieldErrors: { retentionDays: expect.stringMatching(/184/), minLength: expect.stringMatching(/8/) } });
    expect(await snapshot(t.db)).toEqual(before);
    // a city-level 安全管理员 cannot change the province's policy
    const citySec = await makeUser(t.db, "SECADMIN", "6201");
    expect(await executeAction(updatePolicyAction, t.db, citySec, null, form())).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const ok = await executeAction(updatePolicyAction, t.db, sec, null, form());
    expect(ok.ok).toBe(true);
    expect((await getSecurityPolicy(t.db)).password.minLength).toBe(12);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "security.updatePolicy", result: "success" } });
    expect(audit).toMatchObject({ entity: "Setting", entityId: SECURITY_POLICY_KEY });
    // a form opened before that save does not overwrite it
    expect(await executeAction(updatePolicyAction, t.db, sec, null, form({ minLength: 10 }))).toMatchObject({ ok: false, code: "CONFLICT" });

    const u = await makeUser(t.db, "OFFICER", "620102");
    expect(await change(u, TEST_PASSWORD, "Hx7#kLm2q")).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringMatching(/至少 12 位/) } });
    expect((await change(u, TEST_PASSWORD, "Hx7#kLm2qWe4")).ok).toBe(true);
    await t.db.setting.delete({ where: { key: SECURITY_POLICY_KEY } });
  });

  it("a reset keeps the old password in the history and forces a change at the next login", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    await t.db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(TEST_PASSWORD) } });
    const admin = await makeUser(t.db, "SYSADMIN", "62");
    const { resetPasswordAction } = await import("@/lib/users/actions");
    const r = await executeAction(resetPasswordAction, t.db, admin, null, { id: u.id });
    expect(r.ok).toBe(true);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.mustChangePassword).toBe(true);
    expect(await t.db.passwordHistory.count({ where: { userId: u.id } })).toBe(1);
  });
});
