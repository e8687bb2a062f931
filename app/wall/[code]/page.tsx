// 指挥中心大屏 of a unit (province, 市州, 县区): one dark screen without scrolling, every figure from the cockpit's own
// loaders (lib/wall/queries.ts → CockpitData) and formatted by lib/format.ts. Live: components/wall/wall-live.tsx
// refreshes it when the database says something changed (app/api/wall/stream).
import type { Metadata } from "next";
import { WallClock, WallLive } from "@/components/wall/wall-live";
import { WallMap } from "@/components/wall/wall-map";
import { WallTrend } from "@/components/wall/wall-trend";
import { requirePermission } from "@/lib/auth/session";
import { cockpitUnit } from "@/lib/cockpit/queries";
import { formatChange, formatCount, formatDateTime, formatKpiValue, formatPerCapita } from "@/lib/format";
import { ZWallQuery, parseQuery } from "@/lib/http/query";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { change } from "@/lib/kpi/engine";
import { defaultPeriod, parsePeriod } from "@/lib/kpi/period";
import { UNIT_LEVEL_LABELS } from "@/lib/units/labels";
import { tourStops, wallPage } from "@/lib/wall/queries";

type Params = { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | undefined>> };

/** the headline cards, in order: the first six that the unit's cockpit shows */
const HEADLINE = ["criminal.solved", "telecom.cases", "telecom.loss", "disputes.screened", "mediation.rate", "plan.completion", "criminal.filed", "disputes.flagged", "loops.overdue"];
const GRADE = ["", "一级", "二级", "三级", "四级"];

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const unit = await cockpitUnit((await params).code);
  return { title: unit ? `${unit.name} · 指挥中心大屏` : "指挥中心大屏" };
}

