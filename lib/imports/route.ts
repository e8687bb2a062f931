// GET /api/imports/<id>: progress of an import job of any kind (polled by the upload component; any app server can
// answer, the state is in the job row). The kind's permission is needed; without it, or outside the caller's scope,
// the job does not exist.
import { can } from "@/lib/auth/permissions";
import { contains, userScope } from "@/lib/auth/scope";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { IMPORT_KINDS, isImportKind } from "./kinds";
import { STALE_AFTER_MS } from "./jobs";

export const importStatusRoute: RouteDefinition<{ id: string }> = {
  name: "import.status",
  title: "查询导入进度",
  method: "GET",
  permission: [...new Set(Object.values(IMPORT_KINDS).map((k) => k.permission))],
  handle: async (ctx, _req, params) => {
    const { user, db } = ctx;
    const id = Number(params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denied(ctx, "import.status", "编号无效", params.id);
    const job = await db.importJob.findUnique({
      where: { id },
      select: { id: true, kind: true, ledger: true, unitPath: true, filename: true, status: true, total: true, processed: true, inserted: true, skipped: true, errors: true, message: true, heartbeatAt: true, createdAt: true, finishedAt: true },
    });
    if (!job || !contains(userScope(user), job.unitPath)) return denied(ctx, "import.status", job ? "超出管辖范围" : "不存在", id);
    const needed = isImportKind(job.kind) ? IMPORT_KINDS[job.kind].permission : null;
    if (!needed || !can(user.role, needed)) return denied(ctx, "import.status", `缺少权限 ${needed ?? job.kind}`, id);
    // a worker that went silent: the next worker claims the job again from the start
    const stale = (job.status === "CHECKING" || job.status === "WRITING") && job.heartbeatAt && Date.now() - job.heartbeatAt.getTime() > STALE_AFTER_MS;
    const { unitPath: _p, heartbeatAt: _h, ...rest } = job;
    return Response.json(stale ? { ...rest, status: "PENDING", processed: 0, message: "处理中断，正在等待重新处理（未写入任何数据）。" } : rest, { headers: { "cache-control": "no-store" } });
  },
};
