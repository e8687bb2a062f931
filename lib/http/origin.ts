// Cross-site request forgery guard for route handlers that change state (server actions have their own).
// A state-changing request must come from a page of this site: its Origin (or, failing that, Referer) must match
// the host the request was sent to.
export function sameOrigin(req: Request): boolean {
  return sameOriginHeaders(req.headers);
}

export function sameOriginHeaders(h: { get(name: string): string | null }, opts: { allowReferer?: boolean } = { allowReferer: true }): boolean {
  const host = (process.env.TRUST_PROXY === "1" ? h.get("x-forwarded-host") : null) ?? h.get("host");
  const origin = h.get("origin") ?? (opts.allowReferer ? h.get("referer") : null);
  if (!host || !origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * For server actions (checked by the proxy before Next.js's own check, which answers a bare 500): the Origin must
 * be present, not "null", and exactly this site's origin — scheme, host and port — as the browser reached it
 * (the Host header, or X-Forwarded-Host/-Proto behind a trusted reverse proxy) or as configured in NEXTAUTH_URL.
 */
export function actionOriginAllowed(h: { get(name: string): string | null }, opts: { tls: boolean }): boolean {
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  const host = (process.env.TRUST_PROXY === "1" ? h.get("x-forwarded-host") : null) ?? h.get("host");
  const allowed = new Set<string>();
  try {
    if (host) allowed.add(new URL(`${opts.tls ? "https" : "http"}://${host}`).origin);
  } catch {
    // a malformed Host header allows nothing
  }
  try {
    if (process.env.NEXTAUTH_URL) allowed.add(new URL(process.env.NEXTAUTH_URL).origin);
  } catch {
    // ignored: the start script validates NEXTAUTH_URL
  }
  try {
    const o = new URL(origin);
    // the whole header must be an origin (no path, credentials or trailing garbage)
    return o.origin === origin && allowed.has(o.origin);
  } catch {
    return false;
  }
}

/** Where the proxy sends a server action it refuses (POST only through the proxy; a direct request is a 404). */
export const ACTION_REFUSED_PATH = "/api/action-refused";
/** set only by the proxy (dropped from every incoming request): marks a request the proxy refused */
export const ACTION_REFUSED_HEADER = "x-pingan-action-refused";
export const ORIGIN_REFUSED_MESSAGE = "请求来源无效，请从本系统页面操作（跨站或来源不明的请求已被拒绝并记入审计日志）";
