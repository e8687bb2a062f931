import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "@/components/link";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { Select } from "@/components/forms/field";
import { PageLoading } from "@/components/page-loading";
import { ExportButton } from "@/components/export-button";
import { RememberFilter } from "@/components/remember-filter";
import { SavedFilters } from "@/components/saved-filters";
import { Badge, EmptyState, PageHeader, Pagination, Table, Td, Th, buttonClass, cx, inputClass } from "@/components/ui";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { PlanPicker } from "@/components/plan-picker";
import { listPlanAreas, listPlans } from "@/lib/plan/queries";
import { TASK_FILTER_COOKIE, TASK_FILTER_MAX_AGE, decodeTaskFilter, encodeTaskFilter } from "@/lib/tasks/list-memory";
import { TASK_PAGE_SIZES, TASK_QUERY_KEYS, parseTaskParams, taskFilterQuery, taskPage } from "@/lib/tasks/queries";
import { ROLE_LABELS_TASK, STATUS_LABELS, countdownText } from "@/lib/tasks/status";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";

export const metadata: Metadata = { title: "任务清单" };

const RAG_TONE = { red: "red", amber: "amber", green: "green" } as const;

export default async function TasksPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("task:read");
  const sp = await searchParams;
  // a bare /tasks (the navigation, the unit picker) opens this user's last filter, parsed again like a typed URL
  if (!TASK_QUERY_KEYS.some((k) => sp[k] !== undefined)) {
    const saved = decodeTaskFilter((await cookies()).get(TASK_FILTER_COOKIE)?.value, user.id);
    const restored = saved === null ? "" : taskFilterQuery(parseTaskParams(new URLSearchParams(saved)));
    if (restored) redirect(`/tasks?${restored}${sp.unit ? `&unit=${encodeURIComponent(sp.unit)}` : ""}`);
  }
  const unit = await resolveViewUnit(user, sp.unit);
  return (
    <Suspense fallback={<PageLoading what="任务清单" />}>
      <TaskList user={user} unit={unit} sp={sp} />
    </Suspense>
  );
}

