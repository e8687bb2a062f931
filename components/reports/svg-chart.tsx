import { ChartTable } from "@/components/chart-table";

// A server-rendered chart for the HTML report (prints crisply, no client JavaScript): bars for one series, a
// line for another, each on its own axis — the same drawing as the PDF's.
import { formatCount, formatNumber } from "@/lib/format";
export function BarLineChart({ months, bars, line, height = 200 }: { months: string[]; bars: { name: string; values: (number | null)[]; color: string }; line: { name: string; values: (number | null)[]; color: string }; height?: number }) {
  const width = 640;
  const pad = { l: 44, r: 44, t: 22, b: 22 };
  const inner = { w: width - pad.l - pad.r, h: height - pad.t - pad.b };
  const scale = (vals: (number | null)[]) => {
    const max = Math.max(1, ...vals.map((v) => v ?? 0));
    const p = Math.pow(10, Math.floor(Math.log10(max)));
    return Math.ceil(max / p) * p;
  };
  const mb = scale(bars.values);
  const ml = scale(line.values);
  const step = inner.w / Math.max(1, months.length);
  const yb = (v: number) => pad.t + inner.h - (v / mb) * inner.h;
  const yl = (v: number) => pad.t + inner.h - (v / ml) * inner.h;
  const fmt = (v: number) => (v >= 10_000 ? formatCount(v) : formatNumber(v, 1).replace(/\.0$/, ""));
  const path = line.values
    .map((v, i) => (v === null ? null : `${pad.l + i * step + step / 2},${yl(v)}`))
    .filter(Boolean)
    .map((p, i) => `${i ? "L" : "M"}${p}`)
    .join("");
  const label = `${bars.name}（柱，左轴）与${line.name}（线，右轴）按月趋势`;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full" role="img" aria-label={`${label}（数据见下方数据表）`}>
        {[0, 1, 2, 3, 4].map((i) => {
          const y = pad.t + inner.h - (inner.h * i) / 4;
          return (
            <g key={i}>
              <line x1={pad.l} x2={width - pad.r} y1={y} y2={y} stroke="#e2e8f0" strokeWidth={0.8} />
              <text x={pad.l - 4} y={y + 3} fontSize={9} textAnchor="end" fill="#4f5d70">
                {fmt((mb * i) / 4)}
              </text>
              <text x={width - pad.r + 4} y={y + 3} fontSize={9} fill="#4f5d70">
                {fmt((ml * i) / 4)}
              </text>
            </g>
          );
        })}
        {bars.values.map((v, i) => (v === null ? null : <rect key={i} x={pad.l + i * step + step * 0.2} y={yb(v)} width={step * 0.6} height={pad.t + inner.h - yb(v)} fill={bars.color} />))}
        {bars.values.map((v, i) => (v === null ? null : <rect key={`o${i}`} x={pad.l + i * step + step * 0.2} y={yb(v)} width={step * 0.6} height={pad.t + inner.h - yb(v)} fill="none" stroke="#334155" strokeWidth={0.4} />))}
        <path d={path} fill="none" stroke={line.color} strokeWidth={2} />
        {line.values.map((v, i) => (v === null ? null : <circle key={`d${i}`} cx={pad.l + i * step + step / 2} cy={yl(v)} r={2.2} fill="#ffffff" stroke={line.color} strokeWidth={1.4} />))}
        {months.map((m, i) => (i % 2 === 0 || i === months.length - 1 ? (
          <text key={m} x={pad.l + i * step + step / 2} y={height - 6} fontSize={9} textAnchor="middle" fill="#4f5d70">
            {`${m.slice(2, 4)}.${m.slice(5)}`}
          </text>
        ) : null))}
        <rect x={pad.l} y={4} width={10} height={8} fill={bars.color} />
        <text x={pad.l + 14} y={11} fontSize={10} fill="#0f172a">
          {bars.name}（左轴）
        </text>
        <line x1={pad.l + 120} x2={pad.l + 134} y1={8} y2={8} stroke={line.color} strokeWidth={2} />
        <text x={pad.l + 138} y={11} fontSize={10} fill="#0f172a">
          {line.name}（右轴）
        </text>
      </svg>
      <ChartTable caption={label} rowHeader="月份" rows={months.map((m, i) => ({ label: `${m.slice(0, 4)}年${Number(m.slice(5))}月`, b: bars.values[i], l: line.values[i] }))} columns={[{ key: "b", name: bars.name }, { key: "l", name: line.name }]} />
    </figure>
  );
}
