"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartTable } from "@/components/chart-table";

export interface TrendSeries {
  key: string;
  name: string;
  color: string;
  type?: "line" | "bar";
  axis?: "left" | "right";
  dashed?: boolean;
}

const fmt = (v: unknown) => (typeof v === "number" ? v.toLocaleString("zh-CN", { maximumFractionDigits: 1 }) : "—");

/** Monthly trend: bars and lines over the months, one or two value axes. */
export function TrendChart({ data, series, height = 240, leftUnit, rightUnit }: { data: Record<string, string | number | null>[]; series: TrendSeries[]; height?: number; leftUnit?: string; rightUnit?: string }) {
  if (!data.length || data.every((d) => series.every((s) => d[s.key] === null || d[s.key] === undefined || d[s.key] === 0))) {
    return (
      <div className="flex items-center justify-center text-sm text-slate-500" style={{ height }}>
        本期无数据
      </div>
    );
  }
  const hasRight = series.some((s) => s.axis === "right");
  const summary = `${series.map((s) => `${s.name}（${s.type === "bar" ? "柱" : "线"}）`).join("、")}按月趋势，${data[0]?.label ?? ""}至${data[data.length - 1]?.label ?? ""}`;
  // greyscale: bars carry an outline, lines carry dots and the right-axis line is dashed, so each series stays apart
  // without its colour; the numbers are in the table under the chart
  return (
    <figure className="w-full">
      <div style={{ height }} className="w-full" role="img" aria-label={`${summary}（数据见下方数据表）`}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: hasRight ? 8 : 16, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#4f5d70" }} interval="preserveStartEnd" minTickGap={24} />
            <YAxis yAxisId="left" tick={{ fontSize: 11, fill: "#4f5d70" }} width={48} tickFormatter={fmt} label={leftUnit ? { value: leftUnit, position: "insideTopLeft", offset: -2, fontSize: 11, fill: "#4f5d70" } : undefined} />
            {hasRight ? <YAxis yAxisId="right" orientation="right" tick={{ fontSize: 11, fill: "#4f5d70" }} width={48} tickFormatter={fmt} label={rightUnit ? { value: rightUnit, position: "insideTopRight", offset: -2, fontSize: 11, fill: "#4f5d70" } : undefined} /> : null}
            <Tooltip formatter={(v) => fmt(v)} labelStyle={{ color: "#0f172a" }} contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={(name) => <span style={{ color: "#334155" }}>{name}</span>} />
            {series.map((s) =>
              s.type === "bar" ? (
                <Bar key={s.key} yAxisId={s.axis ?? "left"} dataKey={s.key} name={s.name} fill={s.color} stroke="#334155" strokeWidth={0.5} radius={[2, 2, 0, 0]} isAnimationActive={false} />
              ) : (
                <Line key={s.key} yAxisId={s.axis ?? "left"} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed || s.axis === "right" ? "5 3" : undefined} dot={{ r: 2.5, strokeWidth: 1.5, fill: "#ffffff" }} connectNulls isAnimationActive={false} />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={summary} rowHeader="月份" rows={data} columns={series.map((s) => ({ key: s.key, name: s.name, unit: s.axis === "right" ? rightUnit : leftUnit }))} />
    </figure>
  );
}
