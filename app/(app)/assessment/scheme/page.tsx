import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, PageHeader } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { configureScheme } from "@/lib/assessment/server-actions";
import { currentScheme } from "@/lib/assessment/queries";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { SchemeEditor } from "./scheme-editor";

export const metadata: Metadata = { title: "考评指标体系" };

const METHOD = { target: "目标法", rank: "排名法", yoy: "同比法" } as const;

export default async function SchemePage() {
  const user = await requirePermission("assessment:read");
  const { scheme, version, id } = await currentScheme();
  const editable = can(user.role, "assessment:configure") && user.unitLevel === "PROVINCE" && id !== null;
  return (
    <div className="max-w-5xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/assessment" className="hover:underline">
          绩效考评
        </Link>{" "}
        › 指标体系
      </nav>
      <PageHeader title={scheme.name} subtitle={`计分指标合计 100 分；加分上限 ${scheme.maxAdd} 分，扣分上限 ${scheme.maxDeduct} 分；每件期末逾期督办扣 ${scheme.overdueSupervisionPoints} 分（计入扣分上限）。指标口径与驾驶舱一致。`} />
      <div className="space-y-4">
        {scheme.groups.map((g) => (
          <Card key={g.id} title={`${g.name}（${g.indicators.filter((i) => i.scored).reduce((n, i) => n + i.points, 0)} 分）`}>
            <ul className="divide-y divide-slate-100 text-sm">
              {g.indicators.map((i) => (
                <li key={i.id} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
                  <span>
                    {i.name} {i.scored ? <Badge tone="blue">{i.points} 分</Badge> : <Badge>仅展示</Badge>}
                    <span className="ml-2 text-xs text-slate-500">{KPI_MAP.get(i.kpi)?.caliber}</span>
                  </span>
                  <span className="text-xs text-slate-500">
                    {METHOD[i.method]}
                    {i.method !== "rank" ? `：目标 ${i.target}，下限 ${i.floor}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ))}
        {editable ? (
          <Card title="修改指标体系（JSON）">
            <SchemeEditor action={configureScheme} version={version} initial={JSON.stringify(scheme, null, 2)} kpis={[...KPI_MAP.values()].map((k) => `${k.id}：${k.name}`)} />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
