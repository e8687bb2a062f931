import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatDateCn } from "@/lib/format";
import { getActivePlan } from "@/lib/plan/queries";

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  return { title: `任务 ${(await params).code}` };
}

export default async function PlanTaskPage({ params }: { params: Promise<{ code: string }> }) {
  await requirePermission("plan:read");
  const { code } = await params;
  const plan = await getActivePlan();
  for (const area of plan?.areas ?? [])
    for (const m of area.measures)
      for (const t of m.tasks)
        if (t.code === code)
          return (
            <div className="max-w-4xl">
              <nav className="mb-3 text-sm text-slate-500">
                <Link href="/plan" className="hover:underline">
                  规划纲要
                </Link>{" "}
                › 第{area.code}方面 {area.name} › {m.code} {m.name}
              </nav>
              <PageHeader title={`${t.code} ${t.title}`} subtitle={`截止日期 ${formatDateCn(t.deadline, { utcDate: true })}`} />
              <Card>
                <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-[8rem_1fr]">
                  <dt className="text-slate-500">任务内容</dt>
                  <dd>{t.description ?? "—"}</dd>
                  <dt className="text-slate-500">量化目标</dt>
                  <dd>{t.target ?? "—"}</dd>
                  <dt className="text-slate-500">完成标准</dt>
                  <dd>{t.completionStandard ?? "—"}</dd>
                  <dt className="text-slate-500">牵头单位</dt>
                  <dd className="flex flex-wrap gap-1.5">
                    {t.lead.map((d) => (
                      <Badge key={d} tone="blue">
                        {d}
                      </Badge>
                    ))}
                  </dd>
                  <dt className="text-slate-500">配合单位</dt>
                  <dd className="flex flex-wrap gap-1.5">{t.support.length ? t.support.map((d) => <Badge key={d}>{d}</Badge>) : "—"}</dd>
                </dl>
              </Card>
            </div>
          );
  notFound();
}
