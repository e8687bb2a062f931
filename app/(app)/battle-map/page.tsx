import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import { type GridRow, RagGrid } from "@/components/battle/rag-grid";
import { Card, EmptyState, PageHeader, cx } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { PlanPicker } from "@/components/plan-picker";
import { getPlanTree, resolvePlan } from "@/lib/plan/queries";
import { type MatrixCell, battleMap } from "@/lib/tasks/queries";
import { RAG_LABELS } from "@/lib/tasks/status";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";
import { ZBattleMapQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "挂图作战" };

const SAMPLE = { red: "45", amber: "80", green: "✓" } as const;

function tip(c: MatrixCell) {
  return `共${c.total} 销号${c.closed} 逾期${c.overdue} 退回${c.returned} 待审${c.pending} 临期${c.dueSoon} 均进度${c.avgProgress}%`;
}

export default async function BattleMapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("task:read");
  const sp = parseQuery(ZBattleMapQuery, await searchParams);
  const view = await resolveViewUnit(user, sp.unit);
  return (
    <Suspense fallback={<PageLoading what="挂图作战" />}>
      <BattleMap view={view} planCode={sp.plan} />
    </Suspense>
  );
}

async function BattleMap({ view, planCode }: { view: ViewUnit; planCode: string | undefined }) {
  // the chosen plan, else the plan in force today (the current one)
  const chosen = await resolvePlan(planCode);
  const planId = chosen.plan?.id ?? null;
  const [{ children, matrix, timeline }, plan] = await Promise.all([battleMap(view, planId), planId ? getPlanTree(planId) : null]);
  const keep = chosen.chosen && plan ? `&plan=${encodeURIComponent(plan.code)}` : "";
  const columns = children.filter((c) => [...matrix.keys()].some((k) => k.endsWith(`|${c.code}`)));
  const months: string[] = [];
  for (let y = plan?.startYear ?? 2023; y <= (plan?.endYear ?? 2025); y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, "0")}`);
  return (
    <div>
      <PlanPicker plans={chosen.plans} selected={planId} href={(c) => `/battle-map?unit=${encodeURIComponent(view.code)}&plan=${encodeURIComponent(c)}`} />
      <PageHeader
        title={`挂图作战 · ${view.name}`}
        subtitle={
          <span className="flex flex-wrap gap-3">
            {Object.entries(RAG_LABELS).map(([k, v]) => (
              <span key={k} className="flex items-center gap-1" data-testid={`legend-${k}`}>
                <span className={cx("rag", `rag-${k}`)} aria-hidden="true">
                  {SAMPLE[k as keyof typeof SAMPLE]}
                </span>
                {v}
              </span>
            ))}
            <span>每格汇总该单位及其下级单位的承办任务。</span>
          </span>
        }
      />
      {!columns.length ? (
        <EmptyState title="下级单位尚无承办任务">在「任务清单」中查看本单位的任务。</EmptyState>
      ) : (
        <>
          <Card title="任务 × 单位 状态矩阵" className="mb-6">
            <div className="max-h-[70vh] overflow-auto" data-scroll-ok tabIndex={0} role="region" aria-label="任务 × 单位 状态矩阵（可用方向键滚动）">
              <RagGrid
                testId="status-matrix"
                rowHeader="任务"
                vertical
                columns={columns.map((c) => ({ key: c.code, label: c.shortName ?? c.name, href: `/battle-map?unit=${c.code}${keep}` }))}
                rows={(plan?.areas ?? []).flatMap((a): GridRow[] => [
                  { key: `area-${a.code}`, label: `第${a.code}方面 ${a.name}`, heading: true },
                  ...a.measures.flatMap((m) =>
                    m.tasks.map((t): GridRow => ({
                      key: t.code,
                      label: `${t.code} ${t.title}`,
                      cells: columns.map((c) => {
                        const cell = matrix.get(`${t.id}|${c.code}`);
                        return cell ? [cell.rag, cell.closed === cell.total ? "✓" : String(cell.avgProgress), `${c.name}：${tip(cell)}`] : null;
                      }),
                      hrefs: columns.map((c) => `/tasks?unit=${c.code}&q=${t.code}&status=all${plan && !plan.active ? `&plan=${encodeURIComponent(plan.code)}` : ""}`),
                    })),
                  ),
                ])}
              />
            </div>
            <p className="mt-2 text-xs text-slate-500">格内数字为平均完成进度（%），✓ 为全部销号。点击单位名可下钻，点击格子查看对应任务。</p>
          </Card>
          <Card title="时间轴：各单位按截止月份的任务">
            <div className="relative overflow-x-auto" data-scroll-ok tabIndex={0} role="region" aria-label="时间轴（可用方向键滚动）">
              <RagGrid
                testId="timeline"
                rowHeader="单位"
                columns={months.map((m) => ({ key: m, label: m.endsWith("-01") ? `${m.slice(0, 4)}年1月` : `${Number(m.slice(5))}` }))}
                rows={columns.map((c) => ({
                  key: c.code,
                  label: c.shortName ?? c.name,
                  cells: months.map((m) => {
                    const cell = timeline.get(`${c.code}|${m}`);
                    return cell ? [cell.rag, String(cell.total), `${c.name} ${m} 到期：${tip(cell)}`] : null;
                  }),
                }))}
              />
            </div>
            <p className="mt-2 text-xs text-slate-500">格内数字为当月到期的任务数；颜色为其中最差的状态。</p>
          </Card>
        </>
      )}
    </div>
  );
}
