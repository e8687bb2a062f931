import { describe, expect, it } from "vitest";
import { ABSOLUTE_TIMEOUT_MS, DISPLAY_TIMEOUT_MS, IDLE_TIMEOUT_MS, sessionState } from "@/lib/auth/session-policy";

const now = Date.UTC(2025, 2, 5, 6, 0, 0);

describe("session lifetime", () => {
  it("is valid while active, idle after 30 minutes, expired after 8 hours", () => {
    expect(sessionState({ uid: 1, sv: 1, lat: now - 1000, seen: now - 1000 }, now)).toBe("valid");
    expect(sessionState({ uid: 1, sv: 1, lat: now - 3_600_000, seen: now - IDLE_TIMEOUT_MS + 1000 }, now)).toBe("valid");
    expect(sessionState({ uid: 1, sv: 1, lat: now - 3_600_000, seen: now - IDLE_TIMEOUT_MS - 1 }, now)).toBe("idle");
    expect(sessionState({ uid: 1, sv: 1, lat: now - ABSOLUTE_TIMEOUT_MS - 1, seen: now }, now)).toBe("expired");
  });

  it("rejects tokens without the claims, or from the future", () => {
    expect(sessionState(null, now)).toBe("invalid");
    expect(sessionState({}, now)).toBe("invalid");
    expect(sessionState({ uid: 1, lat: now }, now)).toBe("invalid");
    expect(sessionState({ uid: 1, sv: 1, lat: now + 3_600_000 }, now)).toBe("expired");
  });
});

describe("a 大屏 display device's session", () => {
  it("has no idle limit and lasts 30 days", () => {
    const now = Date.now();
    expect(sessionState({ uid: 1, sv: 1, lat: now - 10 * 86_400_000, seen: now - 10 * 86_400_000, dev: 1 }, now)).toBe("valid");
    expect(sessionState({ uid: 1, sv: 1, lat: now - DISPLAY_TIMEOUT_MS - 1000, seen: now, dev: 1 }, now)).toBe("expired");
    // the same token without the device claim: the ordinary limits
    expect(sessionState({ uid: 1, sv: 1, lat: now - 10 * 86_400_000, seen: now }, now)).toBe("expired");
  });
});
