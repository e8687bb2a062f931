import type { Metadata } from "next";
import Link from "next/link";
import { PrintButton } from "@/components/reports/print-button";
import { ReportView } from "@/components/reports/report-view";
import { Card, Table, Td, Th } from "@/components/ui";
import { contains, narrowScope, userScope } from "@/lib/auth/scope";
import { denyPage, requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { formatKpiValue } from "@/lib/format";
import { parsePeriod } from "@/lib/kpi/period";
import { type ReportData, buildReport } from "@/lib/reports/build";
import { compareReports } from "@/lib/reports/compare";

export const metadata: Metadata = { title: "归档报告" };

const show = (id: string, v: number | null) => {
  const f = formatKpiValue(KPI_MAP.get(id)!, v);
  return `${f.text}${f.text === "—" ? "" : f.unit}`;
};

export default async function ArchivedReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("report:read");
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", user);
  const db = getDb();
  const row = await db.reportArchive.findUnique({ where: { id }, select: { id: true, unitId: true, unitPath: true, period: true, figures: true, generatedAt: true, title: true } });
  if (!row || !contains(userScope(user), row.unitPath)) return denyPage(row ? "超出管辖范围" : "记录不存在", user);
  const archived = row.figures as unknown as ReportData;
  const unit = await db.unit.findUniqueOrThrow({ where: { id: row.unitId }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
  const period = parsePeriod(row.period);
  const scope = narrowScope(userScope(user), unit.path);
  const current = period && scope ? await buildReport(db, { ...unit, scope }, period, { by: `${user.name}（${user.username}）` }) : null;
  const diff = current ? compareReports(archived, current) : null;
  return (
    <div>
      <div className="no-print mb-4 flex flex-wrap items-center justify-between gap-2">
        <Link href="/reports" className="text-sm text-police-600 hover:underline">
          ← 报告归档
        </Link>
        <div className="flex gap-3 text-sm">
          <PrintButton />
          {(["pdf", "xlsx", "csv"] as const).map((f) => (
            <a key={f} href={`/api/reports/archive/${row.id}?format=${f}`} className="text-police-600 hover:underline">
              下载 {f.toUpperCase()}
            </a>
          ))}
        </div>
      </div>
      {diff ? (
        <Card title="与当前数据对比" className="no-print mb-6">
          <div id="compare" data-testid="compare">
            {diff.kpis.length || diff.ranking.length ? (
              <>
                <p className="mb-2 text-sm text-amber-800">本报告生成于 {formatDateTime(row.generatedAt)}。此后有数据补录或更正，以下数字与现在不同：</p>
                <Table>
                  <thead>
                    <tr>
                      <Th>指标</Th>
                      <Th>单位</Th>
                      <Th className="text-right">报告中</Th>
                      <Th className="text-right">现在</Th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {[...diff.kpis.map((c) => ({ ...c, unit: archived.unit.name })), ...diff.ranking].map((c, i) => (
                      <tr key={i}>
                        <Td>{c.name}</Td>
                        <Td>{c.unit}</Td>
                        <Td className="text-right tabular-nums">{show(c.id, c.then)}</Td>
                        <Td className="text-right tabular-nums font-medium">{show(c.id, c.now)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </>
            ) : (
              <p className="text-sm text-emerald-700">报告中的数字与当前数据一致。</p>
            )}
          </div>
        </Card>
      ) : null}
      <ReportView data={archived} />
    </div>
  );
}
