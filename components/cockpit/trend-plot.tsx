"use client";
// The recharts drawing of a TrendChart (trend-chart.tsx): loaded on its own, only when a chart is near the screen.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDecimal } from "@/lib/format";

export interface TrendSeries {
  key: string;
  name: string;
  color: string;
  type?: "line" | "bar";
  axis?: "left" | "right";
  dashed?: boolean;
}

export interface TrendPlotProps {
  data: Record<string, string | number | null>[];
  series: TrendSeries[];
  leftUnit?: string;
  rightUnit?: string;
}

const fmt = (v: unknown) => (typeof v === "number" ? formatDecimal(v, 1) : "—");

export function TrendPlot({ data, series, leftUnit, rightUnit }: TrendPlotProps) {
  const hasRight = series.some((s) => s.axis === "right");
  return (
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
  );
}
