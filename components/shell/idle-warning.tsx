"use client";
// Two minutes before the 30-minute idle timeout: an alert dialog with a countdown and 「继续工作」, which asks
// proxy.ts to slide the session's idle window now. The clock is the readable `pingan_seen` cookie that proxy.ts
// keeps equal to the session's last-activity time, so several open tabs agree and any request in any tab counts.
// Focus moves to 「继续工作」 when the dialog opens, Tab stays between its two buttons, Esc counts as 「继续工作」, and
// focus returns to where it was. When the time is up the page goes to the login form with the idle notice.
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { forgetDrafts } from "@/components/forms/draft-keeper";
import { KEEPALIVE_PATH, SEEN_COOKIE, idleWarningState } from "@/lib/auth/session-policy";

function readSeen(): number | null {
  const m = document.cookie.match(new RegExp(`(?:^|;\\s*)${SEEN_COOKIE}=(\\d+)`));
  return m ? Number(m[1]) : null;
}

function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(s / 60);
  return m ? `${m}分${String(s % 60).padStart(2, "0")}秒` : `${s}秒`;
}

export function IdleWarning() {
  const [left, setLeft] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const continueRef = useRef<HTMLButtonElement>(null);
  const logoutRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const shown = left !== null;
  const router = useRouter();

  useEffect(() => {
    let ended = false;
    const tick = () => {
      if (ended) return;
      const s = idleWarningState(readSeen());
      if (s.kind === "ended") {
        ended = true;
        const back = `${window.location.pathname}${window.location.search}`;
        router.replace(`/login?reason=idle${back !== "/" ? `&callbackUrl=${encodeURIComponent(back)}` : ""}`);
        return;
      }
      setLeft(s.kind === "warn" ? s.left : null);
    };
    tick();
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [router]);

  // focus into the dialog when it opens, back where it was when it closes
  useEffect(() => {
    if (shown) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      continueRef.current?.focus();
    } else if (returnTo.current) {
      if (document.contains(returnTo.current)) returnTo.current.focus();
      returnTo.current = null;
    }
  }, [shown]);

  const keepWorking = useCallback(async () => {
    setBusy(true);
    setFailed(false);
    try {
      const res = await fetch(KEEPALIVE_PATH, { method: "POST", credentials: "same-origin", cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      const s = idleWarningState(readSeen());
      setLeft(s.kind === "warn" ? s.left : null);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }, []);

  if (!shown) return null;
  return (
    <div className="no-print fixed inset-0 z-[60] flex items-end justify-center bg-slate-900/50 p-3 sm:items-center">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-desc"
        className="w-full max-w-sm rounded-lg bg-white p-5 text-slate-800 shadow-xl"
        data-testid="idle-warning"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            void keepWorking();
          } else if (e.key === "Tab") {
            // two buttons: Tab moves between them (the page behind is covered)
            e.preventDefault();
            (document.activeElement === continueRef.current ? logoutRef : continueRef).current?.focus();
          }
        }}
      >
        <h2 id="idle-title" className="text-base font-semibold text-slate-900">
          即将因长时间未操作而退出
        </h2>
        <p id="idle-desc" className="mt-2 text-sm text-slate-600">
          您已近 30 分钟未操作，<span className="font-semibold tabular-nums text-red-600" data-testid="idle-countdown">{countdown(left)}</span>
          后系统将自动退出，未保存的内容会丢失。
        </p>
        {failed ? (
          <p className="mt-2 text-sm text-red-600" role="alert">
            未能延长登录，请检查网络后重试。
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          <button
            ref={logoutRef}
            type="button"
            onClick={() => {
              forgetDrafts();
              void signOut({ callbackUrl: "/login?loggedOut=1" });
            }}
            className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm text-slate-700 hover:bg-slate-50"
          >
            退出登录
          </button>
          <button
            ref={continueRef}
            type="button"
            disabled={busy}
            onClick={() => void keepWorking()}
            className="inline-flex min-h-11 items-center rounded-md bg-police-600 px-4 text-sm font-medium text-white hover:bg-police-700 disabled:opacity-60"
          >
            {busy ? "正在延长…" : "继续工作"}
          </button>
        </div>
      </div>
    </div>
  );
}
