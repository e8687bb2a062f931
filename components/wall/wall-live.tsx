"use client";
// The wall's only client code: the Beijing clock, the live connection and the optional tour.
//  - Live: an EventSource on /api/wall/stream (fed by PostgreSQL LISTEN/NOTIFY, lib/wall/listener.ts); on "changed"
//    the page's server components are fetched again (router.refresh(): the same loaders, no full reload). While the
//    stream is down the header says 「正在重新连接…」; EventSource retries by itself, and a stream the browser gave up
//    on (readyState CLOSED) is opened anew. After a reconnect the figures are refreshed at once (they may have
//    changed meanwhile). Each "changed" and "hello" carries the database's position after the change; it goes back
//    with the refresh (cookie, lib/freshness/seen-cookie.ts), so the server does not answer with shared figures from just
//    before the change (lib/db/shared-read.ts).
//  - Tour: with ?tour=…&every=N the wall moves to the next unit every N seconds.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { LSN_TEXT, SEEN_COOKIE, SEEN_COOKIE_MAX_AGE, SEEN_COOKIE_PATH } from "@/lib/freshness/seen-cookie";
import { formatDateTime } from "@/lib/format";

export function WallClock({ initial }: { initial: string }) {
  const [now, setNow] = useState<string>(initial);
  useEffect(() => {
    const t = setInterval(() => setNow(formatDateTime(new Date())), 1000);
    return () => clearInterval(t);
  }, []);
  const [day, time] = now.split(" ");
  return (
    <span className="wall-clock" data-testid="wall-clock">
      <small>北京时间 {day}</small>
      <span>{time}</span>
    </span>
  );
}

type State = "connecting" | "live" | "reconnecting";

export function WallLive({ unit, next, every }: { unit: string; next: string | null; every: number }) {
  const router = useRouter();
  const [state, setState] = useState<State>("connecting");
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let es: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let wasDown = false;
    let stopped = false;
    // the figures of the next refresh include at least this position (ignored unless it looks like one)
    const seen = (e: MessageEvent) => {
      if (typeof e.data === "string" && LSN_TEXT.test(e.data)) document.cookie = `${SEEN_COOKIE}=${e.data}; path=${SEEN_COOKIE_PATH}; max-age=${SEEN_COOKIE_MAX_AGE}; samesite=strict`;
    };
    const refresh = () => {
      // at most one refresh a second; one more at the end of a burst
      const wait = Math.max(0, lastRefresh.current + 1000 - Date.now());
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        lastRefresh.current = Date.now();
        router.refresh();
      }, wait);
    };
    const open = () => {
      if (stopped) return;
      es = new EventSource(`/api/wall/stream?unit=${encodeURIComponent(unit)}`);
      es.addEventListener("open", () => setState("live"));
      // the stream's first event: after a reconnect, refresh with the position it carries
      es.addEventListener("hello", (e) => {
        seen(e);
        if (wasDown) refresh();
        wasDown = false;
      });
      es.addEventListener("changed", (e) => {
        seen(e);
        refresh();
      });
      // the device was revoked or the account changed: the page itself decides (the login page, most likely)
      es.addEventListener("revoked", () => window.location.reload());
      es.addEventListener("error", () => {
        wasDown = true;
        setState("reconnecting");
        if (es && es.readyState === EventSource.CLOSED) {
          es.close();
          reopen = setTimeout(open, 3000);
        }
      });
    };
    open();
    return () => {
      stopped = true;
      es?.close();
      if (reopen) clearTimeout(reopen);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [unit, router]);

  useEffect(() => {
    if (!next) return;
    const t = setTimeout(() => router.push(next), every * 1000);
    return () => clearTimeout(t);
  }, [next, every, router]);

  return (
    <span className="wall-status" data-state={state} data-testid="wall-status" role="status">
      {state === "live" ? "● 实时" : state === "connecting" ? "○ 正在连接…" : "▲ 正在重新连接…"}
    </span>
  );
}
