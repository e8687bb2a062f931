// Generating a report: build the figures, render PDF, XLSX and CSV, and archive all of it in one transaction
// with its audit row. Used by the download buttons and by the scheduler.
import { type AuditActor, writeAudit } from "@/lib/audit/write";
import type { Scope } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import type { Period } from "@/lib/kpi/period";
import { type ReportData, buildReport } from "./build";
import { figuresHash } from "./hash";
import { renderReportPdf } from "./pdf";
import { renderReportCsv, renderReportXlsx } from "./spreadsheets";

export interface ReportUnit {
  id: number;
  code: string;
  name: string;
  level: string;
  path: string;
  depth: number;
  /** the unit's subtree, checked by the caller */
  scope: Scope;
}

export async function generateReport(
  db: Db,
  unit: ReportUnit,
  period: Period,
  opts: { actor: AuditActor; byLabel: string; ip?: string | null; scheduleId?: number; now?: Date; plan?: { id: number; code: string; name: string } | null },
) {
  const data = await buildReport(db, unit, period, { by: opts.byLabel, now: opts.now, plan: opts.plan });
  const hash = figuresHash(data);
  if (opts.scheduleId === undefined) {
    // the same figures were archived already: offer that report instead of a duplicate
    const same = await db.reportArchive.findFirst({
      where: { unitId: unit.id, period: period.key, figuresHash: hash },
      orderBy: { id: "desc" },
      select: { id: true, generatedAt: true, figures: true, pdf: true, xlsx: true, csv: true },
    });
    if (same?.pdf && same.xlsx && same.csv) {
      await writeAudit(db, {
        actor: opts.actor,
        action: "report.download",
        entity: "ReportArchive",
        entityId: same.id,
        after: { unit: unit.code, period: period.key, reused: true, reason: "数据未变化，提供已归档的报告" },
        ip: opts.ip ?? null,
      });
      return { archive: { id: same.id, generatedAt: same.generatedAt }, existing: true, data: same.figures as unknown as ReportData, pdf: Buffer.from(same.pdf), xlsx: Buffer.from(same.xlsx), csv: Buffer.from(same.csv) };
    }
  }
  const [pdf, xlsx, csv] = await Promise.all([renderReportPdf(data), renderReportXlsx(data), renderReportCsv(data)]);
  const archive = await db.$transaction(async (tx) => {
    const row = await tx.reportArchive.create({
      data: {
        unitId: unit.id,
        unitPath: unit.path,
        period: period.key,
        title: data.title,
        figures: data as never,
        pdf: new Uint8Array(pdf),
        xlsx: new Uint8Array(xlsx),
        csv: new Uint8Array(csv),
        figuresHash: hash,
        pdfSize: pdf.length,
        xlsxSize: xlsx.length,
        generatedById: opts.actor.userId,
        scheduleId: opts.scheduleId ?? null,
      },
      select: { id: true, generatedAt: true },
    });
    await writeAudit(tx, {
      actor: opts.actor,
      action: "report.generate",
      entity: "ReportArchive",
      entityId: row.id,
      after: { unit: unit.code, period: period.key, title: data.title, schedule: opts.scheduleId ?? null, pdfBytes: pdf.length, xlsxBytes: xlsx.length },
      ip: opts.ip ?? null,
    });
    return row;
  });
  return { archive, existing: false, data, pdf, xlsx, csv };
}

export const REPORT_FORMATS = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
  csv: { mime: "text/csv; charset=utf-8", ext: "csv" },
} as const;

export type ReportFormat = keyof typeof REPORT_FORMATS;
