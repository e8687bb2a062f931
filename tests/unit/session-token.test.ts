// lib/auth/session-token.ts: next-auth's decode remembered per token — the same claims, and still refused when the
// token is expired, tampered with or encrypted with another secret.
import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeSessionToken, readSessionClaims } from "@/lib/auth/session-token";

const jar = vi.hoisted(() => ({ reads: 0, all: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => {
    jar.reads++;
    return { getAll: () => jar.all };
  },
}));

const secret = "unit-test-secret-0123456789abcdef0123456789";
const claims = { sub: "7", uid: 7, sv: 3, lat: 1_700_000_000_000, seen: 1_700_000_000_000 };

afterEach(() => vi.useRealTimers());

describe("decodeSessionToken", () => {
  it("gives what next-auth's decode gives, the first time and when remembered", async () => {
    const token = await encode({ token: claims, secret, maxAge: 600 });
    const first = await decodeSessionToken({ token, secret });
    expect(first).toEqual(await decode({ token, secret }));
    expect(first).toMatchObject(claims);
    expect(await decodeSessionToken({ token, secret })).toEqual(first);
  });

  it("refuses a remembered token once it is past its expiry (with next-auth's 15 s tolerance)", async () => {
    const token = await encode({ token: claims, secret, maxAge: 60 });
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: 7 });
    vi.useFakeTimers({ now: Date.now() + 70_000 });
    // still inside the tolerance: accepted, as next-auth does
    expect(await decodeSessionToken({ token, secret })).toMatchObject({ uid: 7 });
    vi.setSystemTime(Date.now() + 10_000);
    await expect(decodeSessionToken({ token, secret })).rejects.toThrow();
    await expect(decode({ token, secret })).rejects.toThrow();
  });

  it("refuses a token under another secret even after it was remembered under ours", async () => {
    const token = await encode({ token: claims, secret, maxAge: 600 });
    await decodeSessionToken({ token, secret });
    await expect(decodeSessionToken({ token, secret: `${secret}-other` })).rejects.toThrow();
  });

  it("refuses a tampered token", async () => {
    const token = await encode({ token: claims, secret, maxAge: 600 });
    const parts = token.split(".");
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("AA") ? "BB" : "AA");
    await expect(decodeSessionToken({ token: parts.join("."), secret })).rejects.toThrow();
    expect(await decodeSessionToken({ token: "", secret })).toBeNull();
  });
});

describe("readSessionClaims", () => {
  it("reads the request's cookies even without a secret (what keeps every page with a user dynamic, not prerendered)", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", "");
    vi.stubEnv("AUTH_SECRET", "");
    const before = jar.reads;
    expect(await readSessionClaims()).toBeNull();
    expect(jar.reads).toBe(before + 1);
    vi.unstubAllEnvs();
  });

  it("gives the session claims of the cookie, and nothing for a cookie under another secret", async () => {
    vi.stubEnv("NEXTAUTH_SECRET", secret);
    jar.all = [{ name: "next-auth.session-token", value: await encode({ token: claims, secret, maxAge: 600 }) }];
    expect(await readSessionClaims()).toEqual({ uid: 7, sv: 3, lat: claims.lat, seen: claims.seen, dev: undefined });
    jar.all = [{ name: "next-auth.session-token", value: await encode({ token: claims, secret: `${secret}-other`, maxAge: 600 }) }];
    expect(await readSessionClaims()).toBeNull();
    jar.all = [];
    expect(await readSessionClaims()).toBeNull();
    vi.unstubAllEnvs();
  });
});
