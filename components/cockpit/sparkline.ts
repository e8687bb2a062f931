// A tiny trend line of the last 12 months of a KPI (drawn by kpi-card-view.tsx): the path and its last point in a
// 120 × 32 box, or null with fewer than two values.
export const SPARK_W = 120;
export const SPARK_H = 32;

export function sparkline(values: (number | null)[], tone: string): { d: string; cx: number; cy: number; tone: string } | null {
  const pts = values.map((v, i) => ({ i, v })).filter((p): p is { i: number; v: number } => p.v !== null);
  if (pts.length < 2) return null;
  const min = Math.min(...pts.map((p) => p.v));
  const max = Math.max(...pts.map((p) => p.v));
  const span = max - min || 1;
  const x = (i: number) => (i / Math.max(1, values.length - 1)) * (SPARK_W - 4) + 2;
  const y = (v: number) => SPARK_H - 3 - ((v - min) / span) * (SPARK_H - 6);
  const d = pts.map((p, k) => `${k ? "L" : "M"}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
  const last = pts[pts.length - 1];
  return { d, cx: x(last.i), cy: y(last.v), tone };
}
