// Task routes: evidence downloads and the task list export.
import { writeAudit } from "@/lib/audit/write";
import { can } from "@/lib/auth/permissions";
import { contains, userScope } from "@/lib/auth/scope";
import { batchesInOrder } from "@/lib/db/batches";
import type { Db } from "@/lib/db/client";
import { streamRows } from "@/lib/db/stream-rows";
import { UnsupportedWhere, WhereSql } from "@/lib/db/where-sql";
import { attachmentDisposition } from "@/lib/files/evidence";
import { ZFormatQuery, parseQuery } from "@/lib/http/query";
import { type RouteDefinition, denied } from "@/lib/http/route-core";
import { exportResponse, fileStamp } from "@/lib/io/export-response";
import { DOWNLOAD_CSP } from "@/lib/http/security-headers";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { findViewUnit } from "@/lib/units/queries";
import { TASK_ORDER, parseTaskParams, taskListWhere } from "./queries";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DUTY_LABELS, ROLE_LABELS_TASK, STATUS_LABELS, countdownText, isAssignmentOverdue } from "./status";

/** Evidence files (task progress and 督办 replies) are always downloads (never rendered inline), with the type sniffed at upload. */
export const attachmentRoute: RouteDefinition<{ id: string }> = {
  name: "attachment.download",
  title: "下载证明材料",
  method: "GET",
  permission: "task:read",
  handle: async (ctx, _req, params) => {
    const id = Number(params.id);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denied(ctx, "attachment.download", "编号无效", params.id);
    const file = await ctx.db.attachment.findUnique({ where: { id } });
    if (!file || !contains(userScope(ctx.user), file.unitPath)) return denied(ctx, "attachment.download", file ? "超出管辖范围" : "不存在", id);
    // evidence of a 督办 reply: read with the 督办单 (its unit path is the receiving unit's, the issuer's lies above it)
    if (file.supervisionStepId !== null && !can(ctx.user.role, "supervision:read")) return denied(ctx, "attachment.download", "缺少权限 supervision:read", id);
    return new Response(Buffer.from(file.data), {
      headers: {
        "content-type": file.mime,
        "content-length": String(file.size),
        "content-disposition": attachmentDisposition(file.filename),
        "x-content-type-options": "nosniff",
        "content-security-policy": DOWNLOAD_CSP,
        "cache-control": "private, no-store",
      },
    });
  },
};

const COLUMNS: SheetColumn[] = [
  { header: "任务编号", width: 10 },
  { header: "任务", width: 40 },
  { header: "承办单位", width: 18 },
  { header: "承办方式", width: 8 },
  { header: "责任类型", width: 14 },
  { header: "分管领导", width: 10 },
  { header: "责任民警", width: 10 },
  { header: "完成时限", width: 12, type: "date" },
  { header: "进度", width: 8, type: "percent" },
  { header: "状态", width: 8 },
  { header: "是否逾期", width: 8 },
  { header: "倒计时", width: 12 },
  { header: "交办单位", width: 14 },
];

/** One assignment as the export reads it (Prisma's shape flattened; the SQL path selects exactly these). */
export interface TaskExportRow {
  id: number;
  status: keyof typeof STATUS_LABELS;
  progress: number;
  deadline: Date;
  role: keyof typeof ROLE_LABELS_TASK;
  dutyType: keyof typeof DUTY_LABELS;
  leaderName: string | null;
  officerName: string | null;
  unitName: string;
  assignedByName: string;
  taskCode: string;
  taskTitle: string;
}

/** The cells of one exported row, in COLUMNS order. */
export function taskExportCells(r: TaskExportRow, now: Date): CellValue[] {
  return [r.taskCode, r.taskTitle, r.unitName, ROLE_LABELS_TASK[r.role], DUTY_LABELS[r.dutyType], r.leaderName, r.officerName, r.deadline, r.progress / 100, STATUS_LABELS[r.status], isAssignmentOverdue(r, now) ? "是" : "否", countdownText(r.deadline, r.status, now), r.assignedByName];
}

