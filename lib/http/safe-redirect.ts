// The one place a redirect target that came from the client (`callbackUrl` of the login page, next-auth's redirect
// callback, the proxy's login redirect) becomes a URL we send the browser to. Only a path on this site is
// accepted, and only in the form the browser itself will read it: the value is parsed with the WHATWG URL parser
// (which drops tabs and newlines, turns "\" into "/", resolves "." and ".." and percent-encodes the rest) against
// this site's origin, must stay on that origin, and the normalised path + query + fragment is what we redirect to.
// Anything else — absolute URLs, "//host", "/\host", "/%09/host", "javascript:", broken input — yields "/".

/** any origin works for the check: we only compare against it and return the path */
const PROBE_ORIGIN = "http://pingan.invalid";

export function safeRedirectPath(raw: unknown, origin: string = PROBE_ORIGIN): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return "/";
  // a relative path only: no scheme, no network-path reference (the URL parser strips these characters, so the
  // check is made on what it will see)
  const stripped = value.replace(/[\t\n\r]/g, "");
  if (!stripped.startsWith("/") || stripped.startsWith("//") || stripped.startsWith("/\\")) return "/";
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || url.username || url.password) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // dot segments can collapse into a network-path reference ("/.//evil" → "//evil"); the result must read the
  // same way a second time, and carry no control characters
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || /[\u0000-\u001f\u007f\s]/.test(path)) return "/";
  try {
    if (new URL(path, base).origin !== base.origin) return "/";
  } catch {
    return "/";
  }
  return path;
}

/** next-auth's redirect callback: same-origin targets (relative or absolute on this site) only, else the home page. */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  let candidate = url;
  try {
    const u = new URL(url);
    if (u.origin !== new URL(baseUrl).origin) return `${baseUrl}/`;
    candidate = `${u.pathname}${u.search}${u.hash}`;
  } catch {
    // relative: checked below
  }
  return `${baseUrl.replace(/\/$/, "")}${safeRedirectPath(candidate, baseUrl)}`;
}
