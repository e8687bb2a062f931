import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge, Card, PageHeader, Stat, Table, Td, Th } from "@/components/ui";
import { BUSINESS_ROLES, ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { type SessionUser, requireUser } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { getActivePlan } from "@/lib/plan/queries";
import { auditOverview } from "@/lib/audit/queries";
import { activeUnitsByLevel, resolveViewUnit } from "@/lib/units/queries";
import { accountOverview, lockedAndDisabled } from "@/lib/users/queries";
import { isPastDay } from "@/lib/time";
import { ZUnitQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "工作首页" };

export default async function HomePage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const user = await requireUser();
  // commanders start the day in the cockpit
  const { unit } = parseQuery(ZUnitQuery, await searchParams);
  if (user.role === "COMMANDER" && !unit) redirect("/cockpit");
  // a 大屏 display device has its unit's wall and nothing else
  if (user.role === "DISPLAY") redirect(`/wall/${user.unitCode}`);
  if (BUSINESS_ROLES.includes(user.role)) return <BusinessHome user={user} unitCode={unit} />;
  if (user.role === "SYSADMIN") return <SysadminHome user={user} />;
  if (user.role === "SECADMIN") return <SecadminHome user={user} />;
  return <AuditorHome user={user} />;
}

const ROLE_INTRO: Partial<Record<RoleName, string>> = {
  COMMANDER: "查看本单位及下级单位的主动创稳工作态势。",
  OFFICER: "维护本单位任务清单与工作台账，提交审核。",
  REVIEWER: "审核下级单位提交的工作，销号或退回。",
  ANALYST: "筛选、比较各单位数据，编制月报。",
};

async function BusinessHome({ user, unitCode }: { user: SessionUser; unitCode?: string }) {
  const unit = await resolveViewUnit(user, unitCode);
  const [byLevel, plan] = await Promise.all([activeUnitsByLevel(unit.scope), getActivePlan()]);
  const count = (level: string) => byLevel.get(level) ?? 0;
  const upcoming = (plan?.areas ?? [])
    .flatMap((a) => a.measures.flatMap((m) => m.tasks))
    .filter((t) => !isPastDay(t.deadline))
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime())
    .slice(0, 6);

  return (
    <div>
      <PageHeader title={`${unit.name} · 工作首页`} subtitle={`${ROLE_LABELS[user.role]}：${ROLE_INTRO[user.role] ?? ""}`} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {unit.level === "PROVINCE" ? <Stat label="市州" value={count("CITY")} hint="含嘉峪关（不设县区）" /> : null}
        {unit.level === "PROVINCE" || unit.level === "CITY" ? <Stat label="县区" value={count("COUNTY")} hint="含功能区" /> : null}
        <Stat label="派出所" value={count("STATION")} />
        <Stat label="规划任务" value={plan?.counts.tasks ?? 0} hint={plan ? `${plan.counts.areas} 个方面 · ${plan.counts.measures} 项举措` : "尚未载入"} href="/plan" />
      </div>
      <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="即将到期的规划任务" actions={<Link href="/plan" className="text-sm text-police-600 hover:underline">全部任务</Link>}>
          {upcoming.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {upcoming.map((t) => (
                <li key={t.id} className="flex items-baseline justify-between gap-3 py-2">
                  <Link href={`/plan/tasks/${t.code}`} className="hover:text-police-600 hover:underline">
                    <span className="mr-2 font-mono text-xs text-slate-500">{t.code}</span>
                    {t.title}
                  </Link>
                  <span className="shrink-0 text-xs text-slate-500">{formatDate(t.deadline, { utcDate: true })}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">规划期内的任务均已到期。各单位落实情况见任务清单。</p>
          )}
        </Card>
        <Card title="指挥驾驶舱">
          <p className="text-sm text-slate-600">
            案件统计、矛盾纠纷化解、包抓联企业、情指行闭环和绩效考评的实时指标将在驾驶舱中按 {unit.name} 及下级单位汇总展示。
          </p>
        </Card>
      </div>
    </div>
  );
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
