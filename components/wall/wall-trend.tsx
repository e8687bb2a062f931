// A trend line for the wall, drawn on the server: one or two monthly series over 24 months, each line also told
// apart by its dash and named with its latest value in the key (never by colour alone).
import { formatKpiValue } from "@/lib/format";
import type { KpiDef } from "@/lib/kpi/definitions";

export interface WallSeries {
  def: KpiDef;
  name: string;
  values: (number | null)[];
  colour: string;
  dash?: string;
}

export function WallTrend({ title, series, first, last }: { title: string; series: WallSeries[]; first: string; last: string }) {
  const W = 400;
  const H = 100;
  return (
    <section className="wall-panel wall-trend" aria-label={title}>
      <h2>
        {title}
        <small>
          {first}—{last}
        </small>
      </h2>
      <div className="keys">
        {series.map((s) => {
          const latest = [...s.values].reverse().find((v) => v !== null) ?? null;
          const f = formatKpiValue(s.def, latest);
          return (
            <span key={s.name}>
              <span aria-hidden="true" style={{ display: "inline-block", width: "1.6em", marginRight: "0.3em", verticalAlign: "middle", borderTop: `0.16em ${s.dash ? "dashed" : "solid"} ${s.colour}` }} />
              {s.dash ? "（虚线）" : "（实线）"}
              {s.name} <b>{f.text}</b>
              {f.unit}
            </span>
          );
        })}
      </div>
      <div className="plot">
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
          {series.map((s) => {
            const pts = s.values.map((v, i) => ({ i, v })).filter((p): p is { i: number; v: number } => p.v !== null);
            if (pts.length < 2) return null;
            const min = Math.min(...pts.map((p) => p.v));
            const max = Math.max(...pts.map((p) => p.v));
            const span = max - min || 1;
            const x = (i: number) => (i / Math.max(1, s.values.length - 1)) * W;
            const y = (v: number) => H - 6 - ((v - min) / span) * (H - 12);
            const d = pts.map((p, k) => `${k ? "L" : "M"}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join("");
            return <path key={s.name} d={d} fill="none" stroke={s.colour} strokeWidth={2.2} strokeDasharray={s.dash} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />;
          })}
        </svg>
      </div>
    </section>
  );
}
