import type { Metadata } from "next";
import Link from "@/components/link";
import { notFound, redirect } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui";
import { AssignForm } from "@/app/(app)/tasks/[id]/task-forms";
import { can } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { assignedUnitIds, taskAssignments } from "@/lib/tasks/queries";
import { assignTask } from "@/lib/tasks/server-actions";
import { STATUS_LABELS, assignmentRag } from "@/lib/tasks/status";
import { listUnitsInScope } from "@/lib/units/queries";
import { formatDateCn } from "@/lib/format";
import { ZPlanPageQuery, parseQuery } from "@/lib/http/query";
import { getPlanTree, listPlans, plansWithTask } from "@/lib/plan/queries";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  return { title: `任务 ${(await params).code}` };
}

/**
 * A plan task is named by its plan and its code (codes such as 1.1.01 repeat from plan to plan): `?plan=<code>`,
 * else the current plan. A link without ?plan= to a code the current plan lacks goes to the one plan that has it.
 */
export default async function PlanTaskPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("plan:read");
  const { code } = await params;
  const { plan: planCode } = parseQuery(ZPlanPageQuery, await searchParams);
  const plans = await listPlans();
  const picked = planCode ? plans.find((p) => p.code === planCode) : plans.find((p) => p.active);
  if (!picked) notFound();
  const plan = await getPlanTree(picked.id);
  if (!planCode && !plan?.areas.some((a) => a.measures.some((m) => m.tasks.some((t) => t.code === code)))) {
    const holders = await plansWithTask(code);
    if (holders.length === 1) redirect(`/plan/tasks/${code}?plan=${encodeURIComponent(holders[0])}`);
  }
  for (const area of plan?.areas ?? [])
    for (const m of area.measures)
      for (const t of m.tasks)
        if (t.code === code) {
          const assignments = can(user.role, "task:read") ? await taskAssignments(t.id, userScope(user)) : [];
          const canAssign = can(user.role, "task:assign") && user.unitLevel === "PROVINCE" && plan!.active;
          const targets = canAssign ? (await listUnitsInScope(user)).filter((u) => u.active && (u.level === "CITY" || u.level === "DEPARTMENT" || u.level === "COUNTY")) : [];
          const assignedIds = await assignedUnitIds(t.id, userScope(user));
          const now = new Date();
          return (
            <div className="max-w-4xl">
              <nav className="mb-3 text-sm text-slate-500">
                <Link href={plan!.active ? "/plan" : `/plan?plan=${encodeURIComponent(plan!.code)}`} className="hover:underline">
                  {plan!.active ? "规划纲要" : plan!.name}
                </Link>{" "}
                › 第{area.code}方面 {area.name} › {m.code} {m.name}
              </nav>
              <PageHeader title={`${t.code} ${t.title}`} subtitle={`截止日期 ${formatDateCn(t.deadline, { utcDate: true })}`} />
              <Card>
                <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-[8rem_1fr]">
                  <dt className="text-slate-500">任务内容</dt>
                  <dd>{t.description ?? "—"}</dd>
                  <dt className="text-slate-500">量化目标</dt>
                  <dd>{t.target ?? "—"}</dd>
                  <dt className="text-slate-500">完成标准</dt>
                  <dd>{t.completionStandard ?? "—"}</dd>
                  <dt className="text-slate-500">牵头单位</dt>
                  <dd className="flex flex-wrap gap-1.5">
                    {t.lead.map((d) => (
                      <Badge key={d} tone="blue">
                        {d}
                      </Badge>
                    ))}
                  </dd>
                  <dt className="text-slate-500">配合单位</dt>
                  <dd className="flex flex-wrap gap-1.5">{t.support.length ? t.support.map((d) => <Badge key={d}>{d}</Badge>) : "—"}</dd>
                </dl>
              </Card>
              {assignments.length ? (
                <Card title={`承办情况（${assignments.length} 个单位）`} className="mt-6">
                  <ul className="grid grid-cols-1 gap-1 text-sm md:grid-cols-2 xl:grid-cols-3" data-testid="task-assignments">
                    {assignments.map((x) => {
                      const rag = assignmentRag(x, now);
                      return (
                        <li key={x.id} className="flex items-center justify-between gap-2">
                          <Link href={`/tasks/${x.id}`} className="text-police-600 hover:underline">
                            {x.unit.name}
                          </Link>
                          <span className="flex items-center gap-1 text-xs">
                            <span className="tabular-nums">{x.progress}%</span>
                            <Badge tone={rag}>{STATUS_LABELS[x.status]}</Badge>
                            {x.carriedOverAt ? <Badge tone="slate">已结转</Badge> : null}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </Card>
              ) : null}
              {canAssign ? (
                <Card title="交办" className="mt-6">
                  <AssignForm
                    action={assignTask}
                    taskId={t.id}
                    units={targets.map((u) => ({ id: u.id, label: u.name, assigned: assignedIds.has(u.id) }))}
                    maxDeadline={t.deadline.toISOString().slice(0, 10)}
                  />
                </Card>
              ) : null}
            </div>
          );
        }
  notFound();
}
