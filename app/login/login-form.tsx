"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field, Input } from "@/components/forms/field";
import { buttonClass } from "@/components/ui";
import { LOGIN_FAILED_MESSAGE } from "@/lib/auth/messages";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const otp = String(form.get("otp") ?? "").trim();
    if (!username || !password) {
      setError("请输入用户名和密码");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await signIn("credentials", { username, password, otp, redirect: false });
      if (!res || res.error) {
        setError(LOGIN_FAILED_MESSAGE);
        setBusy(false);
        return;
      }
      window.location.assign(callbackUrl);
    } catch {
      setError("无法连接服务器，请稍后重试");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field name="username" label="用户名" required>
        <Input autoComplete="username" autoFocus maxLength={64} />
      </Field>
      <Field name="password" label="密码" required>
        <Input type="password" autoComplete="current-password" maxLength={256} />
      </Field>
      <Field name="otp" label="动态口令" hint="已绑定验证器的账户必填：验证器上的 6 位数字，或一个恢复码">
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={32} />
      </Field>
      {error ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={`${buttonClass("primary")} w-full py-2.5`}>
        {busy ? "正在登录…" : "登录"}
      </button>
    </form>
  );
}
