// The client address recorded in the audit log and used for login throttling.
// `next start` fills x-forwarded-for from the socket when the request has none. Behind a reverse proxy set
// TRUST_PROXY=1 so that the address the proxy appends (the last entry) is used.
type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined | null;

function header(h: HeaderBag, name: string): string | null {
  if (!h) return null;
  if (typeof (h as { get?: unknown }).get === "function") return (h as { get(n: string): string | null }).get(name);
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v.join(",") : (v ?? null);
}

export function clientIpFrom(h: HeaderBag): string | null {
  const xff = header(h, "x-forwarded-for");
  if (!xff) return null;
  const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return null;
  const ip = process.env.TRUST_PROXY === "1" ? parts[parts.length - 1] : parts[0];
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}
