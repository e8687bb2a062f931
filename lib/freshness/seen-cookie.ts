// A WAL position the browser was told about, not one it wrote: a wall hears "changed" with the primary's position
// after the change (lib/wall/routes.ts) and sends it back with its refresh in this cookie, so the refreshed figures
// include the change (lib/db.ts: a reader's minimum position is the larger of this and its last write, pingan-wal).
// Set by the browser (components/wall/wall-live.tsx), scoped to /wall, short-lived. Like pingan-wal it is not a
// secret: a made-up value can only make that reader's own reads fresher (recomputed, or from the primary).
// No imports: the wall's client code uses it too.
export const SEEN_COOKIE = "pingan-wall-seen";
export const SEEN_COOKIE_PATH = "/wall";
export const SEEN_COOKIE_MAX_AGE = 60;

/** "16/B374D848", as PostgreSQL prints an LSN (lib/db/read-router.ts parseLsn reads it) */
export const LSN_TEXT = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;