/** The export's SELECT: the list's where (scope included) and order, translated; the columns of TaskExportRow. */
export function taskExportQuery(where: Prisma.TaskAssignmentWhereInput): { text: string; values: unknown[] } {
  const q = new WhereSql();
  const cond = q.where(where, "t", "TaskAssignment");
  const order = q.orderBy(TASK_ORDER, "t");
  return {
    text:
      `SELECT t.id, t.status, t.progress, t.deadline, t.role, t.duty_type AS "dutyType", t.leader_name AS "leaderName", t.officer_name AS "officerName", ` +
      `u.name AS "unitName", ab.name AS "assignedByName", pt.code AS "taskCode", pt.title AS "taskTitle" ` +
      `FROM task_assignments t JOIN units u ON u.id = t.unit_id JOIN units ab ON ab.id = t.assigned_by_id JOIN plan_tasks pt ON pt.id = t.task_id ` +
      `WHERE ${cond} ORDER BY ${order}`,
    values: q.params,
  };
}

/** The Prisma path (ids in order, rows in batches), for a filter the SQL translation does not know (none today). */
async function* prismaTaskRows(db: Db, where: Prisma.TaskAssignmentWhereInput): AsyncGenerator<TaskExportRow[]> {
  const ids = (await db.taskAssignment.findMany({ where, orderBy: TASK_ORDER, select: { id: true } })).map((r) => r.id);
  const fetch = (chunk: number[]) =>
    db.taskAssignment.findMany({
      where: { AND: [where, { id: { in: chunk } }] },
      select: {
        id: true,
        status: true,
        progress: true,
        deadline: true,
        role: true,
        dutyType: true,
        leaderName: true,
        officerName: true,
        unit: { select: { name: true } },
        assignedBy: { select: { name: true } },
        task: { select: { code: true, title: true } },
      },
    });
  for await (const batch of batchesInOrder(ids, fetch))
    yield batch.map(({ unit, assignedBy, task, ...r }) => ({ ...r, unitName: unit.name, assignedByName: assignedBy.name, taskCode: task.code, taskTitle: task.title }));
}

/** The task list as the user sees it (filters, order, scope), streamed in batches and audited. */
export const taskExportRoute: RouteDefinition = {
  name: "task.export",
  title: "导出任务清单",
  method: "GET",
  permission: "task:read",
  handle: async (ctx, req) => {
    const { user, db } = ctx;
    const url = new URL(req.url);
    const unit = await findViewUnit(user, url.searchParams.get("unit"));
    if (!unit) return denied(ctx, "task.export", "单位不存在或超出管辖范围", url.searchParams.get("unit"));
    const format = parseQuery(ZFormatQuery, url.searchParams).format === "csv" ? "csv" : "xlsx";
    const p = parseTaskParams(url.searchParams);
    const now = new Date();
    const where = taskListWhere(unit.scope, p, now);
    const total = await db.taskAssignment.count({ where });
    await writeAudit(db, {
      actor: { userId: user.id, username: user.username, unitId: user.unitId, unitPath: user.unitPath, role: user.role },
      action: "task.export",
      entity: "TaskAssignment",
      after: { format, unit: unit.code, rows: total, filters: { q: p.q, status: p.status, rag: p.rag, area: p.area, role: p.role } },
      ip: ctx.ip,
    });
    async function* rows(): AsyncGenerator<CellValue[]> {
      let source: AsyncIterable<TaskExportRow[]>;
      try {
        // straight from PostgreSQL: one streamed SELECT built from the list's own where (export-sql.test.ts)
        const { text, values } = taskExportQuery(where);
        source = streamRows(text, values) as AsyncIterable<TaskExportRow[]>;
      } catch (e) {
        if (!(e instanceof UnsupportedWhere)) throw e;
        source = prismaTaskRows(db, where);
      }
      for await (const batch of source) for (const r of batch) yield taskExportCells(r, now);
    }
    return exportResponse(format, `任务清单_${unit.name}_${fileStamp(now)}`, { name: "任务清单", columns: COLUMNS, rows: rows() }, total);
  },
};
