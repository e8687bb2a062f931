"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm, FormMessage, SelectField, SubmitButton, TextField } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;
type Option = { value: string | number; label: string };

const LABELS = { name: "姓名", badgeNo: "警号", phone: "电话", unitId: "所属单位", role: "角色", status: "状态" };

function TemporaryPassword({ username, password }: { username: string; password: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" role="status">
      <p className="font-medium">请将初始密码当面交给 {username}，本页关闭后无法再次查看：</p>
      <p className="mt-2 select-all font-mono text-lg tracking-wider" data-testid="temporary-password">
        {password}
      </p>
      <p className="mt-2 text-xs">该用户首次登录时必须修改密码。</p>
    </div>
  );
}

export function CreateUserForm({ action, units, roles }: { action: Action; units: Option[]; roles: Option[] }) {
  const [created, setCreated] = useState<{ id: number; username: string; temporaryPassword: string } | null>(null);
  if (created)
    return (
      <div className="space-y-4">
        <TemporaryPassword username={created.username} password={created.temporaryPassword} />
        <div className="flex gap-2">
          <Link href={`/admin/users/${created.id}`} className="text-sm text-police-600 hover:underline">
            查看用户
          </Link>
          <button type="button" className="text-sm text-police-600 hover:underline" onClick={() => setCreated(null)}>
            继续新建
          </button>
        </div>
      </div>
    );
  return (
    <ActionForm action={action} className="grid max-w-2xl grid-cols-1 gap-4 sm:grid-cols-2" onSuccess={(r) => setCreated(r.data as never)}>
      <TextField name="username" label="用户名" required hint="3–32 位小写字母、数字或下划线" autoComplete="off" />
      <TextField name="name" label="姓名" required />
      <TextField name="badgeNo" label="警号" />
      <TextField name="phone" label="电话" />
      <SelectField name="unitId" label="所属单位" options={units} required />
      <SelectField name="role" label="角色" options={roles} required />
      <div className="sm:col-span-2">
        <FormMessage />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>新建用户</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function EditUserForm({
  action,
  user,
  units,
  roles,
}: {
  action: Action;
  user: { id: number; version: number; name: string; badgeNo: string | null; phone: string | null; unitId: number; role: string; status: string };
  units: Option[];
  roles: Option[];
}) {
  return (
    <ActionForm action={action} className="grid max-w-2xl grid-cols-1 gap-4 sm:grid-cols-2">
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <TextField name="name" label="姓名" required defaultValue={user.name} />
      <TextField name="badgeNo" label="警号" defaultValue={user.badgeNo} />
      <TextField name="phone" label="电话" defaultValue={user.phone} />
      <SelectField name="unitId" label="所属单位" options={units} defaultValue={user.unitId} required />
      <SelectField name="role" label="角色" options={roles} defaultValue={user.role} required />
      <SelectField
        name="status"
        label="状态"
        options={[
          { value: "ACTIVE", label: "启用" },
          { value: "DISABLED", label: "停用" },
        ]}
        defaultValue={user.status}
        required
      />
      <p className="text-xs text-slate-500 sm:col-span-2">修改角色、单位或状态后，该用户的登录会话立即失效。</p>
      <div className="sm:col-span-2">
        <FormMessage labels={LABELS} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>保存</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function ResetPasswordForm({ action, userId, username }: { action: Action; userId: number; username: string }) {
  const [password, setPassword] = useState<string | null>(null);
  const router = useRouter();
  if (password)
    return (
      <div className="space-y-2">
        <TemporaryPassword username={username} password={password} />
        <button type="button" className="text-sm text-police-600 hover:underline" onClick={() => { setPassword(null); router.refresh(); }}>
          完成
        </button>
      </div>
    );
  return (
    <ActionForm action={action} confirm={`确定重置 ${username} 的密码？其当前会话将立即失效。`} onSuccess={(r) => setPassword((r.data as { temporaryPassword: string }).temporaryPassword)}>
      <input type="hidden" name="id" value={userId} />
      <FormMessage />
      <SubmitButton variant="secondary">重置密码</SubmitButton>
    </ActionForm>
  );
}
