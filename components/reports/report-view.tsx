// The report in the browser (and on paper: the print stylesheet gives clean A4 pages). Renders a ReportData —
// live or archived — exactly as the PDF and the workbook do.
import Link from "@/components/link";
import { cx } from "@/components/ui";
import { formatDateTime, formatNumber } from "@/lib/format";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { type ReportData, type ReportKpi, reportChange, reportValue } from "@/lib/reports/build";
import { BarLineChart } from "./svg-chart";

function Value({ k, v }: { k: Pick<ReportKpi, "id">; v: number | null }) {
  const f = reportValue(k, v);
  return (
    <>
      {f.text}
      {f.text !== "—" ? <span className="text-xs text-slate-500">{f.unit}</span> : null}
    </>
  );
}

function Change({ k, which }: { k: ReportKpi; which: "yoy" | "mom" }) {
  const c = reportChange(k, which);
  return <span className={cx(c.good === true && "text-emerald-700", c.good === false && "text-red-700")}>{c.text}</span>;
}

function Section({ title, children, className }: { title: string; children: React.ReactNode; className?: string }) {
  return (
    <section className={cx("report-section mt-8", className)}>
      <h2 className="mb-3 border-b-2 border-police-700 pb-1 text-lg font-semibold text-police-800">{title}</h2>
      {children}
    </section>
  );
}

