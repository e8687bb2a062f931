import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, EmptyState, PageHeader, inputClass, buttonClass } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { PlanPicker, withPlan } from "@/components/plan-picker";
import { filterPlan, getPlanTree, resolvePlan } from "@/lib/plan/queries";
import { ZPlanPageQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "规划纲要" };

export default async function PlanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("plan:read");
  const { q, plan: planCode } = parseQuery(ZPlanPageQuery, await searchParams);
  const chosen = await resolvePlan(planCode);
  const plan = chosen.plan ? await getPlanTree(chosen.plan.id) : null;
  // links to a task name its plan unless it is the current one (the links of the current plan stay short)
  const taskHref = (code: string) => (plan && !plan.active ? `/plan/tasks/${code}?plan=${encodeURIComponent(plan.code)}` : `/plan/tasks/${code}`);
  if (!plan) return <EmptyState title="尚未载入规划纲要">规划纲要由系统管理员载入，载入后这里显示各方面、举措和任务。如需尽快使用，请联系系统管理员。</EmptyState>;
  const areas = filterPlan(plan, q);
  const shownTasks = areas.reduce((n, a) => n + a.measures.reduce((m, x) => m + x.tasks.length, 0), 0);

  return (
    <div>
      <PlanPicker plans={chosen.plans} selected={plan.id} href={(c) => withPlan("/plan", { q }, c)} />
      <PageHeader
        title={plan.name}
        subtitle={
          <>
            {plan.active ? "当前规划 · " : `${plan.startYear}—${plan.endYear}年（非当前规划） · `}
            {plan.counts.areas} 个方面 · {plan.counts.measures} 项举措 · {plan.counts.tasks} 项具体任务
            {plan.source ? <span className="ml-2 text-slate-400">（{plan.source}）</span> : null}
          </>
        }
      />
      <form className="mb-5 flex max-w-xl gap-2" role="search">
        {chosen.chosen ? <input type="hidden" name="plan" value={plan.code} /> : null}
        <input name="q" defaultValue={q} placeholder="搜索任务编号、名称、目标或牵头单位，例如 3.2 或 电信诈骗" aria-label="搜索任务" className={inputClass} />
        <button className={buttonClass("primary")} type="submit">
          搜索
        </button>
        {q ? (
          <Link href={chosen.chosen ? `/plan?plan=${encodeURIComponent(plan.code)}` : "/plan"} className={buttonClass("secondary")}>
            清除
          </Link>
        ) : null}
      </form>
      {q ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="plan-search-summary">
          「{q}」匹配 {shownTasks} 项任务
        </p>
      ) : null}
      {!areas.length ? <EmptyState title="没有匹配的任务">换个关键词试试。</EmptyState> : null}
      <div className="space-y-5">
        {areas.map((area) => (
          <Card
            key={area.id}
            title={
              <span>
                <span className="mr-2 text-police-600">第{area.code}方面</span>
                {area.name}
              </span>
            }
          >
            {area.description ? <p className="mb-3 text-sm text-slate-500">{area.description}</p> : null}
            <div className="space-y-4">
              {area.measures.map((m) => (
                <details key={m.id} open className="group rounded-md border border-slate-100">
                  <summary className="cursor-pointer select-none bg-slate-50 px-3 py-2 text-sm font-medium text-slate-800">
                    <span className="mr-2 font-mono text-police-600">{m.code}</span>
                    {m.name}
                    <span className="ml-2 text-xs font-normal text-slate-500">{m.tasks.length} 项任务</span>
                  </summary>
                  <ul className="divide-y divide-slate-100">
                    {m.tasks.map((t) => (
                      <li key={t.id} className="px-3 py-2.5" data-testid="plan-task">
                        <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                          <span className="font-mono text-xs text-slate-500">{t.code}</span>
                          <Link href={taskHref(t.code)} className="text-sm font-medium text-slate-900 hover:text-police-600 hover:underline">
                            {t.title}
                          </Link>
                          <span className="text-xs text-slate-500">截止 {formatDate(t.deadline, { utcDate: true })}</span>
                        </div>
                        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
                          {t.target ? <span className="mr-2">目标：{t.target}</span> : null}
                          {t.lead.map((d) => (
                            <Badge key={d} tone="blue">
                              牵头 {d}
                            </Badge>
                          ))}
                          {t.support.map((d) => (
                            <Badge key={d}>配合 {d}</Badge>
                          ))}
                        </div>
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}
