import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { minBaseForPct } from "@/lib/format";
import { KPIS, kpiSource } from "@/lib/kpi/definitions";
import { hasPerCapita } from "@/lib/kpi/per-capita";

export const metadata: Metadata = { title: "指标口径" };

const DIRECTION = { up: "越高越好", down: "越低越好", neutral: "工作量（不分好坏）" } as const;

/** Every KPI with its 口径: linked from every cockpit card and report row (…/kpi#<id>). */
export default async function KpiCaliberPage() {
  await requirePermission("cockpit:read");
  const groups = [...new Set(KPIS.map((k) => k.group))];
  return (
    <div className="max-w-6xl">
      <PageHeader
        title="指标口径"
        subtitle="驾驶舱、月度报告和导出文件中的每个指标都按此口径计算；存量指标（未销号、未闭环、包抓中等）均按统计期期末计，已结束的统计期不会因为时间推移而变化，只有期内数据的补录或更正会改变它。「每10万人口」一栏标明可在驾驶舱地图和排名中按常住人口比较的计数指标：指标值 ÷ 该单位统计期所在年份的常住人口 × 100,000，缺人口数据的单位显示「—」。"
      />
      <div className="space-y-4">
        {groups.map((g) => (
          <Card key={g} title={g}>
            {/* below 768 px each KPI becomes a card, each cell a line led by its column (globals.css data-stack) */}
            <table className="w-full text-sm" data-stack="">
              <thead>
                <tr className="text-left text-xs text-slate-500">
                  <th className="py-1 pr-2">指标</th>
                  <th className="py-1 pr-2">口径</th>
                  <th className="py-1 pr-2">单位</th>
                  <th className="py-1 pr-2">方向</th>
                  <th className="py-1 pr-2">数据来源</th>
                  <th className="py-1 pr-2">每10万人口</th>
                  <th className="py-1">同比/环比</th>
                </tr>
              </thead>
              <tbody>
                {KPIS.filter((k) => k.group === g).map((k) => (
                  <tr key={k.id} id={k.id} className="scroll-mt-20 border-t border-slate-100 align-top target:bg-amber-50" data-testid={`caliber-${k.id}`}>
                    <td className="py-1.5 pr-2 font-medium">{k.name}</td>
                    <td className="py-1.5 pr-2 text-slate-700" data-label="口径">{k.caliber}</td>
                    <td className="py-1.5 pr-2 whitespace-nowrap" data-label="单位">{k.unit}</td>
                    <td className="py-1.5 pr-2 whitespace-nowrap" data-label="方向">{DIRECTION[k.direction]}</td>
                    <td className="py-1.5 pr-2" data-label="数据来源">{kpiSource(k)}</td>
                    <td className="py-1.5 pr-2 whitespace-nowrap" data-label="每10万人口" data-testid={`per-capita-${k.id}`}>
                      {hasPerCapita(k) ? `可比（${k.unit}/10万人）` : "否"}
                    </td>
                    <td className="py-1.5 text-slate-600" data-label="同比/环比">
                      {k.custom === "telecomStreak"
                        ? "连续月数，不计同比、环比"
                        : k.format === "percent"
                          ? "比率之差，以“个百分点”表示"
                          : minBaseForPct(k) > 0
                            ? `基数不少于 ${minBaseForPct(k)} ${k.unit}时以百分比表示，否则只显示增减数`
                            : "以百分比表示"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        ))}
      </div>
    </div>
  );
}
