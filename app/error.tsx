"use client";
import Link from "@/components/link";

// Unexpected errors: the user sees an id (digest) to quote, never internals.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-lg font-medium text-slate-800">系统处理出错</h1>
      <p className="text-sm text-slate-600">请稍后重试。如仍失败，请将错误编号告知管理员：{error.digest ?? "无"}</p>
      <div className="flex gap-3">
        <button type="button" onClick={reset} className="text-sm text-police-600 hover:underline">
          重试
        </button>
        <Link href="/" className="text-sm text-police-600 hover:underline">
          返回工作首页
        </Link>
      </div>
    </main>
  );
}
