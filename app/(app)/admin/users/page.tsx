import type { Metadata } from "next";
import Link from "@/components/link";
import { Select } from "@/components/forms/field";
import { Badge, ButtonLink, EmptyState, PageHeader, Pagination, Table, Td, Th, buttonClass, inputClass } from "@/components/ui";
import { ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listUnitsInScope } from "@/lib/units/queries";
import { listUsers, parseUserQuery } from "@/lib/users/queries";

export const metadata: Metadata = { title: "用户管理" };

type SP = Promise<Record<string, string | undefined>>;

const USER_STATUS_FILTERS = [
  { value: "ACTIVE", label: "启用" },
  { value: "DISABLED", label: "停用" },
  { value: "LOCKED", label: "锁定中" },
  { value: "PENDING", label: "待激活" },
];

export default async function UsersPage({ searchParams }: { searchParams: SP }) {
  const viewer = await requirePermission("user:read");
  const sp = await searchParams;
  const filters = parseUserQuery(sp);
  const [{ rows, total, pageCount }, units] = await Promise.all([listUsers(userScope(viewer), filters), listUnitsInScope(viewer)]);
  const hrefFor = (page: number) => {
    const p = new URLSearchParams(Object.entries({ ...sp, page: String(page) }).filter(([, v]) => v) as [string, string][]);
    return `/admin/users?${p}`;
  };
  const now = new Date();
  return (
    <div>
      <PageHeader title="用户管理" subtitle="管辖范围内的用户账户。三员账户只读。" actions={<ButtonLink href="/admin/users/new">新建用户</ButtonLink>} />
      <form className="mb-4 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-5" role="search">
        <input name="q" defaultValue={sp.q} placeholder="用户名、姓名或警号" aria-label="关键词" className={inputClass} />
        <Select name="role" defaultValue={filters.role ?? ""} aria-label="角色" empty="全部角色" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        <Select name="status" defaultValue={sp.status ?? ""} aria-label="状态" empty="全部状态" options={USER_STATUS_FILTERS} />
        <Select name="unit" defaultValue={sp.unit ?? ""} aria-label="单位" empty="全部单位" options={units.map((u) => ({ value: u.code, label: `${"　".repeat(Math.max(0, u.depth - (units[0]?.depth ?? 0)))}${u.name}` }))} />
        <button className={buttonClass("primary")}>筛选</button>
      </form>
      {rows.length ? (
        <Table>
          <thead>
            <tr>
              <Th>用户名</Th>
              <Th>姓名</Th>
              <Th>警号</Th>
              <Th>角色</Th>
              <Th>所属单位</Th>
              <Th>状态</Th>
              <Th>最近登录</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((u) => (
              <tr key={u.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/admin/users/${u.id}`} className="font-medium text-police-600 hover:underline">
                    {u.username}
                  </Link>
                </Td>
                <Td>{u.name}</Td>
                <Td>{u.badgeNo ?? "—"}</Td>
                <Td>{ROLE_LABELS[u.role as RoleName]}</Td>
                <Td>{u.unit.name}</Td>
                <Td>
                  {u.status === "DISABLED" ? <Badge tone="red">停用</Badge> : u.pendingActivation ? <Badge tone="amber">待激活</Badge> : u.lockedUntil && u.lockedUntil > now ? <Badge tone="amber">锁定中</Badge> : <Badge tone="green">启用</Badge>}
                  {u.pendingActivation ? (
                    <span className="ml-1 text-xs text-slate-500">{u.pendingActivation === "CREATED" ? "新建，待安全管理员激活" : "密码已重置，待安全管理员激活"}</span>
                  ) : u.mustChangePassword ? (
                    <span className="ml-1"><Badge tone="amber">须改密</Badge></span>
                  ) : null}
                </Td>
                <Td className="text-xs">{u.lastLoginAt ? `${formatDateTime(u.lastLoginAt)} ${u.lastLoginIp ?? ""}` : "从未登录"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="没有符合条件的用户" />
      )}
      <Pagination page={filters.page} pageCount={pageCount} total={total} hrefFor={hrefFor} />
    </div>
  );
}