function KpiTable({ kpis }: { kpis: ReportKpi[] }) {
  return (
    <table className="w-full text-sm" data-testid="report-kpis">
      <thead>
        <tr className="bg-police-50 text-left text-xs text-police-800">
          <th className="px-2 py-1">指标</th>
          <th className="px-2 py-1 text-right">本期</th>
          <th className="px-2 py-1 text-right">上年同期</th>
          <th className="px-2 py-1 text-right">同比</th>
          <th className="px-2 py-1 text-right">上期</th>
          <th className="px-2 py-1 text-right">环比</th>
        </tr>
      </thead>
      <tbody>
        {kpis.map((k) => (
          <tr key={k.id} className="border-b border-slate-100" data-kpi={k.id} data-value={k.value ?? ""}>
            <td className="px-2 py-1" title={KPI_MAP.get(k.id)?.caliber}>
              <Link href={`/kpi#${k.id}`} className="hover:text-police-600 hover:underline print:no-underline" aria-label={`${k.name}（查看口径）`}>
                {k.name}
              </Link>
            </td>
            <td className="px-2 py-1 text-right tabular-nums">{k.available ? <Value k={k} v={k.value} /> : "—"}</td>
            <td className="px-2 py-1 text-right tabular-nums">{k.available ? <Value k={k} v={k.lastYear} /> : "—"}</td>
            <td className="px-2 py-1 text-right tabular-nums">
              <Change k={k} which="yoy" />
            </td>
            <td className="px-2 py-1 text-right tabular-nums">{k.available ? <Value k={k} v={k.previous} /> : "—"}</td>
            <td className="px-2 py-1 text-right tabular-nums">
              <Change k={k} which="mom" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportView({ data }: { data: ReportData }) {
  const groups = [...new Set(data.kpis.map((k) => k.group))];
  const s = data.trends.series;
  const levelWord = data.unit.level === "COUNTY" ? "派出所" : data.unit.level === "CITY" ? "县区" : "市州";
  return (
    <article className="report mx-auto max-w-[210mm] bg-white px-10 py-8 text-slate-900 shadow-sm print:max-w-none print:p-0 print:shadow-none" data-testid="report">
      <header className="report-cover border-b border-slate-200 pb-6 text-center print:flex print:min-h-[250mm] print:flex-col print:justify-center print:border-0">
        <p className="text-right text-xs text-red-700">内部资料 注意保密</p>
        <h1 className="mt-6 text-2xl font-bold text-police-800" data-testid="report-title">
          {data.title}
        </h1>
        <p className="mt-3 text-sm text-slate-600">
          单位：{data.unit.name} · 统计期：{data.period.label}
          {data.period.partial ? "（未结束）" : ""}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          生成于 {formatDateTime(new Date(data.generatedAt))}（北京时间）· 生成人 {data.generatedBy}
        </p>
      </header>

      <Section title="一、总体情况">
        {data.summary.map((p, i) => (
          <p key={i} className="mb-2 indent-8 leading-7" data-testid="report-summary">
            {p}
          </p>
        ))}
      </Section>

      <Section title="二、主要指标">
        {groups.map((g) => (
          <div key={g} className="mb-4 break-inside-avoid">
            <h3 className="mb-1 text-sm font-semibold text-slate-600">{g}</h3>
            <KpiTable kpis={data.kpis.filter((k) => k.group === g)} />
          </div>
        ))}
      </Section>

      {data.ranking?.rows.length ? (
        <Section title={`三、下级单位比较（${levelWord}）`}>
          <div className="relative overflow-x-auto">
            <table className="w-full text-xs" data-testid="report-ranking">
              <thead>
                <tr className="bg-police-50 text-police-800">
                  <th className="px-1.5 py-1 text-left">单位</th>
                  {data.ranking.kpis.map((id) => (
                    <th key={id} className="px-1.5 py-1 text-right" title={KPI_MAP.get(id)?.caliber}>
                      <Link href={`/kpi#${id}`} className="hover:underline">
                        {KPI_MAP.get(id)?.name}
                      </Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.ranking.rows.map((r) => (
                  <tr key={r.code} className="border-b border-slate-100">
                    <td className="px-1.5 py-1">{r.name}</td>
                    {data.ranking!.kpis.map((id) => (
                      <td key={id} className="px-1.5 py-1 text-right tabular-nums">
                        <Value k={{ id }} v={r.values[id]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ) : null}

      <Section title="四、趋势（近 13 个月）" className="print:break-before-page">
        <div className="grid grid-cols-1 gap-4">
          <figure className="break-inside-avoid">
            <figcaption className="text-sm font-semibold">刑事案件立案与破案</figcaption>
            <BarLineChart months={data.trends.months} bars={{ name: "立案", values: s["criminal.filed"], color: "#94a3b8" }} line={{ name: "破案", values: s["criminal.solved"], color: "#1d4f8a" }} />
          </figure>
          <figure className="break-inside-avoid">
            <figcaption className="text-sm font-semibold">电信网络诈骗发案与损失（万元）</figcaption>
            <BarLineChart months={data.trends.months} bars={{ name: "发案", values: s["telecom.cases"], color: "#d97706" }} line={{ name: "损失", values: s["telecom.loss"], color: "#dc2626" }} />
          </figure>
          <figure className="break-inside-avoid">
            <figcaption className="text-sm font-semibold">矛盾纠纷排查与化解</figcaption>
            <BarLineChart months={data.trends.months} bars={{ name: "排查", values: s["disputes.screened"], color: "#94a3b8" }} line={{ name: "化解", values: s["disputes.resolved"], color: "#0f766e" }} />
          </figure>
        </div>
      </Section>

      <Section title={`五、逾期任务（共 ${data.overdueTasks.total} 项）`}>
        {data.overdueTasks.rows.length ? (
          <table className="w-full text-xs">
            <thead>
              <tr className="bg-police-50 text-left text-police-800">
                <th className="px-1.5 py-1">任务</th>
                <th className="px-1.5 py-1">承办单位</th>
                <th className="px-1.5 py-1">时限</th>
                <th className="px-1.5 py-1 text-right">逾期</th>
                <th className="px-1.5 py-1">状态</th>
              </tr>
            </thead>
            <tbody>
              {data.overdueTasks.rows.map((r, i) => (
                <tr key={i} className="border-b border-slate-100">
                  <td className="px-1.5 py-1">
                    {r.code} {r.title}
                  </td>
                  <td className="px-1.5 py-1">{r.unit}</td>
                  <td className="px-1.5 py-1">{r.deadline}</td>
                  <td className="px-1.5 py-1 text-right">{r.daysOverdue} 天</td>
                  <td className="px-1.5 py-1">{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">无逾期任务。</p>
        )}
      </Section>

      <Section title={`六、未闭环情报（共 ${data.openLoops.total} 条，其中逾期 ${data.openLoops.overdue} 条）`}>
        {data.openLoops.rows.length ? (
          <table className="w-full text-xs">
            <thead>
              <tr className="bg-police-50 text-left text-police-800">
                <th className="px-1.5 py-1">编号</th>
                <th className="px-1.5 py-1">标题</th>
                <th className="px-1.5 py-1">单位</th>
                <th className="px-1.5 py-1">闭环时限</th>
              </tr>
            </thead>
            <tbody>
              {data.openLoops.rows.map((r) => (
                <tr key={r.code} className="border-b border-slate-100">
                  <td className="px-1.5 py-1 font-mono">{r.code}</td>
                  <td className="px-1.5 py-1">{r.title}</td>
                  <td className="px-1.5 py-1">{r.unit}</td>
                  <td className={cx("px-1.5 py-1", r.overdue && "text-red-700")}>
                    {formatDateTime(new Date(r.loopDueAt)).slice(0, 16)}
                    {r.overdue ? "（逾期）" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm">情报均已闭环。</p>
        )}
      </Section>

      <Section title="七、矛盾纠纷化解与包抓联企业">
        <KpiTable kpis={data.kpis.filter((k) => k.group === "矛盾纠纷化解" || k.group === "服务发展")} />
      </Section>

      {data.assessment ? (
        <Section title={`八、绩效考评（${data.assessment.periodLabel}）`}>
          {data.assessment.own ? (
            <>
              <p className="mb-2 text-sm">
                本单位得分 <b>{formatNumber(data.assessment.own.total, 2)}</b> 分（指标 {formatNumber(data.assessment.own.base, 2)} + 加分 {data.assessment.own.add} − 扣分 {data.assessment.own.deduct}），在全省同级单位 {data.assessment.own.of} 个中排第 {data.assessment.own.rank} 名。
              </p>
              <table className="mb-4 w-full text-xs">
                <tbody>
                  {data.assessment.own.items.map((i) => (
                    <tr key={`${i.group}${i.name}`} className="border-b border-slate-100">
                      <td className="px-1.5 py-1">
                        {i.group}·{i.name}
                      </td>
                      <td className="px-1.5 py-1 text-right tabular-nums">{i.scored ? `${formatNumber(i.points, 2)} / ${i.max}` : "仅展示"}</td>
                      <td className="px-1.5 py-1 text-slate-500">{i.rule}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {data.assessment.peers.length ? (
            <table className="w-full text-xs">
              <thead>
                <tr className="bg-police-50 text-left text-police-800">
                  <th className="px-1.5 py-1">单位</th>
                  <th className="px-1.5 py-1 text-right">得分</th>
                  <th className="px-1.5 py-1 text-right">全省同级排名</th>
                </tr>
              </thead>
              <tbody>
                {data.assessment.peers.map((p) => (
                  <tr key={p.code} className="border-b border-slate-100">
                    <td className="px-1.5 py-1">{p.name}</td>
                    <td className="px-1.5 py-1 text-right tabular-nums">{formatNumber(p.total, 2)}</td>
                    <td className="px-1.5 py-1 text-right tabular-nums">{p.rank}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Section>
      ) : null}

      <Section title="附：指标口径" className="print:break-before-page">
        <dl className="space-y-1 text-xs" data-testid="report-calibers">
          {data.calibers.map((c) => (
            <div key={c.id}>
              <dt className="inline font-semibold">{c.name}：</dt>
              <dd className="inline text-slate-700">{c.caliber}</dd>
            </div>
          ))}
        </dl>
      </Section>
    </article>
  );
}
