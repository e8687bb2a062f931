"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

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
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: hasRight ? 8 : 16, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis yAxisId="left" tick={{ fontSize: 11, fill: "#64748b" }} width={48} tickFormatter={fmt} label={leftUnit ? { value: leftUnit, position: "insideTopLeft", offset: -2, fontSize: 11, fill: "#94a3b8" } : undefined} />
          {hasRight ? <YAxis yAxisId="right" orientation="right" tick={{ fontSize: 11, fill: "#64748b" }} width={48} tickFormatter={fmt} label={rightUnit ? { value: rightUnit, position: "insideTopRight", offset: -2, fontSize: 11, fill: "#94a3b8" } : undefined} /> : null}
          <Tooltip formatter={(v) => fmt(v)} labelStyle={{ color: "#0f172a" }} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) =>
            s.type === "bar" ? (
              <Bar key={s.key} yAxisId={s.axis ?? "left"} dataKey={s.key} name={s.name} fill={s.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
            ) : (
              <Line key={s.key} yAxisId={s.axis ?? "left"} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? "4 3" : undefined} dot={false} connectNulls isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
