import { describe, expect, it } from "vitest";
import { checkTotp, currentTotp, hashRecoveryCode, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, openTotpSecret, sealTotpSecret, totpEnrolment } from "@/lib/auth/totp";
import { open, seal } from "@/lib/security/secret-box";

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890" (base32 below)
const RFC_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC test vectors (last 6 digits)", () => {
    expect(currentTotp(RFC_KEY, 59_000)).toBe("287082");
    expect(currentTotp(RFC_KEY, 1_111_111_109_000)).toBe("081804");
    expect(currentTotp(RFC_KEY, 1_234_567_890_000)).toBe("005924");
  });

  it("accepts the current code and one step of drift, each step only once", () => {
    const key = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = checkTotp(key, currentTotp(key, now), null, now);
    expect(step).toBe(Math.floor(now / 30_000));
    expect(checkTotp(key, currentTotp(key, now), step, now)).toBeNull(); // replay
    expect(checkTotp(key, currentTotp(key, now - 30_000), null, now)).toBe(step! - 1); // phone 30 s behind
    expect(checkTotp(key, currentTotp(key, now - 90_000), null, now)).toBeNull(); // too old
    expect(checkTotp(key, "12345", null, now)).toBeNull();
    expect(checkTotp(key, "abcdef", null, now)).toBeNull();
  });

  it("draws the enrolment QR code locally as SVG with an otpauth URI", async () => {
    const { uri, svg } = await totpEnrolment(RFC_KEY, "zhang");
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ/);
    expect(svg).toMatch(/^<svg[\s\S]+<\/svg>\s*$/);
    expect(svg).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe("sealed secrets", () => {
  it("round-trips, and refuses another context or an altered box", () => {
    const box = sealTotpSecret(7, RFC_KEY);
    expect(box).not.toContain(RFC_KEY);
    expect(openTotpSecret(7, box)).toBe(RFC_KEY);
    expect(openTotpSecret(8, box)).toBeNull();
    const parts = box.split(":");
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("A") ? "BB" : "AA");
    expect(open(parts.join(":"), "totp:7")).toBeNull();
    expect(open(seal("x", "a"), "b")).toBeNull();
  });
});

describe("recovery codes", () => {
  it("are 10 distinct codes, normalised for typing, hashed per user", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(normaliseRecoveryCode(codes[0].toLowerCase().replace("-", " "))).toBe(codes[0].replace("-", ""));
    expect(hashRecoveryCode(1, codes[0])).toBe(hashRecoveryCode(1, codes[0].toLowerCase()));
    expect(hashRecoveryCode(1, codes[0])).not.toBe(hashRecoveryCode(2, codes[0]));
  });
});
