// The request's cookies as a signed-in browser sends them: the session claims encrypted into next-auth's session
// cookie with the test secret (vitest.config.mts), so that getCurrentUser decodes a real token (lib/auth/session-token.ts).
import { encode } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/session-token";

/** a cookies() store holding the session cookie for `claims` (none when null) and the `extra` cookies */
export async function sessionCookieStore(claims: Record<string, number> | null, extra: { name: string; value: string }[] = []) {
  const secret = process.env.NEXTAUTH_SECRET!;
  const all = [...extra];
  if (claims) all.push({ name: sessionCookieName(), value: await encode({ token: claims, secret }) });
  return {
    get: (name: string) => all.find((c) => c.name === name),
    getAll: () => all,
    has: (name: string) => all.some((c) => c.name === name),
  };
}
