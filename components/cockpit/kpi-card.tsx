import Link from "@/components/link";
import "@/lib/assessment/kpi"; // registers the assessment score with the KPI engine
import { cx } from "@/components/ui";
import type { KpiDef } from "@/lib/kpi/definitions";
import type { KpiCardData, KpiScope } from "@/lib/kpi/engine";
import { formatChange, formatKpiValue } from "@/lib/format";
import type { Period } from "@/lib/kpi/period";
import { Sparkline } from "./sparkline";

function ChangeLine({ label, def, change }: { label: string; def: KpiDef; change: Parameters<typeof formatChange>[1] }) {
  const c = formatChange(def, change);
  return (
    <span className="whitespace-nowrap">
      {label}{" "}
      <span className={cx("font-medium tabular-nums", c.good === true && "text-emerald-600", c.good === false && "text-red-600", c.good === null && "text-slate-500")}>
        {c.arrow !== "—" ? `${c.arrow} ` : ""}
        {c.text}
      </span>
    </span>
  );
}

/** One KPI: value, 同比, 环比, 12-month sparkline; the 口径 on hover and by its ⓘ link (the 口径 page); a click anywhere else opens the records behind it. */
export async function KpiCard({ def, scope, period, data }: { def: KpiDef; scope: KpiScope; period: Period; data: Promise<KpiCardData> }) {
  const d = await data;
  const v = formatKpiValue(def, d.value);
  const href = def.drill?.(scope.code, period);
  const body = (
    <div className="group relative h-full rounded-lg border border-slate-200 bg-white p-3.5 shadow-sm transition hover:border-police-200" data-testid={`kpi-${def.id}`} data-value={d.value ?? ""}>
      <div className="flex items-start justify-between gap-2">
        <span className="text-sm text-slate-600" title={def.caliber}>
          {href ? (
            <Link href={href} className="hover:text-police-600 hover:underline after:absolute after:inset-0 after:content-['']">
              {def.name}
            </Link>
          ) : (
            def.name
          )}
          {/* a real link (keyboard, touch), above the card's own link: the 口径 page at this KPI */}
          <Link href={`/kpi#${def.id}`} className="relative z-10 ml-1 inline-block min-h-6 min-w-6 text-center text-xs text-slate-400 hover:text-police-600" aria-label={`${def.name}的口径：${def.caliber}`} data-testid="kpi-caliber-link">
            ⓘ
          </Link>
        </span>
        <Sparkline values={d.series.map((s) => s.value)} tone={def.direction === "down" ? "#b45309" : "#2563a8"} />
      </div>
      <div className="mt-1 flex items-baseline gap-1">
        <span className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value">
          {d.available ? v.text : "—"}
        </span>
        <span className="text-sm text-slate-500">{d.available ? v.unit : ""}</span>
      </div>
      {d.available && def.custom === "telecomStreak" ? (
        <p className="mt-1 text-xs text-slate-400">连续月数，不计同比、环比</p>
      ) : d.available ? (
        <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
          <ChangeLine label="同比" def={def} change={d.yoy} />
          {period.kind !== "ytd" ? <ChangeLine label="环比" def={def} change={d.mom} /> : null}
        </div>
      ) : (
        <p className="mt-1 text-xs text-slate-400">月度统计指标，请选择月、季、年</p>
      )}
      <div role="tooltip" className="pointer-events-none absolute left-2 right-2 top-full z-30 mt-1 hidden rounded-md bg-slate-900 p-2 text-xs leading-relaxed text-white shadow-lg group-hover:block group-focus-within:block">
        口径：{def.caliber}
      </div>
    </div>
  );
  return body;
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
