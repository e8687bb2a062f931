import { writeAudit } from "@/lib/audit/write";
import { inScope } from "@/lib/auth/scope";
import { requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { attachmentDisposition } from "@/lib/files/evidence";
import { notFoundResponse, routeDenied, routeUser } from "@/lib/http/route-auth";
import { REPORT_FORMATS, type ReportFormat } from "@/lib/reports/generate";

export const dynamic = "force-dynamic";

/** An archived report's file, as it was generated. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await routeUser("report:read", "report.download");
  if (user instanceof Response) return user;
  const id = Number((await params).id);
  const format = (new URL(req.url).searchParams.get("format") ?? "pdf") as ReportFormat;
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647 || !(format in REPORT_FORMATS)) return notFoundResponse();
  const db = getDb();
  const meta = await db.reportArchive.findUnique({ where: { id }, select: { unitPath: true, title: true } });
  if (!meta || !inScope(user, meta.unitPath)) {
    if (meta) await routeDenied(user, "report.download", "超出管辖范围", String(id));
    return notFoundResponse();
  }
  const row = await db.reportArchive.findUniqueOrThrow({ where: { id }, select: { [format]: true } as Record<ReportFormat, true> });
  const bytes = (row as Record<string, Uint8Array | null>)[format];
  if (!bytes) return notFoundResponse();
  await writeAudit(db, {
    actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
    action: "report.download",
    entity: "ReportArchive",
    entityId: id,
    after: { format },
    ip: await requestIp(),
  });
  const f = REPORT_FORMATS[format];
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": f.mime, "content-disposition": attachmentDisposition(`${meta.title}.${f.ext}`), "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}
