"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

export function SecurityButtons({ userId, username, locked, unlock, revoke }: { userId: number; username: string; locked: boolean; unlock: Action; revoke: Action }) {
  return (
    <div className="flex flex-wrap gap-2">
      {locked ? (
        <ActionForm action={unlock}>
          <input type="hidden" name="id" value={userId} />
          <SubmitButton variant="secondary">解锁</SubmitButton>
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
