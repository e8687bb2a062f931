"use client";
// Downloads an export while showing its progress (rows expected from the server's x-export-rows header, bytes
// received as the stream arrives). Large exports stream from the server; nothing is held back until the end.
import { useState } from "react";
import { buttonClass } from "@/components/ui";

function filenameOf(res: Response, fallback: string) {
  const cd = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain ? plain[1] : fallback;
}

export function ExportButton({ href, label, testId }: { href: string; label: string; testId?: string }) {
  const [state, setState] = useState<{ bytes: number; rows: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setError(null);
    setState({ bytes: 0, rows: null });
    try {
      const res = await fetch(href, { cache: "no-store" });
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
      a.download = filenameOf(res, "导出");
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState(null);
    } catch (e) {
      setState(null);
      setError(e instanceof Error ? e.message : "导出失败");
    }
  }
  return (
    <span className="inline-flex flex-col">
      <button type="button" className={buttonClass("secondary")} onClick={run} disabled={!!state} data-testid={testId}>
        {state ? `正在导出… ${(state.bytes / 1024 / 1024).toFixed(1)} MB${state.rows ? `（共 ${state.rows.toLocaleString("zh-CN")} 行）` : ""}` : label}
      </button>
      {error ? (
        <span className="mt-1 text-xs text-red-600" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
