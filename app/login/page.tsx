import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "登录" };

const NOTICES: Record<string, string> = {
  idle: "您已超过 30 分钟未操作，系统已自动退出，请重新登录。",
  expired: "本次登录已超过 8 小时，请重新登录。",
  loggedOut: "您已安全退出。",
  passwordChanged: "密码已修改，请用新密码登录。",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  // only a path on this site, as the browser will read it: never an open redirect
  const callbackUrl = safeRedirectPath(sp.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const reason = typeof sp.reason === "string" ? sp.reason : sp.loggedOut ? "loggedOut" : sp.passwordChanged ? "passwordChanged" : "";
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-police-900 via-police-800 to-police-700 p-6">
      <div className="w-full max-w-md">
        <div className="mb-6 text-center text-white">
          <div aria-hidden className="mx-auto mb-3 flex h-14 w-14 items-center justify-center rounded-full bg-white/10 text-2xl font-bold">
            安
          </div>
          <h1 className="text-2xl font-semibold tracking-wide">平安甘肃 · 主动创稳指挥平台</h1>
          <p className="mt-1 text-sm text-white/70">甘肃省公安厅 · 内部系统，仅限授权人员使用</p>
        </div>
        <div className="rounded-xl bg-white p-7 shadow-xl">
          {Object.hasOwn(NOTICES, reason) ? (
            <p className="mb-4 rounded-md bg-police-50 px-3 py-2 text-sm text-police-700" role="status">
              {NOTICES[reason]}
            </p>
          ) : null}
          <LoginForm callbackUrl={callbackUrl} />
        </div>
        <p className="mt-4 text-center text-xs text-white/60">登录、操作均记入审计日志。请勿在公共终端保存密码。</p>
      </div>
    </main>
  );
}
