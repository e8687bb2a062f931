import { inScope } from "@/lib/auth/scope";
import { requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { attachmentDisposition } from "@/lib/files/evidence";
import { sameOrigin } from "@/lib/http/origin";
import { notFoundResponse, routeDenied, routeUser } from "@/lib/http/route-auth";
import { parsePeriod } from "@/lib/kpi/period";
import { REPORT_FORMATS, type ReportFormat, generateReport } from "@/lib/reports/generate";

export const dynamic = "force-dynamic";

/**
 * Generates the report of a unit and period, archives it (figures + PDF + XLSX + CSV) and answers the requested
 * file. A form POST from the report page; refused from any other site.
 */
export async function POST(req: Request) {
  const user = await routeUser("report:generate", "report.generate");
  if (user instanceof Response) return user;
  if (!sameOrigin(req)) {
    await routeDenied(user, "report.generate", "来源不是本站");
    return Response.json({ error: "请求来源无效" }, { status: 403 });
  }
  const form = await req.formData().catch(() => null);
  const code = String(form?.get("unit") ?? "");
  const format = String(form?.get("format") ?? "pdf") as ReportFormat;
  const period = parsePeriod(String(form?.get("period") ?? ""));
  if (!(format in REPORT_FORMATS) || !period || period.kind === "d7" || period.kind === "d28") return Response.json({ error: "统计期或格式无效" }, { status: 400 });
  const db = getDb();
  const unit = await db.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
  if (!unit || !inScope(user, unit.path)) {
    if (unit) await routeDenied(user, "report.generate", "超出管辖范围", code);
    return notFoundResponse();
  }
  const { archive, data, ...files } = await generateReport(db, unit, period, {
    actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
    byLabel: `${user.name}（${user.username}）`,
    ip: await requestIp(),
  });
  const f = REPORT_FORMATS[format];
  return new Response(new Uint8Array(files[format]), {
    headers: {
      "content-type": f.mime,
      "content-disposition": attachmentDisposition(`${data.title}.${f.ext}`),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-report-archive": String(archive.id),
    },
  });
}
