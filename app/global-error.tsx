"use client";
// Errors of the root layout itself: the product's page (it replaces the whole document), with the id to quote.
import "./globals.css";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="zh-CN">
      <body className="min-h-screen">
        <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
          <p className="text-sm text-slate-500">平安甘肃 · 主动创稳指挥平台</p>
          <h1 className="text-lg font-medium text-slate-800">系统处理出错</h1>
          <p className="text-sm text-slate-600">请稍后重试。如仍失败，请将错误编号告知管理员：{error.digest ?? "无"}</p>
          <a href="" className="text-sm text-police-600 hover:underline">
            重试
          </a>
        </main>
      </body>
    </html>
  );
}
