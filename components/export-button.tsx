"use client";
// Downloads an export while showing its progress (rows expected from the server's x-export-rows header, bytes
// received as the stream arrives). Large exports stream from the server; nothing is held back until the end.
// Long work shows a busy state (spinner, aria-busy, the standing live region) and cannot be started twice: the button
// is disabled and a second click while one runs does nothing (each report download archives a copy).
import { useRef, useState } from "react";
import { announce } from "@/components/shell/live-region";
import { buttonClass } from "@/components/ui";

function filenameOf(res: Response, fallback: string) {
  const cd = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1] : fallback;
}

const EXISTING_TEXT = "数据与已归档的报告相同，已提供该归档报告，未重复归档。";

function Spinner() {
  return (
    <svg viewBox="0 0 16 16" className="h-3.5 w-3.5 animate-spin motion-reduce:animate-none" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2" />
      <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function ExportButton({ href, label, testId, form, variant = "secondary", busyLabel = "正在导出…" }: { href: string; label: string; testId?: string; form?: Record<string, string>; variant?: "primary" | "secondary"; busyLabel?: string }) {
  const [state, setState] = useState<{ bytes: number; rows: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a report whose figures equal an archived one: that archive was answered (x-report-existing), nothing new archived
  const [existing, setExisting] = useState<{ id: string } | null>(null);
  const running = useRef(false);
  async function run() {
    if (running.current) return;
    running.current = true;
    setError(null);
    setExisting(null);
    setState({ bytes: 0, rows: null });
    announce(`${label}：${busyLabel}`);
    try {
      const res = await fetch(href, form ? { method: "POST", body: new URLSearchParams(form), cache: "no-store" } : { cache: "no-store" });
      if (!res.ok || !res.body) throw new Error(res.status === 404 ? "无权导出或数据不存在" : `导出失败（${res.status}）`);
      const rows = Number(res.headers.get("x-export-rows") ?? "") || null;
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.length;
        setState({ bytes, rows });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      const name = filenameOf(res, "导出");
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState(null);
      const archiveId = res.headers.get("x-report-archive");
      if (res.headers.get("x-report-existing") === "1" && archiveId) {
        setExisting({ id: archiveId });
        announce(`已下载 ${name}。${EXISTING_TEXT}`);
      } else announce(`已下载 ${name}`);
    } catch (e) {
      setState(null);
      const message = e instanceof Error && /无权|失败/.test(e.message) ? e.message : "下载失败：无法连接服务器，请稍后重试";
      setError(message);
      announce(message);
    } finally {
      running.current = false;
    }
  }
  return (
    <span className="inline-flex flex-col">
      <button type="button" className={buttonClass(variant)} onClick={run} disabled={!!state} aria-busy={state ? true : undefined} data-testid={testId}>
        {state ? (
          <>
            <Spinner />
            {`${busyLabel}${state.bytes ? ` ${(state.bytes / 1024 / 1024).toFixed(1)} MB` : ""}${state.rows ? `（共 ${state.rows.toLocaleString("zh-CN")} 行）` : ""}`}
          </>
        ) : (
          label
        )}
      </button>
      {/* always rendered: a live region announces what is put into it, next to the button that was clicked */}
      <span role="status" aria-live="polite" className="max-w-xs text-xs" data-testid={testId ? `${testId}-status` : undefined}>
        {error ? <span className="mt-1 block text-red-600">{error}</span> : null}
        {existing ? (
          <span className="mt-1 block text-slate-700">
            {EXISTING_TEXT}{" "}
            <a href={`/reports/archive/${existing.id}`} className="text-police-600 underline underline-offset-2">
              查看归档
            </a>
          </span>
        ) : null}
      </span>
    </span>
  );
}
