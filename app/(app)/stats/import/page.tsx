import type { Metadata } from "next";
import Link from "@/components/link";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { MAX_IMPORT_ROWS } from "@/lib/imports/file";
import { STAT_CATEGORIES } from "@/lib/stats/catalogue";
import { MONTH_HEADER, UNIT_HEADER } from "@/lib/stats/import";
import { importStats } from "@/lib/stats/server-actions";
import { lastCompletedMonth, monthLabel } from "@/lib/stats/validate";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope, resolveViewUnit } from "@/lib/units/queries";
import { StatsImportForm } from "./import-form";
import { ZUnitQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "导入月度统计" };

export default async function StatsImportPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const user = await requirePermission("stats:write");
  const [units, view] = await Promise.all([listUnitsInScope(user), resolveViewUnit(user, parseQuery(ZUnitQuery, await searchParams).unit)]);
  const options = unitPickerOptions(units, { keep: (u) => u.active && u.level !== "DEPARTMENT" && u.level !== "STATION" });
  const last = lastCompletedMonth();
  const template = (format: string) => `/api/stats/export?${new URLSearchParams({ unit: view.code, month: last, template: "1", format })}`;
  return (
    <div className="max-w-5xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href={`/stats?unit=${view.code}`} className="hover:underline">
          月度统计
        </Link>{" "}
        › 导入
      </nav>
      <PageHeader
        title="导入月度统计"
        subtitle={`Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码），最多 ${MAX_IMPORT_ROWS.toLocaleString("zh-CN")} 行，格式与导出文件相同。任何一处错误则整个文件不导入；疑似异常的数据须勾选「数据已核实」后导入；重复导入同一文件不会改动数据。`}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="选择文件" className="lg:col-span-2">
          <StatsImportForm action={importStats} units={options} unit={view.id} statsHref={`/stats?unit=${view.code}`} />
        </Card>
        <Card title="列说明">
          <p className="mb-2 text-sm">
            下载填报模板（{view.name}，{monthLabel(last)}）：
            <a href={template("xlsx")} className="text-police-600 underline underline-offset-2">
              Excel
            </a>{" "}
            ·{" "}
            <a href={template("csv")} className="text-police-600 underline underline-offset-2">
              CSV
            </a>
          </p>
          <ul className="space-y-1 text-xs text-slate-600">
            <li>
              <b>{UNIT_HEADER}</b>
              <span className="text-red-600"> *</span>：县区、派出所（嘉峪关为市局本级）的代码或名称；市州不能导入，省厅本级只导入公安政务服务事项
            </li>
            <li>
              <b>{MONTH_HEADER}</b>
              <span className="text-red-600"> *</span>：YYYY-MM（或该月任一日期），只能是已结束的月份
            </li>
            {STAT_CATEGORIES.flatMap((c) =>
              c.metrics.map((m) => (
                <li key={m.key}>
                  <b>
                    {c.label}
                    {m.label}
                  </b>
                  ：{m.unit}
                  {m.decimals ? `，最多 ${m.decimals} 位小数` : "，整数"}
                  {m.kind === "stock" ? "，月末存量" : ""}
                </li>
              )),
            )}
            <li className="pt-1 text-slate-500">指标列可以只保留需要导入的几列；空白单元格表示不改动已有数据。「单位名称」列仅供阅读，导入时忽略。</li>
          </ul>
        </Card>
      </div>
    </div>
  );
}
