"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm, ButtonForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

export function SecurityButtons({ userId, username, locked, mfa, unlock, revoke, resetMfa }: { userId: number; username: string; locked: boolean; mfa: boolean; unlock: Action; revoke: Action; resetMfa: Action }) {
  return (
    <div className="flex flex-wrap gap-2">
      {/* the forms stay when their button goes (unlocked, reset): their result message outlives the refresh */}
      <ButtonForm action={unlock} fields={{ id: userId }} label="解锁" shown={locked} className={locked ? undefined : "contents"} />
      <ButtonForm
        action={resetMfa}
        fields={{ id: userId }}
        label="重置动态口令"
        shown={mfa}
        className={mfa ? undefined : "contents"}
        confirm={`确定重置 ${username} 的动态口令？其验证器和恢复码全部作废，下次登录须重新绑定。请先核实本人身份。`}
      />
      <ButtonForm action={revoke} fields={{ id: userId }} label="终止会话" confirm={`确定终止 ${username} 的全部登录会话？`} />
    </div>
  );
}

/**
 * Activates a 待激活 account (created or reset by the 系统管理员). The initial password is shown here once, to this
 * 安全管理员 only; the page is refreshed only when they close it, so the password is never fetched again.
 */
export function ActivateButton({ userId, username, activate }: { userId: number; username: string; activate: Action }) {
  const [password, setPassword] = useState<string | null>(null);
  const router = useRouter();
  if (password)
    return (
      <div className="max-w-sm rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="status">
        <p className="font-medium">{username} 的初始密码（只显示这一次，关闭后无法再次查看）：</p>
        <p className="mt-2 select-all font-mono text-lg tracking-wider" data-testid="initial-password">
          {password}
        </p>
        <p className="mt-2 text-xs">请当面或以密封方式交给本人。本人首次登录须修改密码并绑定动态口令。</p>
        <button type="button" className="mt-2 text-sm text-police-600 hover:underline" onClick={() => { setPassword(null); router.refresh(); }}>
          已交付，关闭
        </button>
      </div>
    );
  return (
    <ActionForm
      action={activate}
      refresh={false}
      confirm={`确定激活 ${username}？系统将生成初始密码并只向您显示一次，请核实本人身份后交付。`}
      onSuccess={(r) => setPassword((r.data as { initialPassword: string }).initialPassword)}
    >
      <input type="hidden" name="id" value={userId} />
      <SubmitButton variant="primary">激活并生成初始密码</SubmitButton>
      <FormMessage />
    </ActionForm>
  );
}

/** 新增大屏设备: the device's password is shown here once, to sign the display in once. */
export function CreateDisplayForm({ units, create }: { units: { id: number; name: string; depth: number }[]; create: Action }) {
  const [made, setMade] = useState<{ username: string; password: string } | null>(null);
  const router = useRouter();
  if (made)
    return (
      <div className="max-w-md rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="status">
        <p className="font-medium">大屏设备账号（密码只显示这一次）：</p>
        <p className="mt-2 font-mono" data-testid="display-username">
          {made.username}
        </p>
        <p className="select-all font-mono text-lg tracking-wider" data-testid="display-password">
          {made.password}
        </p>
        <p className="mt-2 text-xs">请在大屏上登录一次（会话 30 天有效，无空闲超时），登录后只能打开本单位的指挥中心大屏。</p>
        <button type="button" className="mt-2 text-sm text-police-600 hover:underline" onClick={() => { setMade(null); router.refresh(); }}>
          已登录，关闭
        </button>
      </div>
    );
  return (
    <ActionForm action={create} refresh={false} onSuccess={(r) => setMade(r.data as { username: string; password: string })}>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          设备名称
          <input name="name" required minLength={2} maxLength={40} placeholder="如：省厅指挥中心主屏" className="ml-2 rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="text-sm">
          单位
          <select name="unitId" required className="ml-2 rounded-md border border-slate-300 px-2 py-1.5">
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {"　".repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton variant="primary">新增大屏设备</SubmitButton>
      </div>
      <FormMessage />
    </ActionForm>
  );
}

export function RevokeDisplayButton({ userId, name, revoke }: { userId: number; name: string; revoke: Action }) {
  return (
    <ButtonForm action={revoke} fields={{ id: userId }} label="吊销" confirm={`确定吊销大屏设备「${name}」？该大屏立即无法再显示（15 秒内断开）。`} />
  );
}
