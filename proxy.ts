// Request-level conveniences: send signed-out visitors to the login page and slide the 30-minute idle window of
// the session cookie on activity. NOT a security boundary: every page, route and server action checks the session,
// the permission and the unit scope itself (lib/auth/session.ts, lib/actions/core.ts).
import { encode, getToken } from "next-auth/jwt";
import { decodeSessionToken, sessionCookieName } from "@/lib/auth/session-token";
import { type NextRequest, NextResponse } from "next/server";
import { ABSOLUTE_TIMEOUT_MS, DISPLAY_TIMEOUT_MS, KEEPALIVE_PATH, SEEN_COOKIE, SLIDE_EVERY_MS, type SessionClaims, sessionState } from "@/lib/auth/session-policy";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { ACTION_REFUSED_HEADER, ACTION_REFUSED_PATH, actionOriginAllowed } from "@/lib/http/origin";
import { DOWNLOAD_CSP, isDownloadPath, newNonce, securityHeaders } from "@/lib/http/security-headers";

// the web app manifest is fetched by the browser without credentials (add to home screen)
const PUBLIC = [/^\/login(?:\/|$)/, /^\/api\/auth\//, /^\/api\/health$/, /^\/manifest\.webmanifest$/];

function tlsRequest(req: NextRequest) {
  return req.nextUrl.protocol === "https:" || (process.env.TRUST_PROXY === "1" && req.headers.get("x-forwarded-proto") === "https") || !!process.env.NEXTAUTH_URL?.startsWith("https://");
}

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const nonce = newNonce();
  const headers = securityHeaders(nonce, { dev: process.env.NODE_ENV === "development", tls: tlsRequest(req) });
  // downloads, exports and attachments keep their own sandbox policy: the page policy never replaces it
  if (isDownloadPath(pathname)) headers["Content-Security-Policy"] = DOWNLOAD_CSP;
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set("x-pathname", pathname);
  // an internal Next.js header: never accepted from outside (CVE-2025-29927)
  requestHeaders.delete("x-middleware-subrequest");
  // ours, set below only: never accepted from outside
  requestHeaders.delete(ACTION_REFUSED_HEADER);
  requestHeaders.delete("x-pingan-refused-action");
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const withHeaders = (r: NextResponse) => {
    for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
    return r;
  };
  const pass = () => withHeaders(NextResponse.next({ request: { headers: requestHeaders } }));

  if (pathname === ACTION_REFUSED_PATH) return withHeaders(NextResponse.json({ error: "页面不存在" }, { status: 404 }));
  // a server action (or a no-JavaScript form post to a page) from a foreign, "null" or missing Origin: answered 403
  // in Chinese and audited by the refusal route, before Next.js's own check (which would answer a bare 500)
  const actionPost = req.method === "POST" && (req.headers.has("next-action") || !pathname.startsWith("/api/"));
  if (actionPost && !actionOriginAllowed(req.headers, { tls: tlsRequest(req) })) {
    requestHeaders.set(ACTION_REFUSED_HEADER, "1");
    requestHeaders.set("x-pingan-refused-action", (req.headers.get("next-action") ?? "").replace(/[^\x21-\x7e]/g, "").slice(0, 100));
    requestHeaders.delete("next-action");
    headers["Content-Security-Policy"] = DOWNLOAD_CSP;
    return withHeaders(NextResponse.rewrite(new URL(ACTION_REFUSED_PATH, req.url), { request: { headers: requestHeaders } }));
  }

  if (pathname === "/api/auth/signout" && req.method === "POST") {
    // 剩余信息保护: at logout the browser drops what it cached of this site (pages, downloads, storage)
    const res = pass();
    res.headers.set("Clear-Site-Data", '"cache", "storage"');
    res.cookies.delete(SEEN_COOKIE);
    return res;
  }
  if (PUBLIC.some((re) => re.test(pathname))) return pass();

  const secret = process.env.NEXTAUTH_SECRET;
  const token = secret ? ((await getToken({ req, secret, cookieName: sessionCookieName(), decode: decodeSessionToken }).catch(() => null)) as (SessionClaims & Record<string, unknown>) | null) : null;
  const state = sessionState(token);

  if (state !== "valid") {
    if (pathname === KEEPALIVE_PATH) {
      const gone = withHeaders(NextResponse.json({ error: "登录已失效，请重新登录" }, { status: 401 }));
      gone.cookies.delete(SEEN_COOKIE);
      return gone;
    }
    // server actions and API routes answer for themselves (with a Chinese error); pages go to the login form
    if (req.headers.has("next-action") || pathname.startsWith("/api/")) return pass();
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = "";
    const back = safeRedirectPath(`${pathname}${search}`);
    if (back !== "/") url.searchParams.set("callbackUrl", back);
    if (state === "idle" || state === "expired") url.searchParams.set("reason", state);
    const res = withHeaders(NextResponse.redirect(url));
    if (token) res.cookies.delete(sessionCookieName());
    res.cookies.delete(SEEN_COOKIE);
    return res;
  }

  // 「继续工作」 in the idle warning: slides the window now and answers itself (no page behind it)
  const keepalive = pathname === KEEPALIVE_PATH;
  if (keepalive && (req.method !== "POST" || !actionOriginAllowed(req.headers, { tls: tlsRequest(req) }))) return withHeaders(NextResponse.json({ error: "请求无效" }, { status: 403 }));
  const res = keepalive ? withHeaders(NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } })) : pass();
  const now = Date.now();
  let seen = token!.seen ?? token!.lat!;
  const remaining = Math.max(1, Math.floor((token!.lat! + (token!.dev === 1 ? DISPLAY_TIMEOUT_MS : ABSOLUTE_TIMEOUT_MS) - now) / 1000));
  if (keepalive || now - seen > SLIDE_EVERY_MS) {
    seen = now;
    const fresh = await encode({ token: { ...token!, seen }, secret: secret!, maxAge: remaining });
    res.cookies.set(sessionCookieName(), fresh, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: sessionCookieName().startsWith("__Secure-"),
      maxAge: remaining,
    });
  }
  // the idle warning (components/shell/idle-warning.tsx) reads when the server last saw this session
  if (req.cookies.get(SEEN_COOKIE)?.value !== String(seen)) {
    res.cookies.set(SEEN_COOKIE, String(seen), { httpOnly: false, sameSite: "lax", path: "/", secure: sessionCookieName().startsWith("__Secure-"), maxAge: remaining });
  }
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:png|svg|jpg|ico|json|geojson|woff2?)$).*)"],
};
