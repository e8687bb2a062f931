// Report routes: generate-and-download (a form POST from the report page) and archived files.
import { writeAudit } from "@/lib/audit/write";
import { contains, narrowScope, userScope } from "@/lib/auth/scope";
import { attachmentDisposition } from "@/lib/files/evidence";
import { ZFormatQuery, isUnitCode, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { parsePeriod } from "@/lib/kpi/period";
import { REPORT_FORMATS, type ReportFormat, generateReport } from "./generate";

/**
 * Generates the report of a unit and period, archives it (figures + PDF + XLSX + CSV) and answers the requested
 * file. The same-site check for a POST is done by the route pipeline.
 */
export const reportRenderRoute: RouteDefinition = {
  name: "report.generate",
  title: "生成并下载月报",
  method: "POST",
  permission: "report:generate",
  handle: async (ctx, req) => {
    const { user, db } = ctx;
    const form = await req.formData().catch(() => null);
    const code = String(form?.get("unit") ?? "");
    const format = String(form?.get("format") ?? "pdf") as ReportFormat;
    const period = parsePeriod(String(form?.get("period") ?? ""));
    if (!isUnitCode(code)) return Response.json({ error: "单位代码无效" }, { status: 400 });
    if (!Object.hasOwn(REPORT_FORMATS, format) || !period || period.kind === "d7" || period.kind === "d28") return Response.json({ error: "统计期或格式无效" }, { status: 400 });
    const unit = await db.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
    const scope = unit ? narrowScope(userScope(user), unit.path) : null;
    if (!unit || !scope) return denied(ctx, "report.generate", unit ? "超出管辖范围" : "单位不存在", code);
    // ?plan= chosen on the report page: a known plan code, else each period's plan in force
    const planCode = String(form?.get("plan") ?? "");
    const plan = /^[A-Za-z0-9_-]{2,60}$/.test(planCode) ? await db.plan.findUnique({ where: { code: planCode }, select: { id: true, code: true, name: true } }) : null;
    const { archive, data, existing, ...files } = await generateReport(db, { ...unit, scope }, period, {
      plan,
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      byLabel: `${user.name}（${user.username}）`,
      ip: ctx.ip,
    });
    const f = REPORT_FORMATS[format];
    return new Response(new Uint8Array(files[format]), {
      headers: {
        "content-type": f.mime,
        "content-disposition": attachmentDisposition(`${data.title}.${f.ext}`),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "x-report-archive": String(archive.id),
        // the figures equal an archived report's: that report is answered, nothing new is archived
        ...(existing ? { "x-report-existing": "1" } : {}),
      },
    });
  },
};

/** An archived report's file, as it was generated. */
export const reportArchiveRoute: RouteDefinition<{ id: string }> = {
  name: "report.download",
  title: "下载归档月报",
  method: "GET",
  permission: "report:read",
  handle: async (ctx, req, params) => {
    const { user, db } = ctx;
    const id = Number(params.id);
    const format: ReportFormat = parseQuery(ZFormatQuery, new URL(req.url).searchParams).format ?? "pdf";
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647 || !Object.hasOwn(REPORT_FORMATS, format)) return denied(ctx, "report.download", "编号或格式无效", params.id);
    const meta = await db.reportArchive.findUnique({ where: { id }, select: { unitPath: true, title: true } });
    if (!meta || !contains(userScope(user), meta.unitPath)) return denied(ctx, "report.download", meta ? "超出管辖范围" : "不存在", id);
    const row = await db.reportArchive.findUniqueOrThrow({ where: { id }, select: { [format]: true } as Record<ReportFormat, true> });
    const bytes = (row as Record<string, Uint8Array | null>)[format];
    if (!bytes) return denied(ctx, "report.download", "文件不存在", id);
    await writeAudit(db, {
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      action: "report.download",
      entity: "ReportArchive",
      entityId: id,
      after: { format },
      ip: ctx.ip,
    });
    const f = REPORT_FORMATS[format];
    return new Response(new Uint8Array(bytes), {
      headers: { "content-type": f.mime, "content-disposition": attachmentDisposition(`${meta.title}.${f.ext}`), "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
  },
};
