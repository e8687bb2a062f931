// The cockpit's widgets. Each is an async server component rendered in its own <Suspense> by the page, so the
// slowest one never holds the others back.
import Link from "@/components/link";
import { CockpitMap } from "@/components/cockpit/cockpit-map";
import { KpiPicker } from "@/components/cockpit/period-picker";
import { TrendChart } from "@/components/cockpit/trend-chart";
import { Badge, Card, EmptyState, cx } from "@/components/ui";
import type { CockpitChild, CockpitData } from "@/lib/cockpit/data";
import { formatDate, formatDateTime } from "@/lib/format";
import type { KpiDef } from "@/lib/kpi/definitions";
import { type KpiScope, change } from "@/lib/kpi/engine";
import { formatChange, formatKpiValue, formatPerCapita } from "@/lib/format";
import type { Period } from "@/lib/kpi/period";
import { countdownText } from "@/lib/tasks/status";

export type { CockpitChild };

const link = (code: string, period: Period, extra = "") => `/cockpit/${code}?period=${period.key}${extra}`;

/** Sub-units ranked by a KPI (best first), with 同比, beside the map coloured by the same KPI. */
export async function RankingAndMap({
  data,
  unitLevel,
  period,
  def,
  mapMode,
  kpiOptions,
}: {
  data: CockpitData;
  unitLevel: string;
  period: Period;
  def: KpiDef;
  mapMode: "city" | "county";
  kpiOptions: { id: string; name: string }[];
}) {
  const { territorial, available, values, last, countyValues, perCapita, missingPopulation, populationYear } = await data.ranking();
  const sign = def.direction === "down" ? 1 : -1;
  const ranked = territorial
    .map((c) => ({ ...c, value: values.get(c.code) ?? null, last: last.get(c.code) ?? null }))
    .sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : sign * (a.value - b.value)));
  const showMap = unitLevel === "PROVINCE" || unitLevel === "CITY";
  // absolute figures or per 10万人口 (lib/kpi/per-capita.ts), each formatted by lib/format.ts
  const fmt = (v: number | null) => (perCapita ? formatPerCapita(def, v) : formatKpiValue(def, v));
  const noPopulation = `缺人口数据：${populationYear ?? ""}年常住人口未导入，无法计算每10万人口数`;
  // the map colours and its legend in the KPI's own unit (a rate as its percentage: 71.2–77.4 %, not 0.71–0.77)
  const inUnit = (v: number | null) => (v !== null && def.format === "percent" ? v * 100 : v);
  const shown = (code: string, v: number | null) => (perCapita && missingPopulation.has(code) ? "—（缺人口数据）" : v === null ? "无数据" : Object.values(fmt(v)).join(""));
  const mapData = countyValues ? [...countyValues.entries()].map(([code, value]) => ({ code, value: inUnit(value), display: shown(code, value) })) : ranked.map((r) => ({ code: r.code, value: inUnit(r.value), display: shown(r.code, r.value) }));
  // 同比 of a rate per 10万人口: relative (its base is no count of 起); none from a base of 0
  const yoyDef = perCapita ? { ...def, minBaseForPct: 0 } : def;
  const here = (o: { map?: string; basis?: string }) => {
    const basis = o.basis ?? (perCapita ? "per100k" : "abs");
    return `?${new URLSearchParams({ period: period.key, kpi: def.id, map: o.map ?? mapMode, ...(basis === "per100k" ? { basis } : {}) })}`;
  };
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          专题：
          <KpiPicker value={def.id} options={kpiOptions} />
          <span className="text-xs font-normal text-slate-400" title={def.caliber}>
            口径 ⓘ
          </span>
        </span>
      }
      actions={
        <span className="flex flex-wrap gap-2 text-xs">
          {def.perCapita && available ? (
            <span role="group" aria-label="数值口径" className="flex gap-1" data-testid="basis-switch">
              {(
                [
                  ["abs", "绝对数", !perCapita],
                  ["per100k", "每10万人", perCapita],
                ] as const
              ).map(([key, label, on]) => (
                <Link
                  key={key}
                  href={here({ basis: key })}
                  scroll={false}
                  aria-current={on ? "true" : undefined}
                  className={cx("rounded border px-2 py-0.5", on ? "border-police-600 bg-police-600 font-semibold text-white" : "border-slate-200 bg-slate-100 text-slate-700")}
                >
                  {label}
                </Link>
              ))}
            </span>
          ) : null}
          {unitLevel === "PROVINCE" ? (
            <span className="flex gap-1">
              <Link href={here({ map: "city" })} scroll={false} aria-current={mapMode === "city" ? "true" : undefined} className={cx("rounded px-2 py-0.5", mapMode === "city" ? "bg-police-600 text-white" : "bg-slate-100")}>
                按市州
              </Link>
              <Link href={here({ map: "county" })} scroll={false} aria-current={mapMode === "county" ? "true" : undefined} className={cx("rounded px-2 py-0.5", mapMode === "county" ? "bg-police-600 text-white" : "bg-slate-100")}>
                按县区
              </Link>
            </span>
          ) : null}
        </span>
      }
    >
      {!available ? (
        <EmptyState title="该指标来自月度统计，请选择月、季度或年">近 7 天 / 28 天只适用于按日登记的台账指标。</EmptyState>
      ) : (
        <div className={cx("grid gap-4", showMap && "lg:grid-cols-[minmax(0,1fr)_20rem]")}>
          {showMap ? (
            <div data-testid="cockpit-map">
              <CockpitMap
                mode={unitLevel === "CITY" ? "county" : mapMode}
                focus={unitLevel === "CITY" ? territorial.map((c) => c.code) : undefined}
                data={mapData}
                kpiLabel={def.name}
                unitLabel={perCapita ? `${def.unit}/10万人` : def.unit}
                direction={def.direction === "down" ? "down" : "up"}
                hrefs={Object.fromEntries(mapData.map((d) => [d.code, link(d.code, period, `&kpi=${def.id}`)]))}
                height={unitLevel === "CITY" ? 380 : 420}
              />
            </div>
          ) : null}
          <div>
            <table className="w-full text-sm" data-testid="ranking">
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th className="py-1 pr-2">排名</th>
                  <th className="py-1 pr-2">单位</th>
                  <th className="py-1 pr-2 text-right">{perCapita ? `${def.name}（每10万人）` : def.name}</th>
                  <th className="py-1 text-right">同比</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((r, i) => {
                  const v = fmt(r.value);
                  const c = change(yoyDef, r.value, r.last);
                  const yoy = formatChange(yoyDef, perCapita && c?.kind === "absolute" ? null : c);
                  const missing = perCapita && missingPopulation.has(r.code);
                  return (
                    <tr key={r.code} className="border-t border-slate-100">
                      <td className="py-1 pr-2 tabular-nums text-slate-500">{r.value === null ? "—" : i + 1}</td>
                      <td className="py-1 pr-2">
                        <Link href={link(r.code, period, `&kpi=${def.id}`)} className="text-police-600 hover:underline">
                          {r.name}
                        </Link>
                      </td>
                      <td className="py-1 pr-2 text-right tabular-nums" data-value={r.value ?? ""}>
                        {missing ? (
                          <span title={noPopulation} data-testid="no-population">
                            —<span className="sr-only">（{noPopulation}）</span>
                          </span>
                        ) : (
                          <>
                            {v.text}
                            <span className="ml-0.5 text-xs text-slate-400">{v.unit}</span>
                          </>
                        )}
                      </td>
                      <td className={cx("py-1 text-right text-xs tabular-nums", yoy.good === true && "text-emerald-600", yoy.good === false && "text-red-600")}>{yoy.text}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {!ranked.length ? <p className="text-sm text-slate-500">没有下级县区单位。</p> : null}
            {perCapita ? (
              <p className="mt-2 text-xs text-slate-500" data-testid="per-capita-note">
                每10万人口数 = {def.name} ÷ {populationYear}年常住人口 × 100,000。
                {missingPopulation.size ? `${missingPopulation.size} 个单位缺常住人口数据，显示为「—」。` : ""}
                <Link href="/stats/population" className="text-police-600 underline underline-offset-2">
                  常住人口
                </Link>
              </p>
            ) : null}
          </div>
        </div>
      )}
    </Card>
  );
}

/** Monthly trends over 24 months: crime, telecom fraud, disputes. */
export async function Trends({ data }: { data: CockpitData }) {
  const { months, by } = await data.trends();
  const rows = months.map((m, i) => ({
    label: `${String(m.getUTCFullYear()).slice(2)}年${m.getUTCMonth() + 1}月`,
    filed: by["criminal.filed"][i].value,
    solved: by["criminal.solved"][i].value,
    tCases: by["telecom.cases"][i].value,
    tLoss: by["telecom.loss"][i].value,
    screened: by["disputes.screened"][i].value,
    resolved: by["disputes.resolved"][i].value,
    rate: by["mediation.rate"][i].value === null ? null : Math.round((by["mediation.rate"][i].value as number) * 1000) / 10,
  }));
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
      <Card title="刑事案件立案与破案（月）">
        <TrendChart data={rows} leftUnit="起" series={[{ key: "filed", name: "立案", color: "#94a3b8", type: "bar" }, { key: "solved", name: "破案", color: "#1d4f8a" }]} />
      </Card>
      <Card title="电信网络诈骗发案与损失（月）">
        <TrendChart data={rows} leftUnit="起" rightUnit="万元" series={[{ key: "tCases", name: "发案", color: "#b45309", type: "bar" }, { key: "tLoss", name: "损失（万元）", color: "#dc2626", axis: "right" }]} />
      </Card>
      <Card title="矛盾纠纷排查化解（月）">
        <TrendChart data={rows} leftUnit="起" rightUnit="%" series={[{ key: "screened", name: "排查", color: "#94a3b8", type: "bar" }, { key: "resolved", name: "化解", color: "#0f766e", type: "bar" }, { key: "rate", name: "调解成功率%", color: "#7c3aed", axis: "right" }]} />
      </Card>
    </div>
  );
}

