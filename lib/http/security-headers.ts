// Security headers for every response (等保 入侵防范 / OWASP ASVS V14): a nonce-based Content-Security-Policy with
// no inline scripts allowed, framing forbidden, no MIME sniffing, a strict referrer policy, browser features off,
// and HSTS when the site is served over TLS.

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean; tls?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Next.js's own inline bootstrap carries the nonce; 'strict-dynamic' lets those scripts load their chunks
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // styles: Tailwind's stylesheet and React style attributes (charts); no script can run from a style
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    ...(opts.tls ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(nonce: string, opts: { dev?: boolean; tls?: boolean } = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, opts),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    ...(opts.tls ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * The policy of every response of an API route (downloads, exports, attachments, JSON): nothing in it may run,
 * load, be framed or submit — a file that a browser opens anyway is a sandboxed, script-less document. The proxy
 * gives API paths this policy instead of the page policy, and the route pipeline sets it on every response, so the
 * site-wide page policy can never replace it.
 */
export const DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** API paths (everything under /api/ except next-auth's own pages) answer with DOWNLOAD_CSP. */
export function isDownloadPath(pathname: string): boolean {
  return pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/");
}