export default async function WallPage({ params, searchParams }: Params) {
  const { code } = await params;
  const [user, sp] = await Promise.all([requirePermission("wall:read"), searchParams.then((raw) => parseQuery(ZWallQuery, raw))]);
  const period = parsePeriod(sp.period) ?? defaultPeriod();
  const def = KPI_MAP.get(sp.kpi ?? "") ?? KPI_MAP.get("disputes.screened")!;
  const mapMode = sp.map === "county" ? "county" : "city";
  const perCapita = sp.basis === "per100k" && def.perCapita === true;
  const w = await wallPage(user, code, { period, def, mapMode, perCapita });
  const { unit, data } = w;
  const headline = HEADLINE.filter((id) => data.cards.some((c) => c.id === id)).slice(0, 6).map((id) => KPI_MAP.get(id)!);
  const [cards, ranking, trends, today, ticker, supervision, stations, tour] = await Promise.all([
    Promise.all(headline.map((d) => data.card(d))),
    data.county ? null : data.ranking(),
    data.trends(),
    w.today(),
    w.ticker(),
    w.supervision(),
    data.county ? data.stations() : null,
    tourStops(user, sp.tour ?? []),
  ]);
  const now = data.now;

  // the tour: the next unit of ?tour=… that the viewer may see (this page's other choices kept), or none
  const nextCode = tour.length ? tour[(tour.indexOf(unit.code) + 1) % tour.length] : null;
  const keep = new URLSearchParams({ ...(sp.period ? { period: sp.period } : {}), ...(sp.kpi ? { kpi: sp.kpi } : {}), ...(sp.map ? { map: sp.map } : {}), ...(sp.basis ? { basis: sp.basis } : {}), ...(tour.length ? { tour: tour.join(","), every: String(sp.every) } : {}) });
  const next = nextCode && nextCode !== unit.code ? `/wall/${nextCode}?${keep}` : null;

  // ranking and map: the cockpit's ranking of the sub-units by the chosen KPI (absolute or per 10万人口)
  const fmt = (v: number | null) => (ranking?.perCapita ? formatPerCapita(def, v) : formatKpiValue(def, v));
  const sign = def.direction === "down" ? 1 : -1;
  const ranked = ranking
    ? ranking.territorial.map((c) => ({ code: c.code, name: c.shortName ?? c.name, value: ranking.values.get(c.code) ?? null, last: ranking.last.get(c.code) ?? null })).sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : sign * (a.value - b.value)))
    : [];
  const yoyDef = ranking?.perCapita ? { ...def, minBaseForPct: 0 } : def;
  const inUnit = (v: number | null) => (v !== null && def.format === "percent" ? v * 100 : v);
  const shown = (v: number | null) => (v === null ? "无数据" : Object.values(fmt(v)).join(""));
  const mapData = ranking?.countyValues ? [...ranking.countyValues.entries()].map(([c, v]) => ({ code: c, value: inUnit(v), display: shown(v) })) : ranked.map((r) => ({ code: r.code, value: inUnit(r.value), display: shown(r.value) }));
  const mapUnitLabel = ranking?.perCapita ? `${def.unit}/10万人` : def.unit;
  const stationCol = stations ? Math.max(0, stations.defs.findIndex((d) => d.id === def.id)) : 0;

  const months = trends.months;
  const monthLabel = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
  const series = (id: string) => trends.by[id].map((p) => p.value);
  const k = (id: string) => KPI_MAP.get(id)!;

  return (
    <main className="wall" data-testid="wall" data-unit={unit.code} aria-label={`${unit.name}指挥中心大屏`}>
      <header className="wall-head">
        <h1>{unit.name} · 指挥中心大屏</h1>
        <div className="meta">
          <span>
            {UNIT_LEVEL_LABELS[unit.level]}（含下级单位）· 统计期 {period.label}
          </span>
          <span data-testid="wall-as-of">数据截至 {formatDateTime(now)}</span>
          <WallLive unit={unit.code} next={next} every={sp.every} />
          <WallClock initial={formatDateTime(now)} />
        </div>
      </header>

      <section className="wall-kpis" aria-label="关键指标">
        {headline.map((d, i) => {
          const c = cards[i];
          const v = formatKpiValue(d, c.value);
          const yoy = formatChange(d, c.yoy);
          return (
            <div key={d.id} className="wall-kpi" data-testid={`wall-kpi-${d.id}`} data-value={c.value ?? ""}>
              <span className="name">{d.name}</span>
              <span className="value" data-testid="wall-kpi-value">
                {c.available ? v.text : "—"}
                <small>{c.available ? v.unit : ""}</small>
              </span>
              <span className="yoy">
                {d.custom === "telecomStreak" ? (
                  "连续月数，不计同比"
                ) : (
                  <>
                    同比 <span className={yoy.good === true ? "good" : yoy.good === false ? "bad" : undefined}>{`${yoy.arrow !== "—" ? `${yoy.arrow} ` : ""}${yoy.text}`}{yoy.good === true ? "（向好）" : yoy.good === false ? "（变差）" : ""}</span>
                  </>
                )}
              </span>
            </div>
          );
        })}
      </section>

      <section className="wall-panel wall-rank" aria-label="排名">
        {stations ? (
          <>
            <h2>
              派出所 · {stations.defs[stationCol]?.name}
              <small>{period.label}</small>
            </h2>
            <table data-testid="wall-ranking">
              <thead>
                <tr>
                  <th>派出所</th>
                  <th className="num">{stations.defs[stationCol]?.name}</th>
                </tr>
              </thead>
              <tbody>
                {stations.stations.slice(0, 14).map((s) => {
                  const d = stations.defs[stationCol];
                  const v = formatKpiValue(d, stations.values[stationCol].get(s.code) ?? null);
                  return (
                    <tr key={s.code}>
                      <td className="unit">{s.shortName ?? s.name}</td>
                      <td className="num">
                        {v.text}
                        <span className="wall-muted">{v.unit}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {!stations.stations.length ? <p className="wall-muted">没有下属派出所。</p> : null}
          </>
        ) : (
          <>
            <h2>
              {def.name}排名{ranking?.perCapita ? "（每10万人）" : ""}
              <small>{ranked.length > 14 ? `前 14 名，共 ${ranked.length} 个` : period.label}</small>
            </h2>
            <table data-testid="wall-ranking">
              <thead>
                <tr>
                  <th>名次</th>
                  <th>单位</th>
                  <th className="num">数值</th>
                  <th className="num">同比</th>
                </tr>
              </thead>
              <tbody>
                {ranked.slice(0, 14).map((r, i) => {
                  const v = fmt(r.value);
                  const c = change(yoyDef, r.value, r.last);
                  const yoy = formatChange(yoyDef, ranking?.perCapita && c?.kind === "absolute" ? null : c);
                  return (
                    <tr key={r.code} data-code={r.code}>
                      <td>{r.value === null ? "—" : i + 1}</td>
                      <td className="unit">{r.name}</td>
                      <td className="num" data-value={r.value ?? ""}>
                        {v.text}
                        <span className="wall-muted">{v.unit}</span>
                      </td>
                      <td className={`num ${yoy.good === true ? "good" : yoy.good === false ? "bad" : ""}`}>{`${yoy.arrow !== "—" ? yoy.arrow : ""}${yoy.text}`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="wall-panel wall-map" aria-label="地图">
        <h2>
          {data.county ? "本县区位置" : `${def.name}分布${ranking?.perCapita ? "（每10万人）" : ""}`}
          <small>{period.label}</small>
        </h2>
        {unit.level === "PROVINCE" || unit.level === "CITY" ? (
          <WallMap mode={unit.level === "CITY" ? "county" : mapMode} focus={unit.level === "CITY" ? [unit.code] : undefined} data={mapData} kpiLabel={def.name} unitLabel={mapUnitLabel} direction={def.direction === "down" ? "down" : "up"} pulse={today.pulse} />
        ) : (
          <WallMap mode="county" focus={[unit.code.slice(0, 4)]} data={[{ code: unit.code.slice(0, 6), value: 1, display: "本县区" }]} kpiLabel="本县区位置" unitLabel="" direction="up" pulse={today.pulse} highlight={unit.code.slice(0, 6)} />
        )}
      </section>

      <section className="wall-panel wall-today" aria-label="今日" data-testid="wall-today">
        <h2>
          今日<small>北京时间 0 时起</small>
        </h2>
        <div>
          <div className="wall-muted" style={{ fontSize: "1.05em", marginBottom: "0.2em" }}>
            新增情报（按等级）
          </div>
          <div className="wall-grades" data-testid="wall-intel-grades">
            {today.intelByGrade.map((g) => (
              <div key={g.grade}>
                <span>{GRADE[g.grade]}</span>
                <b>{formatCount(g.n)}</b>
              </div>
            ))}
          </div>
        </div>
        <dl>
          <dt>命案风险预警（今日新增）</dt>
          <dd data-testid="wall-warnings-today">
            {formatCount(today.warningsToday)}
            <small>条</small>
          </dd>
          <dt>命案风险预警（未化解）</dt>
          <dd>
            {formatCount(today.warningsOpen)}
            <small>条</small>
          </dd>
          <dt>督办（今日新开 / 逾期）</dt>
          <dd data-testid="wall-supervision">{supervision ? `${formatCount(supervision.opened)} / ${formatCount(supervision.overdue)}` : "—"}</dd>
          <dt>今日销号任务</dt>
          <dd data-testid="wall-closed-today">
            {formatCount(today.closedToday)}
            <small>项</small>
          </dd>
        </dl>
        {today.pulse.length ? (
          <p className="wall-alert" role="alert" data-testid="wall-new-warnings">
            ▲ 新命案风险预警：{today.pulse.map((p) => p.name).join("、")}
          </p>
        ) : (
          <p className="wall-muted">近 10 分钟无新命案风险预警。</p>
        )}
      </section>

      <div className="wall-trends">
        <WallTrend title="刑事案件（月）" first={monthLabel(months[0])} last={monthLabel(months[months.length - 1])} series={[{ def: k("criminal.filed"), name: "立案", values: series("criminal.filed"), colour: "#93c5fd", dash: "5 3" }, { def: k("criminal.solved"), name: "破案", values: series("criminal.solved"), colour: "#4ade80" }]} />
        <WallTrend title="电信网络诈骗（月）" first={monthLabel(months[0])} last={monthLabel(months[months.length - 1])} series={[{ def: k("telecom.cases"), name: "发案", values: series("telecom.cases"), colour: "#fcd34d" }, { def: k("telecom.loss"), name: "损失", values: series("telecom.loss"), colour: "#fca5a5", dash: "5 3" }]} />
        <WallTrend title="矛盾纠纷（月）" first={monthLabel(months[0])} last={monthLabel(months[months.length - 1])} series={[{ def: k("disputes.screened"), name: "排查", values: series("disputes.screened"), colour: "#93c5fd", dash: "5 3" }, { def: k("disputes.resolved"), name: "化解", values: series("disputes.resolved"), colour: "#5eead4" }]} />
      </div>

      <section className="wall-ticker" aria-label="最新动态" data-testid="wall-ticker">
        <strong>最新动态</strong>
        <div className="track">
          <div className="belt" style={{ ["--ticker-duration" as string]: `${Math.max(30, ticker.length * 8)}s` }}>
            {[0, 1].map((copy) => (
              <ul key={copy} aria-hidden={copy === 1 ? true : undefined}>
                {ticker.map((t) => (
                  <li key={t.key}>
                    <time dateTime={t.at.toISOString()}>{formatDateTime(t.at).slice(5, 16)}</time>
                    <span className={`kind ${t.kind === "预警" ? "bad" : ""}`}>{t.kind}</span>
                    {t.unit} · {t.text}
                  </li>
                ))}
              </ul>
            ))}
          </div>
        </div>
      </section>
    </main>
  );
}
