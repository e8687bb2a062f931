"use client";
import { signOut } from "next-auth/react";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";

export function ChangePasswordForm({ action }: { action: (input: FormData) => Promise<ActionResult<unknown>> }) {
  return (
    <ActionForm
      action={action}
      refresh={false}
      className="space-y-4"
      onSuccess={() => {
        // the password change ended every session, this one included
        void signOut({ callbackUrl: "/login?passwordChanged=1" });
      }}
    >
      <TextField name="currentPassword" label="当前密码" type="password" autoComplete="current-password" required />
      <TextField name="newPassword" label="新密码" type="password" autoComplete="new-password" required hint="至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类，不能包含用户名" />
      <TextField name="confirmPassword" label="确认新密码" type="password" autoComplete="new-password" required />
      <FormMessage />
      <SubmitButton>修改密码</SubmitButton>
    </ActionForm>
  );
}
