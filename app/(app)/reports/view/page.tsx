import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import Link from "@/components/link";
import { notFound } from "next/navigation";
import { ExportButton } from "@/components/export-button";
import { PrintButton } from "@/components/reports/print-button";
import { ReportView } from "@/components/reports/report-view";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { type Period, asOf, defaultPeriod, parsePeriod } from "@/lib/kpi/period";
import { type ReportSubject, currentReport, reportSubject } from "@/lib/reports/queries";
import { ZReportViewQuery, parseQuery } from "@/lib/http/query";
import { PlanPicker, withPlan } from "@/components/plan-picker";
import { type PlanOption, planYears } from "@/lib/plan/choice";
import { resolvePlan } from "@/lib/plan/queries";

export const metadata: Metadata = { title: "报告" };

export default async function ReportViewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("report:read");
  const sp = parseQuery(ZReportViewQuery, await searchParams);
  const unit = await reportSubject(user, sp.unit ?? user.unitCode);
  const period = parsePeriod(sp.period) ?? defaultPeriod();
  if (period.kind === "d7" || period.kind === "d28") notFound();
  return (
    <Suspense fallback={<PageLoading what="报告" />}>
      <Report user={user} unit={unit} period={period} planCode={sp.plan} />
    </Suspense>
  );
}

async function Report({ user, unit, period, planCode }: { user: SessionUser; unit: ReportSubject; period: Period; planCode: string | undefined }) {
  // the task KPIs: the chosen plan, else the plan in force at the period's end (the engine's default)
  const plans = await resolvePlan(planCode, asOf(period));
  const chosen: PlanOption | null = plans.chosen ? plans.plan : null;
  const { data, freshness } = await currentReport(unit, period, user, chosen);
  const canGenerate = can(user.role, "report:generate");
  return (
    <div>
      <div className="no-print mb-4 flex flex-wrap items-center justify-between gap-2">
        <Link href="/reports" className="text-sm text-police-600 hover:underline">
          ← 月报
        </Link>
        <div className="flex flex-wrap gap-2">
          <PrintButton />
          {canGenerate
            ? (["pdf", "xlsx", "csv"] as const).map((f) => (
                <ExportButton
                  key={f}
                  href="/api/reports/render"
                  form={{ unit: unit.code, period: period.key, format: f, ...(chosen ? { plan: chosen.code } : {}) }}
                  label={`下载 ${f === "pdf" ? "PDF" : f === "xlsx" ? "Excel" : "CSV"}`}
                  busyLabel="正在生成…"
                  variant={f === "pdf" ? "primary" : "secondary"}
                  testId={`download-${f}`}
                />
              ))
            : null}
        </div>
      </div>
      <div className="no-print">
        <PlanPicker plans={plans.plans} selected={plans.plan?.id} href={(c) => withPlan("/reports/view", { unit: unit.code, period: period.key }, c)} />
      </div>
      {plans.plan && plans.plans.length > 1 ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="report-plan">
          规划任务指标按《{plans.plan.name}》（{planYears(plans.plan)}）统计{chosen ? "" : "（统计期末所在年份的规划）"}。
        </p>
      ) : null}
      <DataAsOf className="mb-3 text-xs text-slate-600" shared={freshness} />
      {canGenerate ? <p className="no-print mb-3 text-xs text-slate-500">下载时生成的报告自动归档，可在「月报」页重新下载和核对。</p> : null}
      <ReportView data={data} />
    </div>
  );
}
