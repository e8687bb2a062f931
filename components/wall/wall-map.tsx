// The wall's map of Gansu: the cockpit's server-drawn geometry and colour classes (lib/cockpit/map-layout.ts,
// map-classes.ts, geo.ts) on a dark panel, without links (a wall is watched, not clicked). Counties with a
// homicide-risk warning flagged in the last minutes pulse — with a ring, a 「新预警」 label and a text list, never by
// colour alone.
import { gansuGeo } from "@/lib/cockpit/geo";
import { type MapDatum, NO_DATA, NO_DATA_STRIPE, classifyUnits } from "@/lib/cockpit/map-classes";
import { layoutMap } from "@/lib/cockpit/map-layout";

export function WallMap({ mode, focus, data, kpiLabel, unitLabel, direction, pulse, highlight }: { mode: "city" | "county"; focus?: string[]; data: MapDatum[]; kpiLabel: string; unitLabel: string; direction: "up" | "down"; pulse: { code: string; name: string }[]; highlight?: string }) {
  // laid out for a 660 × 330 box: drawn about 1.5× that on a wall, so the names come out about 18 px at 1080p
  const layout = layoutMap(gansuGeo(), mode, 330, focus, 660);
  const { features, outlines, viewBox: vb, labels } = layout;
  const map = classifyUnits(features.map((f) => f.code), data, direction, unitLabel);
  const byCode = new Map([...features, ...outlines, ...gansuGeo().counties].map((f) => [f.code, f]));
  // a county's pulse is drawn on its 市州 when the map shows 市州
  const pulsing = pulse.map((p) => ({ ...p, at: byCode.get(mode === "city" ? p.code.slice(0, 4) : p.code) ?? byCode.get(p.code) })).filter((p) => p.at);
  const pid = `wall-nodata-${mode}`;
  return (
    <>
      <div className="svg">
        <svg viewBox={`${vb.x} ${vb.y} ${vb.w} ${vb.h}`} preserveAspectRatio="xMidYMid meet" role="group" aria-label={`${kpiLabel}分布图`} data-testid="wall-map">
          <defs>
            <pattern id={pid} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform={`scale(${1 / layout.scale}) rotate(45)`}>
              <rect width="6" height="6" fill={NO_DATA} />
              <line x1="0" y1="0" x2="0" y2="6" stroke={NO_DATA_STRIPE} strokeWidth="1.5" />
            </pattern>
          </defs>
          {features.map((f) => {
            const u = map.units.get(f.code)!;
            return <path key={f.code} d={f.d} data-code={f.code} data-text={u.text} fill={u.colour ?? `url(#${pid})`} fillRule="evenodd" stroke={f.code === highlight ? "#facc15" : "#0b1a2e"} strokeWidth={f.code === highlight ? 3 : mode === "city" ? 1.2 : 0.6} vectorEffect="non-scaling-stroke" role="img" aria-label={`${f.name}：${u.text}`} />;
          })}
          {outlines.length ? (
            <g fill="none" stroke="#cbd5e1" strokeWidth={1.4} pointerEvents="none">
              {outlines.map((c) => (
                <path key={c.code} d={c.d} fillRule="evenodd" vectorEffect="non-scaling-stroke" />
              ))}
            </g>
          ) : null}
          <g textAnchor="middle" dominantBaseline="central" fill="#0f172a" stroke="#ffffff" strokeLinejoin="round" paintOrder="stroke" fontWeight={600} aria-hidden="true">
            {labels.map((l) => (
              <text key={l.code} x={l.x} y={l.y} fontSize={layout.fontSize} strokeWidth={layout.halo}>
                {l.text}
              </text>
            ))}
          </g>
          <g aria-hidden="true">
            {pulsing.map((p) => (
              <g key={p.code} data-testid="wall-pulse" data-code={p.code}>
                <circle className="wall-pulse" cx={p.at!.label[0]} cy={p.at!.label[1]} r={layout.fontSize * 2.2} strokeWidth={layout.fontSize * 0.35} />
                <text className="wall-pulse-label" x={p.at!.label[0]} y={p.at!.label[1] - layout.fontSize * 2.6} textAnchor="middle" fontSize={layout.fontSize * 1.1} strokeWidth={layout.halo}>
                  新预警 {p.name}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      <div className="wall-legend" data-testid="wall-map-legend">
        <span>
          {kpiLabel}
          {unitLabel ? `（${unitLabel}）` : ""}
        </span>
        {map.legend.map((l, i) => (
          <span key={i}>
            <i style={{ background: l.colour ?? `repeating-linear-gradient(45deg, ${NO_DATA} 0 3px, ${NO_DATA_STRIPE} 3px 4px)` }} />
            {l.text}
          </span>
        ))}
        {map.reading ? <span>{map.reading}</span> : null}
      </div>
    </>
  );
}
