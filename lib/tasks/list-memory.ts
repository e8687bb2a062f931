// The task list remembers each user's last filter in a cookie: "<user id>:<filter query>". Only the filter (no unit,
// no page) is kept, and what is read back is parsed again like any typed URL, so a cookie edited by hand or left by
// another user on the same browser changes nothing but the list's own filters — the unit scope is never in it.
export const TASK_FILTER_COOKIE = "pingan_tasks_filter";
/** 180 days */
export const TASK_FILTER_MAX_AGE = 180 * 24 * 60 * 60;

export function encodeTaskFilter(userId: number, query: string): string {
  return encodeURIComponent(`${userId}:${query}`);
}

/** The remembered query of this user, or null (no cookie, another user's, malformed). */
export function decodeTaskFilter(value: string | undefined, userId: number): string | null {
  if (!value) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(value);
  } catch {
    return null;
  }
  const m = /^(\d{1,10}):(.{0,1000})$/s.exec(raw);
  return m && Number(m[1]) === userId ? m[2] : null;
}
