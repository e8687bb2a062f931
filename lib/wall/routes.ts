// Server-sent events for a wall (components/wall/wall-live.tsx): "changed" when the database reports a committed
// change (lib/wall/listener.ts), at most one a second; a comment line every 15 s keeps proxies from closing the idle
// connection. Each "changed" (and the first "hello") carries the primary's WAL position read after the change was
// heard, so after its commit: the wall sends it back with its refresh (cookie pingan-wall-seen, lib/db.ts) and gets
// figures that include the change — never shared figures computed a moment before it (lib/db/shared-read.ts).
// The session and the unit's scope are checked when the stream opens (the route pipeline and below), and
// the account is re-read every 15 s: a revoked display or a disabled, moved or logged-out user gets "revoked" and
// the stream ends.
import { narrowScope, userScope } from "@/lib/auth/scope";
import { ZUnitQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { formatLsn } from "@/lib/db/read-router";
import { readPosition } from "@/lib/db/shared-read";
import { onDatabaseChange } from "./listener";

const HEARTBEAT_MS = 15_000;
const MIN_GAP_MS = 1_000;

export const wallStreamRoute: RouteDefinition = {
  name: "wall.stream",
  title: "大屏实时更新",
  method: "GET",
  permission: "wall:read",
  handle: async (ctx, req) => {
    const { unit } = parseQuery(ZUnitQuery, new URL(req.url).searchParams);
    const row = unit ? await ctx.db.unit.findUnique({ where: { code: unit }, select: { path: true } }) : null;
    if (!row || !narrowScope(userScope(ctx.user), row.path)) return denied(ctx, "wall.stream", row ? "超出管辖范围" : "单位不存在", unit ?? null);
    const account = await ctx.db.user.findUnique({ where: { id: ctx.user.id }, select: { sessionVersion: true, status: true, role: true, unitId: true } });
    const enc = new TextEncoder();
    // the primary's WAL position now ("" when the database is away: the wall then refreshes without a minimum)
    const position = () => readPosition(ctx.db).then((n) => (n === null ? "" : formatLsn(n)));
    let cleanup = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        let last = 0;
        let pending: ReturnType<typeof setTimeout> | null = null;
        const send = (s: string) => {
          if (closed) return;
          try {
            controller.enqueue(enc.encode(s));
          } catch {
            cleanup();
          }
        };
        const changed = () => {
          if (pending || closed) return;
          pending = setTimeout(async () => {
            pending = null;
            last = Date.now();
            const lsn = await position();
            send(`event: changed\ndata: ${lsn}\n\n`);
          }, Math.max(200, last + MIN_GAP_MS - Date.now()));
        };
        const unsubscribe = onDatabaseChange(changed);
        const beat = setInterval(async () => {
          const now = await ctx.db.user.findUnique({ where: { id: ctx.user.id }, select: { sessionVersion: true, status: true, role: true, unitId: true } }).catch(() => undefined);
          if (now === undefined) return send(": ping\n\n"); // the database is away: keep the stream, the listener reconnects
          if (!now || !account || now.sessionVersion !== account.sessionVersion || now.status !== "ACTIVE" || now.role !== account.role || now.unitId !== account.unitId) {
            send("event: revoked\ndata: 1\n\n");
            return cleanup();
          }
          send(": ping\n\n");
        }, HEARTBEAT_MS);
        cleanup = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(beat);
          if (pending) clearTimeout(pending);
          req.signal.removeEventListener("abort", cleanup);
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        };
        req.signal.addEventListener("abort", cleanup);
        void position().then((lsn) => send(`retry: 2000\nevent: hello\ndata: ${lsn}\n\n`));
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no", connection: "keep-alive" } });
  },
};
