import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import type { z } from "zod";
import Link from "@/components/link";
import { Field, Input } from "@/components/forms/field";
import { ButtonLink, PageHeader, buttonClass } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { formatPercent } from "@/lib/format";
import { STAT_CATEGORIES, type StatMetric } from "@/lib/stats/catalogue";
import { type Cell, type StatTable, statsOverview } from "@/lib/stats/queries";
import { MIN_MONTH, addMonths, isMonthString, lastCompletedMonth, monthLabel } from "@/lib/stats/validate";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";
import { ZStatsQuery, parseQuery } from "@/lib/http/query";


export const metadata: Metadata = { title: "月度统计" };

type Search = Promise<{ unit?: string; month?: string; cols?: string }>;

/** Unit columns shown at once: with the totals they fit 1366 px without sideways scrolling; the rest are paged. */
const UNIT_COLUMNS = 6;

function fmt(v: number | null | undefined, m: StatMetric) {
  if (v === null || v === undefined) return "—";
  return v.toLocaleString("zh-CN", m.decimals ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 0 });
}

/** 同比: the change on the same period a year earlier */
function Yoy({ cur, prev, label = "同比" }: { cur: number | null; prev: number | null; label?: string }) {
  if (cur === null || prev === null || prev === 0) return <span className="text-slate-400">{label} —</span>;
  const r = (cur - prev) / prev;
  return (
    <span className="text-slate-500" title={`去年同期 ${prev.toLocaleString("zh-CN")}`}>
      {label} {r > 0 ? "▲" : r < 0 ? "▼" : ""}
      {formatPercent(r, { signed: true })}
    </span>
  );
}

function Value({ cell, m, ytd = false }: { cell: Cell | undefined; m: StatMetric; ytd?: boolean }) {
  const cur = (ytd ? cell?.ytd : cell?.cur) ?? null;
  const prev = (ytd ? cell?.ytdYoy : cell?.yoy) ?? null;
  return (
    <div className="text-right">
      <div className="tabular-nums font-medium text-slate-900">{fmt(cur, m)}</div>
      <div className="whitespace-nowrap text-[11px] tabular-nums">
        <Yoy cur={cur} prev={prev} />
      </div>
    </div>
  );
}

export default async function StatsPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePermission("stats:read");
  const sp = parseQuery(ZStatsQuery, await searchParams);
  const unit = await resolveViewUnit(user, sp.unit);
  return (
    <Suspense fallback={<PageLoading what="月度统计" />}>
      <StatsTable user={user} sp={sp} unit={unit} />
    </Suspense>
  );
}

