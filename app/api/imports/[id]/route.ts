import { can } from "@/lib/auth/permissions";
import { inScope } from "@/lib/auth/scope";
import { getCurrentUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { notFoundResponse, routeDenied } from "@/lib/http/route-auth";
import { STALE_AFTER_MS } from "@/lib/ledgers/import";
import { isStatsImport } from "@/lib/stats/import";

export const dynamic = "force-dynamic";

/**
 * Progress of an import job (polled by the import pages; any app server can answer). A ledger import needs
 * "ledger:import", a statistics import (ledger = "stats…") "stats:write"; without it, or outside the caller's scope,
 * the job does not exist.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "登录已失效，请重新登录" }, { status: 401 });
  if (!can(user.role, "ledger:import") && !can(user.role, "stats:write")) {
    await routeDenied(user, "import.status", "缺少权限 ledger:import / stats:write");
    return notFoundResponse();
  }
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return notFoundResponse();
  const job = await getDb().importJob.findUnique({
    where: { id },
    select: { id: true, ledger: true, unitPath: true, createdById: true, filename: true, status: true, total: true, processed: true, inserted: true, skipped: true, errors: true, message: true, heartbeatAt: true, createdAt: true, finishedAt: true },
  });
  if (!job || !inScope(user, job.unitPath)) return notFoundResponse();
  const needed = isStatsImport(job.ledger) ? "stats:write" : "ledger:import";
  if (!can(user.role, needed)) {
    await routeDenied(user, "import.status", `缺少权限 ${needed}`, String(id));
    return notFoundResponse();
  }
  const stale = (job.status === "CHECKING" || job.status === "WRITING") && job.heartbeatAt && Date.now() - job.heartbeatAt.getTime() > STALE_AFTER_MS;
  const { unitPath: _p, createdById: _c, heartbeatAt: _h, ...rest } = job;
  return Response.json(
    stale ? { ...rest, status: "FAILED", message: "导入已中断（服务器重启或超时），未写入任何数据，请重新导入。" } : rest,
    { headers: { "cache-control": "no-store" } },
  );
}
