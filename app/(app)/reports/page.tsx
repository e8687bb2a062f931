import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import Link from "@/components/link";
import { SelectField, UnitField } from "@/components/forms/field";
import { Card, EmptyState, PageHeader, Pagination, Table, Td, Th, buttonClass } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { defaultPeriod, periodOptions } from "@/lib/kpi/period";
import { ARCHIVE_PAGE, listArchives, reportUnits } from "@/lib/reports/queries";
import { unitPickerOptions } from "@/lib/units/picker";
import { resolveViewUnit } from "@/lib/units/queries";
import { ZPageQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "月报" };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePermission("report:read");
  const { page } = parseQuery(ZPageQuery, await searchParams);
  const [units, view, archive] = await Promise.all([reportUnits(userScope(user)), resolveViewUnit(user), listArchives(userScope(user), page)]);
  const periods = periodOptions().filter((o) => o.group !== "滚动");
  return (
    <div>
      <PageHeader
        note={<DataAsOf />}
        title="月报"
        subtitle="按单位和统计期生成主动创稳工作报告：在线阅读、打印，或下载 PDF、Excel、CSV。所有数字与驾驶舱同一口径。"
        actions={can(user.role, "report:generate") ? <Link href="/reports/schedules" className="text-sm text-police-600 hover:underline">定期生成</Link> : null}
      />
      <Card title="查看报告" className="mb-6">
        <form action="/reports/view" className="flex flex-wrap items-end gap-3">
          <UnitField name="unit" label="单位" units={unitPickerOptions(units, { by: "code" })} defaultValue={view.level === "STATION" || view.level === "DEPARTMENT" ? units[0]?.code : view.code} className="w-full sm:w-72" />
          <SelectField name="period" label="统计期" options={periods.map((p) => ({ value: p.key, label: p.label }))} defaultValue={defaultPeriod().key} empty={false} className="w-full sm:w-56" />
          <button className={buttonClass("primary")}>查看报告</button>
        </form>
      </Card>
      <Card title={`报告归档（${archive.total}）`}>
        {archive.rows.length ? (
          <Table>
            <thead>
              <tr>
                <Th>报告</Th>
                <Th>生成时间</Th>
                <Th>生成人</Th>
                <Th>下载</Th>
                <Th>核对</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="archive-rows">
              {archive.rows.map((r) => (
                <tr key={r.id}>
                  <Td>
                    <Link href={`/reports/archive/${r.id}`} className="text-police-600 hover:underline">
                      {r.title}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap text-xs">{formatDateTime(r.generatedAt)}</Td>
                  <Td className="text-xs">{r.scheduleId ? "定期生成" : r.by}</Td>
                  <Td className="whitespace-nowrap text-xs">
                    <a href={`/api/reports/archive/${r.id}?format=pdf`} className="text-police-600 hover:underline">
                      PDF
                    </a>{" "}
                    ·{" "}
                    <a href={`/api/reports/archive/${r.id}?format=xlsx`} className="text-police-600 hover:underline">
                      Excel
                    </a>{" "}
                    ·{" "}
                    <a href={`/api/reports/archive/${r.id}?format=csv`} className="text-police-600 hover:underline">
                      CSV
                    </a>
                  </Td>
                  <Td>
                    <Link href={`/reports/archive/${r.id}#compare`} className="text-xs text-police-600 hover:underline">
                      与当前数据对比
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="还没有归档的报告">下载报告时自动归档。</EmptyState>
        )}
        <Pagination page={page} pageCount={Math.max(1, Math.ceil(archive.total / ARCHIVE_PAGE))} total={archive.total} hrefFor={(p) => `/reports?page=${p}`} />
      </Card>
    </div>
  );
}
