import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, EmptyState, PageHeader, Td, Th } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { ZUnitQuery, parseQuery } from "@/lib/http/query";
import { MAX_IMPORT_ROWS } from "@/lib/imports/file";
import { POP_SOURCE_HEADER, POP_UNIT_HEADER, POP_VALUE_HEADER, POP_YEAR_HEADER } from "@/lib/population/import";
import { populationPage } from "@/lib/population/queries";
import { importPopulation } from "@/lib/population/server-actions";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope, resolveViewUnit } from "@/lib/units/queries";
import { PopulationImportForm } from "./import-form";

export const metadata: Metadata = { title: "常住人口" };

/** 常住人口 of the unit's territory (the base of rates per 10万人口) and its import. */
export default async function PopulationPage({ searchParams }: { searchParams: Promise<{ unit?: string }> }) {
  const user = await requirePermission("stats:read");
  const view = await resolveViewUnit(user, parseQuery(ZUnitQuery, await searchParams).unit);
  const { rows, years } = await populationPage(view.scope);
  const shownYears = years.slice(0, 4);
  const canImport = can(user.role, "stats:write");
  const options = canImport ? unitPickerOptions(await listUnitsInScope(user), { keep: (u) => u.active && (u.level === "PROVINCE" || u.level === "CITY" || u.level === "COUNTY") }) : [];
  const demo = rows.some((r) => [...r.byYear.values()].some((f) => f.isDemo));
  return (
    <div className="max-w-5xl space-y-5">
      <nav className="text-sm text-slate-500">
        <Link href={`/stats?unit=${view.code}`} className="hover:underline">
          月度统计
        </Link>{" "}
        › 常住人口
      </nav>
      <PageHeader title="常住人口" subtitle="驾驶舱地图和排名「每10万人」的分母：指标值 ÷ 该单位统计期所在年份的常住人口 × 100,000。缺某年人口数据的单位显示「—」。" />
      {demo ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="population-demo">
          <Badge tone="amber">演示数据</Badge> 标有「演示数据」的人口数为演示环境按全省约 2,465 万人拆分的近似值，不是官方统计；导入正式数据后自动替换。
        </p>
      ) : null}
      {canImport ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
          <Card title="导入常住人口" className="lg:col-span-2">
            <PopulationImportForm action={importPopulation} units={options} unit={view.id} />
          </Card>
          <Card title="列说明">
            <ul className="space-y-1 text-xs text-slate-600">
              <li>
                <b>{POP_UNIT_HEADER}</b>
                <span className="text-red-600"> *</span>：省（62）、市州（如 6201）、县区（如 620102）的区划代码
              </li>
              <li>
                <b>{POP_YEAR_HEADER}</b>
                <span className="text-red-600"> *</span>：如 2023
              </li>
              <li>
                <b>{POP_VALUE_HEADER}</b>
                <span className="text-red-600"> *</span>：年末常住人口，整数（人，不是万人）
              </li>
              <li>
                <b>{POP_SOURCE_HEADER}</b>：可选，如「甘肃统计年鉴 2024」
              </li>
              <li className="pt-1 text-slate-500">Excel（.xlsx）或 CSV，最多 {formatCount(MAX_IMPORT_ROWS, { compact: false })} 行；任何一处错误则整个文件不导入。</li>
            </ul>
          </Card>
        </div>
      ) : null}
      <Card title={`${view.name}及下级地区`}>
        {!rows.length || !years.length ? (
          <EmptyState title="尚无常住人口数据">导入后，驾驶舱可按每10万人口比较。</EmptyState>
        ) : (
          // a scroll box of its own on narrow screens, reachable by keyboard
          <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white" tabIndex={0} role="region" aria-label="常住人口表">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead>
              <tr>
                <Th>单位</Th>
                <Th>代码</Th>
                {shownYears.map((y) => (
                  <Th key={y} className="text-right">
                    {y}年（人）
                  </Th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="population-table">
              {rows.map((r) => (
                <tr key={r.code}>
                  <Td className={r.depth > view.depth ? (r.depth > view.depth + 1 ? "pl-8" : "pl-5") : "font-medium"}>{r.name.replace(/公安厅$/, "")}</Td>
                  <Td className="font-mono text-xs">{r.code}</Td>
                  {shownYears.map((y) => {
                    const f = r.byYear.get(y);
                    return (
                      <Td key={y} className="text-right tabular-nums" title={f?.source ?? "缺人口数据"}>
                        {f ? formatCount(f.population, { compact: false }) : "—"}
                        {f?.isDemo ? <span className="ml-1 text-xs text-amber-800">演示</span> : null}
                      </Td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
