// next-auth v4: credentials provider (username + password), JWT sessions in a signed, encrypted cookie (nothing in
// server memory, so several app servers can share the load). Lifetimes in session-policy.ts.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { clientIpFrom } from "@/lib/http/client-ip";
import { safeAuthRedirect } from "@/lib/http/safe-redirect";
import { authenticate, endSessions } from "./authenticate";
import { DISPLAY_TIMEOUT_MS, type SessionClaims } from "./session-policy";

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  // the cookie lives as long as the longest session (a display device's); sessionState() applies each one's limits
  session: { strategy: "jwt", maxAge: DISPLAY_TIMEOUT_MS / 1000 },
  jwt: { maxAge: DISPLAY_TIMEOUT_MS / 1000 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "账号密码",
      credentials: {
        username: { label: "用户名", type: "text" },
        password: { label: "密码", type: "password" },
        otp: { label: "动态口令", type: "text" },
      },
      async authorize(credentials, req) {
        const ip = clientIpFrom(req?.headers as Record<string, string> | undefined);
        const user = await authenticate(getDb(), credentials, ip);
        if (!user) return null;
        return { id: String(user.id), name: user.name, uid: user.id, sv: user.sessionVersion, dev: user.role === "DISPLAY" ? 1 : undefined } as never;
      },
    }),
  ],
  callbacks: {
    // callbackUrl of next-auth's own endpoints: this site's paths only (the same check as the login page)
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    async jwt({ token, user }) {
      if (user) {
        // a brand-new token at every login
        const u = user as unknown as { uid: number; sv: number; dev?: 1 };
        const now = Date.now();
        return { sub: String(u.uid), uid: u.uid, sv: u.sv, lat: now, seen: now, ...(u.dev ? { dev: 1 as const } : {}) } satisfies SessionClaims & { sub: string };
      }
      return token;
    },
    async session({ session, token }) {
      const t = token as SessionClaims;
      return { ...session, user: undefined, uid: t.uid, sv: t.sv, lat: t.lat, seen: t.seen, dev: t.dev } as never;
    },
  },
  events: {
    async signOut({ token }) {
      const uid = (token as SessionClaims | undefined)?.uid;
      if (typeof uid === "number") await endSessions(getDb(), uid, "auth.logout", null).catch(() => {});
    },
  },
  logger: {
    error: (code, metadata) => console.error(`[auth] ${code}`, metadata instanceof Error ? metadata.message : ""),
    warn: () => {},
    debug: () => {},
  },
};