/** 挂图作战 at a glance: per sub-unit, how many assignments are red, amber, green. */
export async function BattleSummary({ data, scope, subunits: children, period }: { data: CockpitData; scope: KpiScope; subunits: CockpitChild[]; period: Period }) {
  const by = await data.battleSummary();
  const list = children.map((c) => ({ ...c, ...(by.get(c.code) ?? { total: 0, closed: 0, red: 0, amber: 0 }) })).filter((c) => c.total > 0);
  return (
    <Card title="挂图作战" actions={<Link href={`/battle-map?unit=${scope.code}`} className="text-sm text-police-600 hover:underline">状态矩阵</Link>}>
      {!list.length ? (
        <p className="text-sm text-slate-500">下级单位尚无承办任务。</p>
      ) : (
        <ul className="space-y-1.5 text-xs" data-testid="battle-summary">
          {list.map((c) => {
            const green = c.total - c.red - c.amber;
            return (
              <li key={c.code} className="grid grid-cols-[5.5rem_1fr_4.5rem] items-center gap-2">
                <Link href={link(c.code, period)} className="truncate text-slate-700 hover:text-police-600">
                  {c.shortName ?? c.name}
                </Link>
                <div className="relative flex h-3 overflow-hidden rounded-sm bg-slate-100" title={`红 ${c.red}，黄 ${c.amber}，绿 ${green}（已销号 ${c.closed}）`}>
                  <div className="rag-fill rag-red" style={{ width: `${(c.red / c.total) * 100}%` }} />
                  <div className="rag-fill rag-amber" style={{ width: `${(c.amber / c.total) * 100}%` }} />
                  <div className="rag-fill rag-green" style={{ width: `${(green / c.total) * 100}%` }} />
                  <span className="sr-only">{`红（逾期或退回）${c.red}，黄（临期或待审核）${c.amber}，绿（正常或已销号）${green}`}</span>
                </div>
                <span className="text-right tabular-nums text-slate-500">
                  {Math.round((c.closed / c.total) * 100)}% 销号
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

/** The most overdue work and the oldest open loops in the subtree. */
export async function Attention({ data, scope }: { data: CockpitData; scope: KpiScope }) {
  const now = data.now;
  const { tasks, loops } = await data.attention();
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Card title="逾期最久的任务" actions={<Link href={`/tasks?unit=${scope.code}&rag=overdue`} className="text-sm text-police-600 hover:underline">全部</Link>}>
        {tasks.length ? (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="overdue-tasks">
            {tasks.map((t) => (
              <li key={t.id} className="flex items-baseline justify-between gap-2 py-1.5">
                <Link href={`/tasks/${t.id}`} className="min-w-0 truncate hover:text-police-600">
                  <span className="mr-1 font-mono text-xs text-slate-400">{t.task.code}</span>
                  {t.unit.name} · {t.task.title}
                </Link>
                <span className="shrink-0 text-xs text-red-600">{countdownText(t.deadline, t.status)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">没有逾期任务。</p>
        )}
      </Card>
      <Card title="未闭环情报" actions={<Link href={`/ledgers/intel?unit=${scope.code}&preset=open`} className="text-sm text-police-600 hover:underline">全部</Link>}>
        {loops.length ? (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="open-loops">
            {loops.map((l) => (
              <li key={l.id} className="flex items-baseline justify-between gap-2 py-1.5">
                <Link href={`/ledgers/intel/${l.id}`} className="min-w-0 truncate hover:text-police-600">
                  <span className="mr-1 font-mono text-xs text-slate-400">{l.code}</span>
                  {l.title}
                </Link>
                <Badge tone={l.loopDueAt < now ? "red" : "amber"}>{l.loopDueAt < now ? `逾期 · 时限 ${formatDate(l.loopDueAt)}` : `时限 ${formatDateTime(l.loopDueAt).slice(5, 16)}`}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">情报均已闭环。</p>
        )}
      </Card>
    </div>
  );
}

/** A county's own to-do list: records waiting for it. */
export async function CountyTodo({ data, scope }: { data: CockpitData; scope: KpiScope }) {
  const { returned, dueSoon, toReport, overdueProblems, flagged, oldDemands } = await data.countyTodo();
  const items = [
    { label: "被退回待重办的任务", n: returned, href: `/tasks?unit=${scope.code}&status=RETURNED`, tone: "red" as const },
    { label: "30 天内到期的任务", n: dueSoon, href: `/tasks?unit=${scope.code}&rag=amber`, tone: "amber" as const },
    { label: "未上报的情报", n: toReport, href: `/ledgers/intel?unit=${scope.code}&preset=lateReport`, tone: "red" as const },
    { label: "逾期未销号的矛盾问题", n: overdueProblems, href: `/ledgers/problems?unit=${scope.code}&preset=overdue`, tone: "red" as const },
    { label: "命案风险预警纠纷（未化解）", n: flagged, href: `/ledgers/disputes?unit=${scope.code}&preset=warning`, tone: "red" as const },
    { label: "超 30 天未办结的企业诉求", n: oldDemands, href: `/ledgers/demands?unit=${scope.code}`, tone: "amber" as const },
  ];
  return (
    <Card title="本单位待办">
      <ul className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2" data-testid="county-todo">
        {items.map((i) => (
          <li key={i.label}>
            <Link href={i.href} className="flex items-center justify-between rounded-md border border-slate-100 px-3 py-2 hover:border-police-200">
              <span>{i.label}</span>
              <Badge tone={i.n ? i.tone : "green"}>{i.n}</Badge>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A county's stations with their own figures for the period. */
export async function Stations({ data, period }: { data: CockpitData; period: Period }) {
  const { stations, defs, values } = await data.stations();
  return (
    <Card title="派出所">
      {stations.length ? (
        <table className="w-full text-sm" data-testid="stations">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="py-1">派出所</th>
              {defs.map((d) => (
                <th key={d.id} className="py-1 text-right" title={d.caliber}>
                  {d.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={s.code} className="border-t border-slate-100">
                <td className="py-1">
                  <Link href={link(s.code, period)} className="text-police-600 hover:underline">
                    {s.shortName ?? s.name}
                  </Link>
                </td>
                {defs.map((d, i) => {
                  const v = formatKpiValue(d, values[i].get(s.code) ?? null);
                  return (
                    <td key={d.id} className="py-1 text-right tabular-nums">
                      {v.text}
                      <span className="text-xs text-slate-400">{v.unit}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-500">没有下属派出所。</p>
      )}
    </Card>
  );
}