async function TaskList({ user, unit, sp }: { user: SessionUser; unit: ViewUnit; sp: Record<string, string | undefined> }) {
  const userId = user.id;
  const p = parseTaskParams(sp);
  const filter = taskFilterQuery(p);
  const now = new Date();
  const [{ rows, total, pageCount }, plans] = await Promise.all([taskPage(unit.scope, p, now), listPlans()]);
  // the listed plan: the chosen one, else the current one (taskListWhere)
  const shown = (p.plan ? plans.find((x) => x.code === p.plan) : plans.find((x) => x.active)) ?? null;
  // only the areas: the whole plan tree (90 tasks, their departments and units) is six queries this page does not show
  const areas = shown ? await listPlanAreas(shown.id) : [];
  const q = (over: Record<string, string | number | undefined>) => {
    const m: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...sp, ...over })) if (v !== undefined && v !== "") m[k] = String(v);
    return new URLSearchParams(m).toString();
  };
  const chips = [
    { key: "", label: "全部" },
    { key: "red", label: "红（逾期/退回）" },
    { key: "amber", label: "黄（临期/待审）" },
    { key: "green", label: "绿" },
    { key: "overdue", label: "逾期" },
  ];
  const chipClass = (on: boolean) => cx("inline-flex min-h-11 min-w-11 items-center justify-center rounded-full border px-3 py-1 md:min-h-0", on ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white");
  return (
    <div>
      <RememberFilter cookie={TASK_FILTER_COOKIE} value={filter ? encodeTaskFilter(userId, filter) : null} maxAge={TASK_FILTER_MAX_AGE} path="/tasks" />
      <PageHeader
        note={<DataAsOf />}
        title="任务清单"
        subtitle={`${unit.name}及下级单位承办的规划任务（工作任务清单、工作责任清单），${p.status === "open" ? "未销号的" : ""}按紧急程度排列：逾期的在前，其次是最近到期的。逾期按北京时间的截止日计算。`}
        actions={
          <>
            <ExportButton href={`/api/tasks/export?format=xlsx&${q({ page: undefined, size: undefined, unit: unit.code, status: p.status })}`} label="导出 Excel" testId="tasks-export-xlsx" />
            <ExportButton href={`/api/tasks/export?format=csv&${q({ page: undefined, size: undefined, unit: unit.code, status: p.status })}`} label="导出 CSV" />
          </>
        }
      />
      <PlanPicker plans={plans} selected={shown?.id} href={(c) => `/tasks?${q({ plan: c, page: undefined, area: undefined, status: p.status })}`} />
      <SavedFilters list="tasks" user={user} current={filter} here={`/tasks?${filter}`} />
      <div className="mb-3 flex flex-wrap gap-2 text-sm">
        {chips.map((c) => (
          <Link key={c.key} href={`/tasks?${q({ rag: c.key || undefined, page: undefined, status: p.status })}`} aria-current={p.rag === c.key ? "true" : undefined} className={chipClass(p.rag === c.key)}>
            {c.label}
          </Link>
        ))}
      </div>
      {/* keyed by the filter: a client-side navigation (a saved filter, a chip) shows its values, not the last ones typed */}
      <form key={filter} className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-6" role="search">
        {p.rag ? <input type="hidden" name="rag" value={p.rag} /> : null}
        {p.plan ? <input type="hidden" name="plan" value={p.plan} /> : null}
        {p.size !== TASK_PAGE_SIZES[0] ? <input type="hidden" name="size" value={p.size} /> : null}
        <input name="q" defaultValue={p.q} placeholder="任务编号、名称、单位或责任民警" aria-label="关键词" className={cx(inputClass, "col-span-2")} />
        <Select
          name="status"
          defaultValue={p.status}
          aria-label="状态"
          empty={false}
          options={[{ value: "open", label: "未销号（默认）" }, { value: "all", label: "全部（含已销号）" }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))]}
        />
        <Select name="area" defaultValue={p.area} aria-label="方面" empty="全部方面" options={areas.map((a) => ({ value: a.code, label: `${a.code}. ${a.name}` }))} />
        <Select name="role" defaultValue={p.role} aria-label="承办方式" empty="牵头与配合" options={Object.entries(ROLE_LABELS_TASK).map(([value, label]) => ({ value, label }))} />
        <div className="flex gap-2">
          <button className={cx(buttonClass("primary"), "flex-1")}>筛选</button>
          <Link href="/tasks?status=open" className={cx(buttonClass("secondary"), "flex-1")}>
            重置
          </Link>
        </div>
      </form>
      {rows.length ? (
        <>
          {/* one table; below 768 px each task is a compact card (Table stack="inline"), so the rows are rendered once */}
          <Table stack="inline">
            <thead>
              <tr>
                <Th>任务</Th>
                <Th>承办单位</Th>
                <Th>方式</Th>
                <Th>责任民警</Th>
                <Th>时限</Th>
                <Th>进度</Th>
                <Th>状态</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="task-rows">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  <Td className="md:min-w-64">
                    <Link href={`/tasks/${r.id}`} className="inline-flex min-h-11 items-center text-police-600 hover:underline md:inline md:min-h-0">
                      <span>
                        <span className="mr-1 font-mono text-xs text-slate-500">{r.task.code}</span>
                        {r.task.title}
                      </span>
                    </Link>
                  </Td>
                  <Td label="承办单位" className="whitespace-nowrap">{r.unit.name}</Td>
                  <Td label="方式">{ROLE_LABELS_TASK[r.role]}</Td>
                  <Td label="责任民警">{r.officerName ?? "—"}</Td>
                  <Td label="时限" className="whitespace-nowrap text-xs">
                    {formatDate(r.deadline, { utcDate: true })}
                    <span className={cx("ml-1 md:ml-0 md:block", r.overdue ? "font-medium text-red-600" : "text-slate-500")}>
                      {countdownText(r.deadline, r.status, now)}
                    </span>
                  </Td>
                  <Td label="进度" className="tabular-nums">{r.progress}%</Td>
                  <Td label="状态">
                    <Badge tone={RAG_TONE[r.rag]}>{STATUS_LABELS[r.status]}</Badge>
                    {r.carriedOverAt ? <span className="ml-1"><Badge tone="slate">已结转</Badge></span> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : (
        <EmptyState title="没有符合条件的任务">{p.status === "open" ? "未销号的任务中没有符合条件的；已销号的任务可在「状态」中选「全部（含已销号）」。" : null}</EmptyState>
      )}
      <Pagination
        page={p.page}
        pageCount={pageCount}
        total={total}
        hrefFor={(n) => `/tasks?${q({ page: n, status: p.status })}`}
        sizes={{ current: p.size, options: [...TASK_PAGE_SIZES], hrefFor: (n) => `/tasks?${q({ size: n, page: undefined, status: p.status })}` }}
      />
    </div>
  );
}
