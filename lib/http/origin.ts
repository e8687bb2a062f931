// Cross-site request forgery guard for route handlers that change state (server actions have their own).
// A state-changing request must come from a page of this site: its Origin (or, failing that, Referer) must match
// the host the request was sent to.
export function sameOrigin(req: Request): boolean {
  const host = (process.env.TRUST_PROXY === "1" ? req.headers.get("x-forwarded-host") : null) ?? req.headers.get("host");
  const origin = req.headers.get("origin") ?? req.headers.get("referer");
  if (!host || !origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
