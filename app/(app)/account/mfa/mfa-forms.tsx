"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/field";
import { buttonClass } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

/** The new recovery codes, shown once: copy, print or download them now. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `平安甘肃 主动创稳指挥平台 — 恢复码（每个只能使用一次）\n${codes.join("\n")}\n`;
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4" data-testid="recovery-codes">
      <p className="mb-2 text-sm font-semibold text-amber-900">请立即保存这 10 个恢复码。它们只显示这一次；手机丢失时可用一个恢复码代替动态口令登录。</p>
      <ul className="mb-3 grid grid-cols-2 gap-1 font-mono text-base tracking-wider">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <a className={buttonClass("secondary", "sm")} href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="恢复码.txt">
          下载为文本文件
        </a>
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => window.print()}>
          打印
        </button>
        <button type="button" className={buttonClass("primary", "sm")} onClick={onDone}>
          我已保存，继续
        </button>
      </div>
    </div>
  );
}

export function EnrolForm({ action, pending }: { action: Action; pending: string }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const router = useRouter();
  if (codes)
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          router.push("/");
          router.refresh();
        }}
      />
    );
  return (
    <ActionForm action={action} refresh={false} className="space-y-3" onSuccess={(r) => setCodes((r.data as { recoveryCodes: string[] }).recoveryCodes)}>
      <input type="hidden" name="pending" value={pending} />
      <TextField name="code" label="验证器上的 6 位数字" autoComplete="one-time-code" required maxLength={6} />
      <FormMessage />
      <SubmitButton>完成绑定</SubmitButton>
    </ActionForm>
  );
}

export function RenewForm({ action }: { action: Action }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} onDone={() => window.location.reload()} />;
  return (
    <ActionForm action={action} refresh={false} className="flex flex-wrap items-end gap-3" onSuccess={(r) => setCodes((r.data as { recoveryCodes: string[] }).recoveryCodes)}>
      <TextField name="code" label="当前动态口令" autoComplete="one-time-code" required maxLength={6} />
      <SubmitButton variant="secondary">生成新的恢复码</SubmitButton>
      <FormMessage />
    </ActionForm>
  );
}
