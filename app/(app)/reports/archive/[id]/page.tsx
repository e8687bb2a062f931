import type { Metadata } from "next";
import Link from "@/components/link";
import { PrintButton } from "@/components/reports/print-button";
import { ReportView } from "@/components/reports/report-view";
import { Card, Table, Td, Th } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime, formatKpiValue } from "@/lib/format";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { archivedReport } from "@/lib/reports/queries";

export const metadata: Metadata = { title: "归档报告" };

const show = (id: string, v: number | null) => {
  const f = formatKpiValue(KPI_MAP.get(id)!, v);
  return `${f.text}${f.text === "—" ? "" : f.unit}`;
};

export default async function ArchivedReportPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermission("report:read");
  const row = await archivedReport(user, Number((await params).id));
  const { archived, diff } = row;
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
