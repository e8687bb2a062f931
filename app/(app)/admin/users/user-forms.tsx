"use client";
import Link from "@/components/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { SelectField, TextField, UnitField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;
type Option = { value: string | number; label: string };

const LABELS = { name: "姓名", badgeNo: "警号", phone: "电话", unitId: "所属单位", role: "角色", status: "状态" };

/** After create or reset: the 系统管理员 gets no password, only the next step (两人控制，三员分立). */
function PendingNotice({ username, reset }: { username: string; reset?: boolean }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" role="status" data-testid="pending-activation">
      <p className="font-medium">
        {reset ? `已重置 ${username} 的密码，旧密码和当前会话已失效。` : `已新建用户 ${username}。`}账户状态：待激活。
      </p>
      <p className="mt-2">
        请通知安全管理员在「安全管理」页激活该账户。激活时系统生成初始密码，只向激活的安全管理员显示一次，由其交给本人；系统管理员不会看到任何密码。
      </p>
      <p className="mt-2 text-xs">本人首次登录须修改密码并绑定动态口令。</p>
    </div>
  );
}

export function CreateUserForm({ action, units, roles }: { action: Action; units: PickerUnit[]; roles: Option[] }) {
  const [created, setCreated] = useState<{ id: number; username: string } | null>(null);
  if (created)
    return (
      <div className="space-y-4">
        <PendingNotice username={created.username} />
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
      <UnitField name="unitId" label="所属单位" units={units} required />
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
  units: PickerUnit[];
  roles: Option[];
}) {
  return (
    <ActionForm action={action} className="grid max-w-2xl grid-cols-1 gap-4 sm:grid-cols-2">
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <TextField name="name" label="姓名" required defaultValue={user.name} />
      <TextField name="badgeNo" label="警号" defaultValue={user.badgeNo} />
      <TextField name="phone" label="电话" defaultValue={user.phone} />
      <UnitField name="unitId" label="所属单位" units={units} defaultValue={user.unitId} required />
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
      <p className="text-xs text-slate-500 sm:col-span-2">修改角色、单位或状态后，该用户的登录会话立即失效。「启用」不会激活待激活账户：激活只能由安全管理员操作。</p>
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
  const [done, setDone] = useState(false);
  const router = useRouter();
  if (done)
    return (
      <div className="space-y-2">
        <PendingNotice username={username} reset />
        <button type="button" className="text-sm text-police-600 hover:underline" onClick={() => { setDone(false); router.refresh(); }}>
          完成
        </button>
      </div>
    );
  return (
    <ActionForm action={action} confirm={`确定重置 ${username} 的密码？旧密码和当前会话将立即失效，账户须由安全管理员重新激活。`} onSuccess={() => setDone(true)}>
      <input type="hidden" name="id" value={userId} />
      <FormMessage />
      <SubmitButton variant="secondary">重置密码</SubmitButton>
    </ActionForm>
  );
}
