// The product's error page, rendered on the server: readable without client JavaScript (the message and the error
// id are in the HTML), used where a page cannot be built — e.g. the database is unreachable. The id is also in the
// server log (reportServerError), so the administrator can find the cause.
import { randomUUID } from "node:crypto";
import Link from "@/components/link";

/** Logs an unexpected server error with a short id and returns the id (shown to the user, never the internals). */
export function reportServerError(where: string, e: unknown): string {
  const id = randomUUID().slice(0, 8);
  console.error(`[${where}] 错误编号 ${id}`, e instanceof Error ? (e.stack ?? e.message) : e);
  return id;
}

export function ServerErrorPage({ id }: { id: string }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 bg-slate-50 p-8 text-center" data-testid="server-error">
      <div aria-hidden className="flex h-14 w-14 items-center justify-center rounded-full bg-police-900 text-2xl font-bold text-white">
        安
      </div>
      <p className="text-sm text-slate-500">平安甘肃 · 主动创稳指挥平台</p>
      <h1 className="text-lg font-medium text-slate-800">系统暂时无法处理您的请求</h1>
      <p className="max-w-lg text-sm text-slate-600">
        系统处理出错（可能是数据库暂时不可用），请稍后重试。如仍失败，请将错误编号告知管理员：
        <strong className="font-mono text-slate-800" data-testid="error-id">
          {id}
        </strong>
      </p>
      <div className="flex gap-4 text-sm">
        {/* plain links: they work without client JavaScript */}
        <a href="" className="text-police-600 hover:underline">
          重试
        </a>
        <Link href="/" className="text-police-600 hover:underline">
          返回工作首页
        </Link>
      </div>
    </main>
  );
}
