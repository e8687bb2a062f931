import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader, cx } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getActivePlan } from "@/lib/plan/queries";
import { type MatrixCell, deadlineTimeline, statusMatrix } from "@/lib/tasks/queries";
import { RAG_LABELS } from "@/lib/tasks/status";
import { resolveViewUnit } from "@/lib/units/queries";

export const metadata: Metadata = { title: "挂图作战" };

const CELL = { red: "bg-red-500 text-white", amber: "bg-amber-400 text-slate-900", green: "bg-emerald-500 text-white" } as const;

function tip(c: MatrixCell) {
  return `共 ${c.total} 项：已销号 ${c.closed}，逾期 ${c.overdue}，退回 ${c.returned}，待审核 ${c.pending}，30 天内到期 ${c.dueSoon}；平均进度 ${c.avgProgress}%`;
}

export default async function BattleMapPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const user = await requirePermission("task:read");
  const view = await resolveViewUnit(user, (await searchParams).unit);
  const db = getDb();
  const [children, plan, matrix, timeline] = await Promise.all([
    db.unit.findMany({ where: { parentId: view.id, active: true }, orderBy: [{ level: "asc" }, { sortOrder: "asc" }], select: { id: true, code: true, name: true, shortName: true, level: true } }),
    getActivePlan(),
    statusMatrix(db, view),
    deadlineTimeline(db, view),
  ]);
  const columns = children.filter((c) => [...matrix.keys()].some((k) => k.endsWith(`|${c.code}`)));
  const months: string[] = [];
  for (let y = plan?.startYear ?? 2023; y <= (plan?.endYear ?? 2025); y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, "0")}`);
  return (
    <div>
      <PageHeader
        title={`挂图作战 · ${view.name}`}
        subtitle={
          <span className="flex flex-wrap gap-3">
            {Object.entries(RAG_LABELS).map(([k, v]) => (
              <span key={k} className="flex items-center gap-1">
                <span className={cx("inline-block h-3 w-3 rounded-sm", CELL[k as keyof typeof CELL])} />
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
            <div className="max-h-[70vh] overflow-auto">
              <table className="border-separate border-spacing-0.5 text-xs" data-testid="status-matrix">
                <thead className="sticky top-0 z-10 bg-white">
                  <tr>
                    <th className="sticky left-0 z-20 min-w-72 bg-white px-2 py-1 text-left">任务</th>
                    {columns.map((c) => (
                      <th key={c.code} className="px-1 py-1 font-medium [writing-mode:vertical-rl]">
                        <Link href={`/battle-map?unit=${c.code}`} className="hover:text-police-600">
                          {c.shortName ?? c.name}
                        </Link>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {plan?.areas.flatMap((a) => [
                    <tr key={`area-${a.code}`}>
                      <td colSpan={columns.length + 1} className="sticky left-0 bg-slate-50 px-2 py-1 font-semibold text-slate-700">
                        第{a.code}方面 {a.name}
                      </td>
                    </tr>,
                    ...a.measures.flatMap((m) =>
                      m.tasks.map((t) => (
                        <tr key={t.id}>
                          <td className="sticky left-0 max-w-72 truncate bg-white px-2 py-0.5" title={t.title}>
                            <span className="mr-1 font-mono text-slate-400">{t.code}</span>
                            {t.title}
                          </td>
                          {columns.map((c) => {
                            const cell = matrix.get(`${t.id}|${c.code}`);
                            return (
                              <td key={c.code} className="p-0">
                                {cell ? (
                                  <Link
                                    href={`/tasks?unit=${c.code}&q=${t.code}`}
                                    title={`${c.name} · ${tip(cell)}`}
                                    className={cx("block h-5 w-7 rounded-sm text-center leading-5 tabular-nums", CELL[cell.rag])}
                                    data-rag={cell.rag}
                                  >
                                    {cell.avgProgress === 100 ? "✓" : cell.avgProgress}
                                  </Link>
                                ) : (
                                  <span className="block h-5 w-7 rounded-sm bg-slate-100" title="未交办" />
                                )}
                              </td>
                            );
                          })}
                        </tr>
                      )),
                    ),
                  ])}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-xs text-slate-500">格内数字为平均完成进度（%），✓ 为全部完成。点击单位名可下钻，点击格子查看对应任务。</p>
          </Card>
          <Card title="时间轴：各单位按截止月份的任务">
            <div className="overflow-x-auto">
              <table className="border-separate border-spacing-0.5 text-xs" data-testid="timeline">
                <thead>
                  <tr>
                    <th className="sticky left-0 bg-white px-2 text-left">单位</th>
                    {months.map((m) => (
                      <th key={m} className="px-0.5 font-normal text-slate-500">
                        {m.endsWith("-01") ? m.slice(0, 4) : ""}
                        <span className="block">{Number(m.slice(5))}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {columns.map((c) => (
                    <tr key={c.code}>
                      <td className="sticky left-0 whitespace-nowrap bg-white px-2">{c.shortName ?? c.name}</td>
                      {months.map((m) => {
                        const cell = timeline.get(`${c.code}|${m}`);
                        return (
                          <td key={m} className="p-0">
                            {cell ? (
                              <span title={`${c.name} ${m} 到期 · ${tip(cell)}`} className={cx("block h-5 w-6 rounded-sm text-center leading-5", CELL[cell.rag])}>
                                {cell.total}
                              </span>
                            ) : (
                              <span className="block h-5 w-6 rounded-sm bg-slate-50" />
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-xs text-slate-500">格内数字为当月到期的任务数；颜色为其中最差的状态。</p>
          </Card>
        </>
      )}
    </div>
  );
}
