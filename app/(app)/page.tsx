import type { Metadata } from "next";
import Link from "@/components/link";
import { redirect } from "next/navigation";
import { AnalystHome } from "@/components/home/analyst-home";
import { CommanderHome } from "@/components/home/commander-home";
import { OfficerHome } from "@/components/home/officer-home";
import { ReviewerHome } from "@/components/home/reviewer-home";
import { Badge, Card, PageHeader, Stat, Table, Td, Th } from "@/components/ui";
import { ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { type SessionUser, requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { auditOverview } from "@/lib/audit/queries";
import { accountOverview, lockedAndDisabled } from "@/lib/users/queries";
export const metadata: Metadata = { title: "工作首页" };

// The home is the day's work of each role (components/home/): the officer's to-do list, the reviewer's queue, the
// commander's decisions above the cockpit link, the analyst's reports and data checks. The three separated admins
// keep homes without business data.
export default async function HomePage() {
  const user = await requireUser();
  // a 大屏 display device has its unit's wall and nothing else
  if (user.role === "DISPLAY") redirect(`/wall/${user.unitCode}`);
  if (user.role === "OFFICER") return <OfficerHome user={user} />;
  if (user.role === "REVIEWER") return <ReviewerHome user={user} />;
  if (user.role === "COMMANDER") return <CommanderHome user={user} />;
  if (user.role === "ANALYST") return <AnalystHome user={user} />;
  if (user.role === "SYSADMIN") return <SysadminHome user={user} />;
  if (user.role === "SECADMIN") return <SecadminHome user={user} />;
  return <AuditorHome user={user} />;
}

async function SysadminHome({ user }: { user: SessionUser }) {
  const { byRole, units, recent } = await accountOverview(userScope(user));
  const active = byRole.filter((r) => r.status === "ACTIVE").reduce((n, r) => n + r._count._all, 0);
  const disabled = byRole.filter((r) => r.status === "DISABLED").reduce((n, r) => n + r._count._all, 0);
  return (
    <div>
      <PageHeader title="系统管理" subtitle="管理组织机构与用户账户。系统管理员不查看业务数据和审计日志（三员分立）。" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="启用用户" value={active} href="/admin/users" />
        <Stat label="停用用户" value={disabled} href="/admin/users?status=DISABLED" />
        <Stat label="启用单位" value={units} href="/admin/units" />
      </div>
      <Card title="最近新建的用户" className="mt-6">
        <Table>
          <thead>
            <tr>
              <Th>用户名</Th>
              <Th>姓名</Th>
              <Th>角色</Th>
              <Th>单位</Th>
              <Th>创建时间</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {recent.map((u) => (
              <tr key={u.id}>
                <Td>
                  <Link href={`/admin/users/${u.id}`} className="text-police-600 hover:underline">
                    {u.username}
                  </Link>
                </Td>
                <Td>{u.name}</Td>
                <Td>{ROLE_LABELS[u.role as RoleName]}</Td>
                <Td>{u.unit.name}</Td>
                <Td>{formatDateTime(u.createdAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}

async function SecadminHome({ user }: { user: SessionUser }) {
  const { locked, disabled } = await lockedAndDisabled(userScope(user));
  return (
    <div>
      <PageHeader title="安全管理" subtitle="账户锁定、会话与安全策略。安全管理员不变更业务角色、不查看审计日志（三员分立）。" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="当前锁定的账户" value={locked} href="/security" />
        <Stat label="停用账户" value={disabled} href="/security" />
      </div>
    </div>
  );
}

async function AuditorHome({ user }: { user: SessionUser }) {
  const { count: n, recent } = await auditOverview(userScope(user));
  return (
    <div>
      <PageHeader title="安全审计" subtitle="审计管理员只读审计日志（三员分立）。" />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="24 小时内成功操作" value={n("success")} href="/audit?result=success" />
        <Stat label="24 小时内拒绝" value={n("denied")} href="/audit?result=denied" />
        <Stat label="24 小时内失败" value={n("failure")} href="/audit?result=failure" />
      </div>
      <Card title="最新审计事件" className="mt-6" actions={<Link href="/audit" className="text-sm text-police-600 hover:underline">查看全部</Link>}>
        <ul className="divide-y divide-slate-100 text-sm">
          {recent.map((r) => (
            <li key={String(r.id)} className="flex items-center justify-between gap-3 py-1.5">
              <span>
                <span className="mr-2 text-xs text-slate-500">{formatDateTime(r.at)}</span>
                {r.username ?? "—"} · {r.action}
              </span>
              <Badge tone={r.result === "success" ? "green" : r.result === "denied" ? "amber" : "red"}>{r.result === "success" ? "成功" : r.result === "denied" ? "拒绝" : "失败"}</Badge>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
