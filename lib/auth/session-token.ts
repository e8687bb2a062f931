// Reading the session cookie (next-auth's encrypted JWT) without next-auth's request machinery.
//
// Every request decodes the token twice — proxy.ts (the login redirect, the sliding idle window) and the page
// (getCurrentUser) — and next-auth derives the encryption key with HKDF on every decode; getServerSession besides runs
// the whole session endpoint and encrypts a fresh token (a new key derivation, AES-GCM, a UUID) that a server component
// cannot even set. Here:
// - decodeSessionToken: next-auth's own decode, remembered per token string. A token is an immutable encrypted string,
//   so its decoded claims never change; only its expiry does, and a remembered token is re-checked against `exp` with
//   next-auth's tolerance (15 s) on every use — after it, the token goes through next-auth's decode again (which
//   refuses it). Nothing about revocation moves here: logout, disabling, role or unit changes end sessions through
//   the session version, checked against the database state by getCurrentUser on every request (session-cache.ts).
//   Bounded (10,000 tokens, oldest dropped first), one per process (shared by proxy.ts and the pages).
// - readSessionClaims: the claims of the request's session cookie, as getServerSession gave them (the same cookie
//   name and chunked-cookie handling through next-auth's getToken; no Authorization header, as before).
import { type JWT, type JWTDecodeParams, decode, getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { SessionClaims } from "./session-policy";

const MAX_TOKENS = 10_000;
/** next-auth's decode accepts a token up to 15 s past its `exp` (jose clockTolerance) */
const CLOCK_TOLERANCE_S = 15;

const held = globalThis as unknown as { pinganSessionTokens?: Map<string, JWT> };
const tokens = (held.pinganSessionTokens ??= new Map<string, JWT>());

export function sessionCookieName(): string {
  return process.env.NEXTAUTH_URL?.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** next-auth's decode (jwt/index.js), remembered per secret and token; throws like it for a bad or expired token. */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const { token, secret, salt = "" } = params;
  if (!token) return null;
  const key = `${typeof secret === "string" ? secret : secret.toString("base64")}\u0000${salt}\u0000${token}`;
  const hit = tokens.get(key);
  if (hit) {
    if (typeof hit.exp !== "number" || hit.exp + CLOCK_TOLERANCE_S > Date.now() / 1000) return hit;
    tokens.delete(key);
  }
  const payload = await decode(params);
  if (payload) {
    tokens.set(key, payload);
    if (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value as string);
  }
  return payload;
}

/** The claims of this request's session cookie (null: none, or not decodable with our secret, or expired). */
export async function readSessionClaims(): Promise<SessionClaims | null> {
  // the request's cookies first, always: this is what makes every page that asks for the user dynamic (rendered per
  // request, never prerendered at build time — where there is no secret and so no user)
  const jar = await cookies();
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret) return null;
  const req = { headers: {}, cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])) };
  const token = await getToken({ req: req as never, secret, cookieName: sessionCookieName(), secureCookie: sessionCookieName().startsWith("__Secure-"), decode: decodeSessionToken }).catch(() => null);
  if (!token) return null;
  const t = token as SessionClaims;
  // what the session callback of lib/auth/options.ts made of the token
  return { uid: t.uid, sv: t.sv, lat: t.lat, seen: t.seen, dev: t.dev };
}