async function StatsTable({ user, sp, unit }: { user: SessionUser; sp: z.output<typeof ZStatsQuery>; unit: ViewUnit }) {
  const last = lastCompletedMonth();
  const month = isMonthString(sp.month) && sp.month >= MIN_MONTH && sp.month <= last ? sp.month : last;
  const { table, children: allChildren, rate, selfEnterable } = await statsOverview(unit, month);
  const colPages = Math.max(1, Math.ceil(allChildren.length / UNIT_COLUMNS));
  const colPage = Math.min(colPages, sp.cols);
  const children = allChildren.slice((colPage - 1) * UNIT_COLUMNS, colPage * UNIT_COLUMNS);
  const hasOwn = selfEnterable || [...table.values()].some((g) => g.get("")?.cur != null);
  const canWrite = can(user.role, "stats:write");
  const q = (over: Record<string, string>) => new URLSearchParams({ unit: unit.code, month, ...over }).toString();
  const prevMonth = addMonths(month, -1);
  const nextMonth = addMonths(month, 1);
  const year = month.slice(0, 4);

  return (
    <div>
      <PageHeader
        title={`月度统计 · ${unit.name}`}
        subtitle={`${monthLabel(month)} · 流量指标为本单位及下级单位合计，存量指标为各单位截至当月的最新数 · ${unit.level === "STATION" ? "本所" : "县级单位"}已填报 ${rate.reported} / ${rate.expected}`}
        actions={
          <>
            {canWrite && selfEnterable ? <ButtonLink href={`/stats/entry?${q({})}`}>填报本单位数据</ButtonLink> : null}
            {canWrite ? (
              <ButtonLink href={`/stats/import?unit=${unit.code}`} variant="secondary">
                导入
              </ButtonLink>
            ) : null}
            <ButtonLink href={`/stats/population?unit=${unit.code}`} variant="secondary">
              常住人口
            </ButtonLink>
            <a className={buttonClass("secondary")} href={`/api/stats/export?${q({ format: "xlsx" })}`} data-testid="stats-export-xlsx">
              导出 Excel
            </a>
            <a className={buttonClass("secondary")} href={`/api/stats/export?${q({ format: "csv" })}`} data-testid="stats-export-csv">
              导出 CSV
            </a>
            <a className={buttonClass("secondary")} href={`/api/stats/export?${new URLSearchParams({ unit: unit.code, from: `${year}-01`, to: month, format: "xlsx" })}`}>
              导出{year}年1—{Number(month.slice(5))}月
            </a>
          </>
        }
      />
      <form className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" role="search">
        <input type="hidden" name="unit" value={unit.code} />
        {prevMonth >= MIN_MONTH ? (
          <Link className={buttonClass("secondary", "sm")} href={`/stats?${q({ month: prevMonth })}`}>
            ‹ 上月
          </Link>
        ) : null}
        <Field name="month" label="统计月份" layout="bar" controlClassName="w-44">
          <Input type="month" min={MIN_MONTH} max={last} defaultValue={month} />
        </Field>
        <button className={buttonClass("primary", "sm")}>查看</button>
        {nextMonth <= last ? (
          <Link className={buttonClass("secondary", "sm")} href={`/stats?${q({ month: nextMonth })}`}>
            下月 ›
          </Link>
        ) : null}
        <span className="ml-auto text-xs text-slate-500">只统计已结束的月份（北京时间），最近为 {monthLabel(last)}。同比：与上年同期相比。</span>
      </form>

      {colPages > 1 ? (
        <nav className="mb-2 flex flex-wrap items-center gap-2 text-sm" aria-label="下级单位分组" data-testid="stats-column-pages">
          <span className="text-slate-600">下级单位（共 {allChildren.length} 个）：</span>
          {Array.from({ length: colPages }, (_, i) => i + 1).map((n) => {
            const group = allChildren.slice((n - 1) * UNIT_COLUMNS, n * UNIT_COLUMNS);
            const label = `${group[0].shortName ?? group[0].name}—${group[group.length - 1].shortName ?? group[group.length - 1].name}`;
            return (
              <Link key={n} href={`/stats?${q({ cols: String(n) })}`} aria-current={n === colPage ? "page" : undefined} className={n === colPage ? "rounded-full border border-police-600 bg-police-600 px-3 py-0.5 text-white" : "rounded-full border border-slate-300 bg-white px-3 py-0.5 text-slate-700 hover:border-police-500"}>
                {label}
              </Link>
            );
          })}
        </nav>
      ) : null}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="月度统计表">
        <table className="min-w-full text-sm" data-testid="stats-table">
          <thead>
            <tr className="bg-slate-50 text-xs text-slate-600">
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-2 text-left font-semibold">
                指标
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                {unit.shortName ?? unit.name}合计
                <div className="font-normal text-slate-400">{monthLabel(month)}</div>
              </th>
              <th scope="col" className="border-r border-slate-200 px-3 py-2 text-right font-semibold">
                本年累计
                <div className="font-normal text-slate-400">
                  {year}年1—{Number(month.slice(5))}月
                </div>
              </th>
              {hasOwn && children.length ? (
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  本级
                  {canWrite && selfEnterable ? (
                    <div>
                      <Link href={`/stats/entry?${q({})}`} className="font-normal text-police-600 hover:underline">
                        填报
                      </Link>
                    </div>
                  ) : null}
                </th>
              ) : null}
              {children.map((c) => (
                <th key={c.code} scope="col" className="whitespace-nowrap px-3 py-2 text-right font-semibold">
                  <Link href={`/stats?${new URLSearchParams({ unit: c.code, month })}`} className="hover:text-police-600 hover:underline">
                    {c.shortName ?? c.name}
                  </Link>
                  {canWrite && c.enterable ? (
                    <div>
                      <Link href={`/stats/entry?${new URLSearchParams({ unit: c.code, month })}`} className="font-normal text-police-600 hover:underline">
                        填报
                      </Link>
                    </div>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STAT_CATEGORIES.map((cat) => (
              <CategoryRows key={cat.key} label={cat.label} metrics={cat.metrics} table={table} columns={children.map((c) => c.code)} own={hasOwn && children.length > 0} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        ▲ 同比上升 ▼ 同比下降。市州、省厅数据由下级单位汇总生成，不直接填报；嘉峪关不设县区，由市局本级填报。公安政务服务事项为全省政策，由省厅本级登记。
      </p>
    </div>
  );
}

function CategoryRows({ label, metrics, table, columns, own }: { label: string; metrics: StatMetric[]; table: StatTable; columns: string[]; own: boolean }) {
  return (
    <>
      <tr className="border-t border-slate-200 bg-slate-50/60">
        <th scope="rowgroup" colSpan={3 + (own ? 1 : 0) + columns.length} className="sticky left-0 px-3 py-1.5 text-left text-xs font-semibold text-slate-700">
          {label}
        </th>
      </tr>
      {metrics.map((m) => {
        const byGroup = table.get(m.key);
        return (
          <tr key={m.key} className="border-t border-slate-100 align-top">
            <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-white px-3 py-2 text-left font-normal text-slate-700">
              {m.label}
              <span className="ml-1 text-xs text-slate-400">（{m.unit}）</span>
              {m.kind === "stock" ? <span className="ml-1 text-[10px] text-slate-400">存量</span> : null}
            </th>
            <td className="px-3 py-2">
              <Value cell={byGroup?.get("*")} m={m} />
            </td>
            <td className="border-r border-slate-200 px-3 py-2">{m.kind === "flow" ? <Value cell={byGroup?.get("*")} m={m} ytd /> : <div className="text-right text-slate-400">—</div>}</td>
            {own ? (
              <td className="px-3 py-2">
                <Value cell={byGroup?.get("")} m={m} />
              </td>
            ) : null}
            {columns.map((code) => (
              <td key={code} className="px-3 py-2">
                <Value cell={byGroup?.get(code)} m={m} />
              </td>
            ))}
          </tr>
        );
      })}
    </>
  );
}
