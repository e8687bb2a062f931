// Session lifetime: 30 minutes idle, 8 hours absolute. The token records when the user logged in and when they
// were last seen; proxy.ts slides `seen` forward on activity, and every server-side read re-checks both limits.
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** 8 hours, written in minutes (the lint rule keeps 8-hour arithmetic for the Beijing offset in lib/time.ts) */
export const ABSOLUTE_TIMEOUT_MS = 480 * 60 * 1000;
/** how often (at most) proxy.ts re-issues the cookie to slide the idle window */
export const SLIDE_EVERY_MS = 60 * 1000;
/** a 大屏 display device's session (role DISPLAY, claim `dev`): signed in once, valid 30 days, no idle limit; the
 *  安全管理员 revokes it on /security (the session version) */
export const DISPLAY_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionClaims {
  uid?: number;
  sv?: number;
  /** login time, ms since epoch */
  lat?: number;
  /** last activity, ms since epoch */
  seen?: number;
  /** a display device's session (DISPLAY_TIMEOUT_MS, no idle limit) */
  dev?: 1;
}

export type SessionState = "valid" | "idle" | "expired" | "invalid";

export function sessionState(claims: SessionClaims | null | undefined, now = Date.now()): SessionState {
  if (!claims || typeof claims.uid !== "number" || typeof claims.sv !== "number" || typeof claims.lat !== "number") return "invalid";
  if (claims.dev === 1) return now - claims.lat > DISPLAY_TIMEOUT_MS || claims.lat > now + 60_000 ? "expired" : "valid";
  if (now - claims.lat > ABSOLUTE_TIMEOUT_MS || claims.lat > now + 60_000) return "expired";
  const seen = typeof claims.seen === "number" ? claims.seen : claims.lat;
  if (now - seen > IDLE_TIMEOUT_MS) return "idle";
  return "valid";
}

/** A readable cookie holding the session's last-activity time (ms since epoch, no secret): the idle warning's clock. */
export const SEEN_COOKIE = "pingan_seen";
/** POSTed by the idle warning's 「继续工作」: proxy.ts slides the idle window now (not after SLIDE_EVERY_MS). */
export const KEEPALIVE_PATH = "/api/session/keepalive";
/** The warning shows this long before the idle timeout. */
export const IDLE_WARNING_MS = 2 * 60 * 1000;

/** What the idle warning shows at `now`: nothing, a countdown (ms left), or that the session has ended. */
export function idleWarningState(seen: number | null, now = Date.now()): { kind: "none" } | { kind: "warn"; left: number } | { kind: "ended" } {
  if (seen === null || !Number.isFinite(seen)) return { kind: "none" };
  const left = seen + IDLE_TIMEOUT_MS - now;
  if (left <= 0) return { kind: "ended" };
  return left <= IDLE_WARNING_MS ? { kind: "warn", left } : { kind: "none" };
}
