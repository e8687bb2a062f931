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
