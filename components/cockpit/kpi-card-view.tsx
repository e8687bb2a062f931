"use client";
// The drawing of one KPI card (kpi-card.tsx computes and formats everything on the server): plain strings and
// numbers in, ~17 elements out. A client component so that a client-side navigation between cockpits sends each card
// as one small object (the 口径 text once, not three times) instead of its rendered elements; a whole-page load still
// has the cards in its HTML.
import Link from "@/components/link";
import { cx } from "@/components/ui";
import { SPARK_H, SPARK_W } from "./sparkline";

export interface KpiCardChange {
  label: string;
  arrow: string;
  text: string;
  good: boolean | null;
}

export interface KpiCardViewProps {
  id: string;
  name: string;
  caliber: string;
  /** the records behind the figure, if the KPI has a drill-down */
  href?: string;
  /** the exact value (data-value), "" when none */
  dataValue: string;
  valueText: string;
  unit: string;
  /** monthly statistics KPI on a period that is not a month, quarter or year */
  available: boolean;
  /** 同比/环比 lines, or a note instead of them */
  changes: KpiCardChange[];
  note?: string;
  spark: { d: string; cx: number; cy: number; tone: string } | null;
}

export function KpiCardView(p: KpiCardViewProps) {
  return (
    <div className="group relative h-full rounded-lg border border-slate-200 bg-white p-3.5 shadow-sm transition hover:border-police-200" data-testid={`kpi-${p.id}`} data-value={p.dataValue}>
      <div className="flex items-start justify-between gap-2">
        <span className="text-sm text-slate-600" title={p.caliber}>
          {p.href ? (
            <Link href={p.href} className="hover:text-police-600 hover:underline after:absolute after:inset-0 after:content-['']">
              {p.name}
            </Link>
          ) : (
            p.name
          )}
          {/* a real link (keyboard, touch), above the card's own link: the 口径 page at this KPI */}
          <Link href={`/kpi#${p.id}`} className="relative z-10 ml-1 inline-block min-h-6 min-w-6 text-center text-xs text-slate-400 hover:text-police-600" aria-label={`${p.name}的口径：${p.caliber}`} data-testid="kpi-caliber-link">
            ⓘ
          </Link>
        </span>
        {/* the last 12 months: decorative (aria-hidden), the value and its changes are in words beside it */}
        {p.spark ? (
          // narrower on a phone (two cards a row), so the KPI's name keeps its width: the line is stretched, not cut
          <svg width={SPARK_W} height={SPARK_H} viewBox={`0 0 ${SPARK_W} ${SPARK_H}`} preserveAspectRatio="none" aria-hidden className="w-16 shrink-0 overflow-visible sm:w-[120px]">
            <path d={p.spark.d} fill="none" stroke={p.spark.tone} strokeWidth={1.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
            <circle cx={p.spark.cx} cy={p.spark.cy} r={2.2} fill={p.spark.tone} />
          </svg>
        ) : (
          <svg width={SPARK_W} height={SPARK_H} aria-hidden className="w-16 shrink-0 sm:w-[120px]" />
        )}
      </div>
      <div className="mt-1 flex items-baseline gap-1">
        <span className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value">
          {p.available ? p.valueText : "—"}
        </span>
        <span className="text-sm text-slate-500">{p.available ? p.unit : ""}</span>
      </div>
      {p.note ? (
        <p className="mt-1 text-xs text-slate-400">{p.note}</p>
      ) : (
        <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-500">
          {p.changes.map((c) => (
            <span key={c.label} className="whitespace-nowrap">
              {c.label}{" "}
              <span className={cx("font-medium tabular-nums", c.good === true && "text-emerald-600", c.good === false && "text-red-600", c.good === null && "text-slate-500")}>
                {c.arrow !== "—" ? `${c.arrow} ` : ""}
                {c.text}
              </span>
            </span>
          ))}
        </div>
      )}
      <div role="tooltip" className="pointer-events-none absolute left-2 right-2 top-full z-30 mt-1 hidden rounded-md bg-slate-900 p-2 text-xs leading-relaxed text-white shadow-lg group-hover:block group-focus-within:block">
        口径：{p.caliber}
      </div>
    </div>
  );
}
