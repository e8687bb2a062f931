import { describe, expect, it } from "vitest";
import { checkPassword, generateTemporaryPassword, isCommonPassword, passwordExpired } from "@/lib/auth/password-policy";
import { DEFAULT_SECURITY_POLICY } from "@/lib/security/policy";

const policy = DEFAULT_SECURITY_POLICY.password;

describe("password policy", () => {
  it("requires 8 characters from 3 of 4 classes, without the username", () => {
    expect(checkPassword("Tq7#vLx92", "zhang")).toEqual([]);
    expect(checkPassword("short1A", "zhang").join()).toMatch(/至少 8 位/);
    expect(checkPassword("alllowercase", "zhang").join()).toMatch(/至少 3 类/);
    expect(checkPassword("Zhang@2024x", "zhang").join()).toMatch(/不能包含用户名/);
  });

  it("refuses the common passwords shipped in the repository, also dressed up with digits and symbols", () => {
    for (const p of ["Password@123", "P@ssw0rd", "Pingan@2023", "Gansu#2024", "Qwerty123!", "Aa123456", "Admin@123", "1qaz@WSX"]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(checkPassword(p, "zhang").join(), p).toMatch(/过于常见/);
    }
    expect(isCommonPassword("Tq7#vLx92")).toBe(false);
    // a base word inside a long, otherwise strong passphrase is fine
    expect(isCommonPassword("Lanzhou-river-bridge-7")).toBe(false);
  });

  it("follows the configured policy", () => {
    const strict = { ...policy, minLength: 12, minClasses: 4 };
    expect(checkPassword("Tq7#vLx92", "zhang", strict).join()).toMatch(/至少 12 位/);
    expect(checkPassword("Tq7vLx92abcdE", "zhang", strict).join()).toMatch(/至少 4 类/);
    const lax = { ...policy, forbidCommon: false, forbidUsername: false };
    expect(checkPassword("Pingan@2023", "pingan", lax)).toEqual([]);
  });

  it("expires passwords after maxAgeDays (0: never)", () => {
    const now = new Date("2026-11-30T00:00:00Z");
    expect(passwordExpired(new Date("2026-08-25T00:00:00Z"), policy, now)).toBe(true);
    expect(passwordExpired(new Date("2026-09-15T00:00:00Z"), policy, now)).toBe(false);
    expect(passwordExpired(new Date("2020-01-01T00:00:00Z"), { ...policy, maxAgeDays: 0 }, now)).toBe(false);
  });

  it("generates temporary passwords that pass the policy", () => {
    for (let i = 0; i < 200; i++) expect(checkPassword(generateTemporaryPassword(), "someone")).toEqual([]);
  });
});

describe("restricted sessions", () => {
  const now = new Date("2026-11-30T00:00:00Z");
  const fresh = { mustChangePassword: false, passwordChangedAt: new Date("2026-11-01T00:00:00Z"), totpEnabledAt: new Date("2026-11-01T00:00:00Z"), mfaExempt: false };
  it("asks for the password first, then the second factor", async () => {
    const { sessionRestriction } = await import("@/lib/auth/restriction");
    expect(sessionRestriction(fresh, DEFAULT_SECURITY_POLICY, now)).toBeNull();
    expect(sessionRestriction({ ...fresh, mustChangePassword: true, totpEnabledAt: null }, DEFAULT_SECURITY_POLICY, now)).toBe("password");
    expect(sessionRestriction({ ...fresh, passwordChangedAt: new Date("2026-08-01T00:00:00Z") }, DEFAULT_SECURITY_POLICY, now)).toBe("password");
    expect(sessionRestriction({ ...fresh, totpEnabledAt: null }, DEFAULT_SECURITY_POLICY, now)).toBe("mfa");
    expect(sessionRestriction({ ...fresh, totpEnabledAt: null }, { ...DEFAULT_SECURITY_POLICY, mfa: { required: false } }, now)).toBeNull();
    // demo accounts (demo seed only) are exempt from both
    expect(sessionRestriction({ ...fresh, mustChangePassword: true, totpEnabledAt: null, mfaExempt: true }, DEFAULT_SECURITY_POLICY, now)).toBeNull();
  });
});
