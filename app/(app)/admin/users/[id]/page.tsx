import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, PageHeader } from "@/components/ui";
import { BUSINESS_ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope } from "@/lib/units/queries";
import { getUserInScope } from "@/lib/users/queries";
import { resetUserPassword, updateUser } from "@/lib/users/server-actions";
import { EditUserForm, ResetPasswordForm } from "../user-forms";

export const metadata: Metadata = { title: "用户详情" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("user:read");
  const user = await getUserInScope(viewer, Number((await params).id));
  const units = await listUnitsInScope(viewer);
  const editable = can(viewer.role, "user:manage") && BUSINESS_ROLES.includes(user.role as RoleName) && user.id !== viewer.id;
  return (
    <div>
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/admin/users" className="hover:underline">
          用户管理
        </Link>{" "}
        › {user.username}
      </nav>
      <PageHeader title={`${user.name}（${user.username}）`} subtitle={`${ROLE_LABELS[user.role as RoleName]} · ${user.unit.name}`} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="账户信息" className="xl:col-span-2">
          {editable ? (
            <EditUserForm
              action={updateUser}
              user={{ id: user.id, version: user.version, name: user.name, badgeNo: user.badgeNo, phone: user.phone, unitId: user.unitId, role: user.role, status: user.status }}
              units={unitPickerOptions(units, { keep: (u) => u.active || u.id === user.unitId })}
              roles={BUSINESS_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            />
          ) : (
            <p className="text-sm text-slate-600">{user.id === viewer.id ? "本人账户请在「修改密码」页维护。" : "三员账户在安装时创建，不能在此修改。"}</p>
          )}
        </Card>
        <div className="space-y-6">
          <Card title="登录与安全">
            <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
              <dt className="text-slate-500">状态</dt>
              <dd>{user.status === "ACTIVE" ? <Badge tone="green">启用</Badge> : <Badge tone="red">停用</Badge>}</dd>
              <dt className="text-slate-500">激活</dt>
              <dd data-testid="activation-state">
                {user.pendingActivation ? (
                  <>
                    <Badge tone="amber">{user.pendingActivation === "CREATED" ? "待激活（新建）" : "待激活（密码已重置）"}</Badge>
                    <span className="block text-xs text-slate-500">自 {formatDateTime(user.pendingSince)} 起，须由安全管理员在「安全管理」页激活后才能登录</span>
                  </>
                ) : user.mustChangePassword ? (
                  "已激活，尚未修改初始密码"
                ) : (
                  "已激活"
                )}
              </dd>
              <dt className="text-slate-500">最近登录</dt>
              <dd>{user.lastLoginAt ? `${formatDateTime(user.lastLoginAt)}（${user.lastLoginIp ?? "未知地址"}）` : "从未登录"}</dd>
              <dt className="text-slate-500">密码修改</dt>
              <dd>{formatDateTime(user.passwordChangedAt)}</dd>
              <dt className="text-slate-500">锁定</dt>
              <dd>{user.lockedUntil && user.lockedUntil > new Date() ? `锁定至 ${formatDateTime(user.lockedUntil)}` : "未锁定"}</dd>
            </dl>
          </Card>
          {editable ? (
            <Card title="重置密码">
              <p className="mb-2 text-xs text-slate-500">重置后旧密码立即失效，账户变为待激活；新的初始密码由安全管理员激活时生成并交给本人，系统管理员不会看到。</p>
              <ResetPasswordForm action={resetUserPassword} userId={user.id} username={user.username} />
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
