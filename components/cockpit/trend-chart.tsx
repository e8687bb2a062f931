// Monthly trend: bars and lines over the months, one or two value axes. The frame, its summary and the data table
// are server-rendered; the drawing (recharts, the largest script of the cockpit) loads only when the chart comes
// near the screen (trend-plot-lazy.tsx), so it never delays the cards and the map.
import { ChartTable } from "@/components/chart-table";
import { LazyTrendPlot } from "./trend-plot-lazy";
import type { TrendSeries } from "./trend-plot";

export type { TrendSeries };

type Row = Record<string, string | number | null>;

export function TrendChart({ data, series, height = 240, leftUnit, rightUnit }: { data: Row[]; series: TrendSeries[]; height?: number; leftUnit?: string; rightUnit?: string }) {
  if (!data.length || data.every((d) => series.every((s) => d[s.key] === null || d[s.key] === undefined || d[s.key] === 0))) {
    return (
      <div className="flex items-center justify-center text-sm text-slate-500" style={{ height }}>
        本期无数据
      </div>
    );
  }
  const summary = `${series.map((s) => `${s.name}（${s.type === "bar" ? "柱" : "线"}）`).join("、")}按月趋势，${data[0]?.label ?? ""}至${data[data.length - 1]?.label ?? ""}`;
  // greyscale: bars carry an outline, lines carry dots and the right-axis line is dashed, so each series stays apart
  // without its colour; the numbers are in the table under the chart
  return (
    <figure className="w-full">
      <div style={{ height }} className="w-full" role="img" aria-label={`${summary}（数据见下方数据表）`}>
        <LazyTrendPlot data={data} series={series} leftUnit={leftUnit} rightUnit={rightUnit} />
      </div>
      <ChartTable caption={summary} rowHeader="月份" rows={data} columns={series.map((s) => ({ key: s.key, name: s.name, unit: s.axis === "right" ? rightUnit : leftUnit }))} />
    </figure>
  );
}
