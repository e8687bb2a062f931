import "@/lib/assessment/kpi"; // registers the assessment score with the KPI engine
import type { KpiDef } from "@/lib/kpi/definitions";
import type { KpiCardData, KpiScope } from "@/lib/kpi/engine";
import { formatChange, formatKpiValue } from "@/lib/format";
import type { Period } from "@/lib/kpi/period";
import { KpiCardView } from "./kpi-card-view";
import { sparkline } from "./sparkline";

/** One KPI: value, 同比, 环比, 12-month sparkline; the 口径 on hover and by its ⓘ link (the 口径 page); a click anywhere else opens the records behind it. */
export async function KpiCard({ def, scope, period, data }: { def: KpiDef; scope: KpiScope; period: Period; data: Promise<KpiCardData> }) {
  const d = await data;
  const v = formatKpiValue(def, d.value);
  const change = (label: string, c: Parameters<typeof formatChange>[1]) => ({ label, ...formatChange(def, c) });
  return (
    <KpiCardView
      id={def.id}
      name={def.name}
      caliber={def.caliber}
      href={def.drill?.(scope.code, period)}
      dataValue={String(d.value ?? "")}
      valueText={v.text}
      unit={v.unit}
      available={d.available}
      changes={d.available && def.custom !== "telecomStreak" ? [change("同比", d.yoy), ...(period.kind !== "ytd" ? [change("环比", d.mom)] : [])] : []}
      note={!d.available ? "月度统计指标，请选择月、季、年" : def.custom === "telecomStreak" ? "连续月数，不计同比、环比" : undefined}
      spark={sparkline(d.series.map((s) => s.value), def.direction === "down" ? "#b45309" : "#2563a8")}
    />
  );
}

export function KpiCardSkeleton() {
  return (
    <div className="h-[104px] animate-pulse rounded-lg border border-slate-200 bg-white p-3.5" data-loading>
      <div className="h-3 w-24 rounded bg-slate-200" />
      <div className="mt-3 h-6 w-20 rounded bg-slate-200" />
      <div className="mt-2 h-3 w-32 rounded bg-slate-100" />
    </div>
  );
}

export function WidgetSkeleton({ height = 320, title }: { height?: number; title?: string }) {
  return (
    <div className="animate-pulse rounded-lg border border-slate-200 bg-white p-4" style={{ height }} role="status" aria-busy="true" aria-label={title ? `${title}加载中` : "加载中"} data-loading>
      <div className="h-4 w-32 rounded bg-slate-200" />
      <div className="mt-4 h-[calc(100%-2rem)] rounded bg-slate-100" />
    </div>
  );
}
