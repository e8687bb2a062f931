import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import Link from "@/components/link";
import { can } from "@/lib/auth/permissions";
import { Suspense } from "react";
import { KpiCard, KpiCardSkeleton, WidgetSkeleton } from "@/components/cockpit/kpi-card";
import { PeriodPicker } from "@/components/cockpit/period-picker";
import { requirePermission } from "@/lib/auth/session";
import { FOCUS_KPIS } from "@/lib/cockpit/data";
import { cockpitPage, cockpitUnit } from "@/lib/cockpit/queries";
import { formatDateTime } from "@/lib/format";
import { KPI_MAP, KPIS } from "@/lib/kpi/definitions";
import { asOf, defaultPeriod, parsePeriod, periodOptions } from "@/lib/kpi/period";
import { PlanPicker, withPlan } from "@/components/plan-picker";
import { resolvePlan } from "@/lib/plan/queries";
import { UNIT_LEVEL_LABELS } from "@/lib/units/labels";
import { Attention, BattleSummary, CountyTodo, RankingAndMap, Stations, Trends } from "./widgets";
import { ZCockpitQuery, parseQuery } from "@/lib/http/query";

type Params = { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const unit = await cockpitUnit((await params).code);
  return { title: unit ? `${unit.name} · 指挥驾驶舱` : "指挥驾驶舱" };
}

export default async function CockpitPage({ params, searchParams }: Params) {
  const { code } = await params;
  // the unit is looked up while the session is checked (nothing is shown before both pass)
  const [user, , sp] = await Promise.all([requirePermission("cockpit:read"), cockpitUnit(code), searchParams.then((raw) => parseQuery(ZCockpitQuery, raw))]);
  const period = parsePeriod(sp.period) ?? defaultPeriod();
  const def = KPI_MAP.get(sp.kpi ?? "") ?? KPI_MAP.get("plan.completion")!;
  const mapMode = sp.map === "county" ? "county" : "city";
  const perCapita = sp.basis === "per100k" && def.perCapita === true;
  // a unit outside the user's subtree does not exist for them; this request's data: each widget awaits its part
  // the plan: ?plan= if known, else the plan in force at the period's end (the task KPIs' own default)
  const plans = await resolvePlan(sp.plan, asOf(period));
  const { unit, children, crumbs, data } = await cockpitPage(user, code, { period, def, mapMode, perCapita, plan: plans.chosen ? plans.plan?.id : null, shownPlan: plans.plan?.id ?? null, plans: plans.plans });
  const { scope, county, cards } = data;
  const kpiOptions = FOCUS_KPIS.map((id) => KPI_MAP.get(id)!).filter(Boolean).map((k) => ({ id: k.id, name: k.name }));
  if (!kpiOptions.some((o) => o.id === def.id)) kpiOptions.unshift({ id: def.id, name: def.name });

  return (
    <div className="space-y-5" data-testid="cockpit" data-unit={unit.code}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <nav className="mb-1 text-sm text-slate-500" aria-label="层级">
            {crumbs.map((c) => (
              <span key={c.code}>
                <Link href={`/cockpit/${c.code}?period=${period.key}`} className="hover:text-police-600 hover:underline">
                  {c.name}
                </Link>
                <span className="mx-1">›</span>
              </span>
            ))}
            <span className="text-slate-700">{unit.name}</span>
          </nav>
          <h1 className="text-xl font-semibold text-slate-900">
            {unit.name} · 指挥驾驶舱 <span className="text-sm font-normal text-slate-500">（{UNIT_LEVEL_LABELS[unit.level]}，含下级单位）</span>
          </h1>
          <p className="mt-1 text-xs text-slate-500">
            统计期 {period.label}
            {period.partial ? "（未结束，数据仍在变化）" : ""} · 生成于 {formatDateTime(new Date())} · 指标名旁的 ⓘ 打开口径（<Link href="/kpi" className="text-police-600 underline">全部指标口径</Link>）
          </p>
          {/* streamed in once the widgets have loaded: how current their (possibly shared) figures are */}
          <Suspense fallback={null}>
            <DataAsOf shared={data.freshness()} />
          </Suspense>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          {can(user.role, "wall:read") ? (
            <Link href={`/wall/${unit.code}`} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50 md:min-h-9" data-testid="open-wall">
              大屏模式
            </Link>
          ) : null}
          <PeriodPicker value={period.key} options={periodOptions()} />
        </div>
      </div>
      <PlanPicker plans={plans.plans} selected={plans.plan?.id} href={(c) => withPlan(`/cockpit/${unit.code}`, { period: period.key, kpi: sp.kpi, map: sp.map, basis: sp.basis }, c)} />

      <section aria-label="关键指标" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-6">
        {cards.map((d) => (
          <Suspense key={d.id} fallback={<KpiCardSkeleton />}>
            <KpiCard def={d} scope={scope} period={period} data={data.card(d)} />
          </Suspense>
        ))}
      </section>

      {county ? (
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <Suspense fallback={<WidgetSkeleton title="本单位待办" height={220} />}>
            <CountyTodo data={data} scope={scope} />
          </Suspense>
          <Suspense fallback={<WidgetSkeleton title="派出所" height={220} />}>
            <Stations data={data} period={period} />
          </Suspense>
        </div>
      ) : (
        <div className="grid grid-cols-1 gap-4 2xl:grid-cols-[minmax(0,1fr)_26rem]">
          <Suspense fallback={<WidgetSkeleton title="专题排名与地图" height={480} />}>
            <RankingAndMap data={data} unitLevel={unit.level} period={period} def={def} mapMode={mapMode} kpiOptions={kpiOptions} />
          </Suspense>
          <Suspense fallback={<WidgetSkeleton title="挂图作战" height={480} />}>
            <BattleSummary data={data} scope={scope} subunits={children} period={period} />
          </Suspense>
        </div>
      )}

      <Suspense fallback={<WidgetSkeleton title="趋势" height={300} />}>
        <Trends data={data} />
      </Suspense>

      <Suspense fallback={<WidgetSkeleton title="重点关注" height={300} />}>
        <Attention data={data} scope={scope} />
      </Suspense>
      <p className="text-xs text-slate-400">共 {KPIS.length} 项指标定义一处、驾驶舱/月报/导出共用。</p>
    </div>
  );
}
