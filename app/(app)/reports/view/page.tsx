import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExportButton } from "@/components/export-button";
import { PrintButton } from "@/components/reports/print-button";
import { ReportView } from "@/components/reports/report-view";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { type Period, defaultPeriod, parsePeriod } from "@/lib/kpi/period";
import { type ReportSubject, currentReport, reportSubject } from "@/lib/reports/queries";
import { ZReportViewQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "报告" };

export default async function ReportViewPage({ searchParams }: { searchParams: Promise<{ unit?: string; period?: string }> }) {
  const user = await requirePermission("report:read");
  const sp = parseQuery(ZReportViewQuery, await searchParams);
  const unit = await reportSubject(user, sp.unit ?? user.unitCode);
  const period = parsePeriod(sp.period) ?? defaultPeriod();
  if (period.kind === "d7" || period.kind === "d28") notFound();
  return (
    <Suspense fallback={<PageLoading what="报告" />}>
      <Report user={user} unit={unit} period={period} />
    </Suspense>
  );
}

async function Report({ user, unit, period }: { user: SessionUser; unit: ReportSubject; period: Period }) {
  const data = await currentReport(unit, period, user);
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
                  form={{ unit: unit.code, period: period.key, format: f }}
                  label={`下载 ${f === "pdf" ? "PDF" : f === "xlsx" ? "Excel" : "CSV"}`}
                  busyLabel="正在生成…"
                  variant={f === "pdf" ? "primary" : "secondary"}
                  testId={`download-${f}`}
                />
              ))
            : null}
        </div>
      </div>
      {canGenerate ? <p className="no-print mb-3 text-xs text-slate-500">下载时生成的报告自动归档，可在「月报」页重新下载和核对。</p> : null}
      <ReportView data={data} />
    </div>
  );
}
