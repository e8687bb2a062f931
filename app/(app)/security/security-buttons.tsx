"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

export function SecurityButtons({ userId, username, locked, mfa, unlock, revoke, resetMfa }: { userId: number; username: string; locked: boolean; mfa: boolean; unlock: Action; revoke: Action; resetMfa: Action }) {
  return (
    <div className="flex flex-wrap gap-2">
      {locked ? (
        <ActionForm action={unlock}>
          <input type="hidden" name="id" value={userId} />
          <SubmitButton variant="secondary">解锁</SubmitButton>
          <FormMessage />
        </ActionForm>
      ) : null}
      {mfa ? (
        <ActionForm action={resetMfa} confirm={`确定重置 ${username} 的动态口令？其验证器和恢复码全部作废，下次登录须重新绑定。请先核实本人身份。`}>
          <input type="hidden" name="id" value={userId} />
          <SubmitButton variant="secondary">重置动态口令</SubmitButton>
          <FormMessage />
        </ActionForm>
      ) : null}
      <ActionForm action={revoke} confirm={`确定终止 ${username} 的全部登录会话？`}>
        <input type="hidden" name="id" value={userId} />
        <SubmitButton variant="secondary">终止会话</SubmitButton>
        <FormMessage />
      </ActionForm>
    </div>
  );
}
