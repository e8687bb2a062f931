// Task execution: 交办 (assign and pass down), 责任清单, 倒排工期 milestones, progress with evidence, and the review
// chain (submit → accept … → 销号, or return with a reason). Submitted and closed work is locked until returned.
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { contains, narrowScope, userScope } from "@/lib/auth/scope";
import type { Tx } from "@/lib/db/client";
import { MAX_FILES_PER_UPDATE, readEvidence } from "@/lib/files/evidence";
import { addDays, dayString, parseLooseDay, shanghaiToday } from "@/lib/time";
import { notifyReviewRequested, notifyTaskClosed, notifyTaskReturned } from "@/lib/notifications/events";
import { zId, zOptionalFiles, zOptionalText, zString, zText, zVersion } from "@/lib/validation";
import { reviewUnits } from "./review-chain";
import { allowedDecisions, canSubdivide, isLocked } from "./rules";
import { STATUS_LABELS } from "./status";

const zDutyType = z.enum(["PRIMARY", "TERRITORIAL", "DEPARTMENTAL"], { error: "请选择责任类型" });
const zDay = (label: string) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() ? (parseLooseDay(v) ?? "bad") : undefined) : v), z.date({ error: `${label}应为日期 YYYY-MM-DD` }));
const zBool = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());
const zIdList = (label: string) =>
  z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(zId(label)).min(1, `请选择${label}`).max(200, `${label}过多`));

async function lockedCheck(tx: Tx, id: number, version: number) {
  const a = await tx.taskAssignment.findUniqueOrThrow({ where: { id } });
  if (a.version !== version) throw new ConflictError({ 状态: STATUS_LABELS[a.status], 进度: `${a.progress}%`, version: a.version });
  if (a.carriedOverAt) throw new ActionError("该任务已结转至新规划，原任务只读；请在结转后的任务中继续办理");
  if (isLocked(a.status)) throw new ActionError(a.status === "CLOSED" ? "该任务已销号，如需修改须由审核人退回" : "该任务已提交审核，审核期间不能修改");
  return a;
}

async function bump(tx: Tx, id: number, version: number, data: Record<string, unknown> = {}) {
  const { count } = await tx.taskAssignment.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (!count) {
    const now = await tx.taskAssignment.findUniqueOrThrow({ where: { id } });
    throw new ConflictError({ 状态: STATUS_LABELS[now.status], 进度: `${now.progress}%`, version: now.version });
  }
}

const assignmentPath = async (db: { taskAssignment: Tx["taskAssignment"] }, id: number) =>
  (await db.taskAssignment.findUnique({ where: { id }, select: { unitPath: true } }))?.unitPath ?? null;

/** 倒排工期: default milestones counted back from the deadline over the time left (at least 90 days), never after it. */
export function defaultMilestones(deadline: Date, today: Date): { title: string; dueDate: Date }[] {
  const span = Math.max(90, Math.round((deadline.getTime() - today.getTime()) / 86_400_000));
  const at = (share: number) => addDays(deadline, -Math.round(span * (1 - share)));
  return [
    { title: "制定实施方案，明确责任分工", dueDate: at(0.15) },
    { title: "组织推进，落实各项措施", dueDate: at(0.5) },
    { title: "阶段检查，查漏补缺", dueDate: at(0.8) },
    { title: "总结验收，申请销号", dueDate: deadline },
  ];
}

// ── 交办 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZAssign = z
  .object({
    parentId: z.preprocess((v) => (v === "" || v === null ? undefined : v), zId("上级任务").optional()),
    taskId: z.preprocess((v) => (v === "" || v === null ? undefined : v), zId("规划任务").optional()),
    unitIds: zIdList("承办单位"),
    role: z.enum(["LEAD", "SUPPORT"], { error: "请选择牵头或配合" }),
    dutyType: zDutyType,
    deadline: z.preprocess((v) => (v === "" ? undefined : v), zDay("完成时限").optional()),
  })
  .refine((v) => v.parentId || v.taskId, { path: ["taskId"], message: "请选择规划任务" });

export const assignTaskAction: ActionDefinition<typeof ZAssign, { created: number; skipped: number }> = {
  name: "task.assign",
  title: "交办任务",
  permission: "task:assign",
  input: ZAssign,
  target: async (db, input, ctx) => {
    const units = await db.unit.findMany({ where: { id: { in: input.unitIds } }, select: { path: true } });
    const paths: (string | null)[] = units.length === input.unitIds.length ? units.map((u) => u.path) : [null];
    if (input.parentId) paths.push(await assignmentPath(db, input.parentId));
    else paths.push((await db.unit.findUnique({ where: { id: ctx.actor.unitId }, select: { path: true } }))?.path ?? null);
    return paths;
  },
  run: async (tx, input, ctx) => {
    let taskId: number;
    let assigner: { id: number; path: string };
    let parentId: number | null = null;
    let maxDeadline: Date;
    if (input.parentId) {
      const parent = await tx.taskAssignment.findUniqueOrThrow({ where: { id: input.parentId }, include: { unit: { select: { id: true, path: true } } } });
      if (!canSubdivide(parent.status, parent.carriedOverAt)) throw new ActionError(parent.carriedOverAt ? "上级任务已结转至新规划，不能再分解" : "上级任务已销号，不能再分解");
      taskId = parent.taskId;
      assigner = parent.unit;
      parentId = parent.id;
      maxDeadline = parent.deadline;
    } else {
      const unit = await tx.unit.findUniqueOrThrow({ where: { id: ctx.actor.unitId }, select: { id: true, path: true, level: true } });
      if (unit.level !== "PROVINCE") throw new ActionError("只有省厅可以直接交办规划任务；市州、县区请在本单位的任务中向下分解", undefined, "FORBIDDEN");
      const task = await tx.planTask.findUnique({ where: { id: input.taskId! }, select: { id: true, deadline: true, plan: { select: { active: true } } } });
      if (!task || !task.plan.active) throw new ActionError("规划任务不存在", { taskId: "规划任务不存在" });
      taskId = task.id;
      assigner = unit;
      maxDeadline = task.deadline;
    }
    const deadline = input.deadline ?? maxDeadline;
    if (deadline > maxDeadline) throw new ActionError(`完成时限不能晚于上级时限 ${dayString(maxDeadline)}`, { deadline: `不能晚于 ${dayString(maxDeadline)}` });
    const units = await tx.unit.findMany({ where: { id: { in: input.unitIds } }, select: { id: true, path: true, name: true, active: true } });
    const sub = narrowScope(userScope(ctx.actor), assigner.path);
    const bad = units.filter((u) => u.path === assigner.path || !sub || !contains(sub, u.path) || !u.active);
    if (bad.length) throw new ActionError(`只能交办给本单位的下级单位：${bad.map((u) => u.name).join("、")}`, { unitIds: "只能交办给下级单位" });
    const existing = new Set((await tx.taskAssignment.findMany({ where: { taskId, unitId: { in: input.unitIds } }, select: { unitId: true } })).map((a) => a.unitId));
    const fresh = units.filter((u) => !existing.has(u.id));
    const today = shanghaiToday();
    for (const u of fresh) {
      const created = await tx.taskAssignment.create({
        data: { taskId, unitId: u.id, unitPath: u.path, role: input.role, parentId, assignedById: assigner.id, dutyType: input.dutyType, deadline },
      });
      await tx.milestone.createMany({ data: defaultMilestones(deadline, today).map((m, i) => ({ assignmentId: created.id, seq: i + 1, ...m })) });
    }
    return {
      data: { created: fresh.length, skipped: existing.size },
      audit: { entity: "TaskAssignment", entityId: parentId ?? taskId, after: { taskId, parentId, units: fresh.map((u) => u.name), role: input.role, deadline: dayString(deadline) } },
      message: `已交办 ${fresh.length} 个单位${existing.size ? `，${existing.size} 个单位此前已交办` : ""}`,
    };
  },
};

// ── 责任清单与实施方案 ─────────────────────────────────────────────────────────────────────────────────────────

export const ZResponsibility = z.object({
  id: zId("任务"),
  version: zVersion,
  dutyType: zDutyType,
  leaderName: zOptionalText("分管领导", 30),
  leaderTitle: zOptionalText("领导职务", 30),
  officerName: zOptionalText("责任民警", 30),
  officerPhone: z.preprocess((v) => (v === "" ? undefined : v), zString().trim().regex(/^[0-9-]{5,20}$/, "联系电话格式不正确").optional()),
  accountability: zOptionalText("问责条款", 500),
  planText: zOptionalText("实施方案", 8000),
});

export const updateResponsibilityAction: ActionDefinition<typeof ZResponsibility, { version: number }> = {
  name: "task.responsibility",
  title: "维护责任清单与实施方案",
  permission: "task:update",
  input: ZResponsibility,
  target: (db, input) => assignmentPath(db, input.id),
  run: async (tx, input) => {
    const before = await lockedCheck(tx, input.id, input.version);
    const data = {
      dutyType: input.dutyType,
      leaderName: input.leaderName ?? null,
      leaderTitle: input.leaderTitle ?? null,
      officerName: input.officerName ?? null,
      officerPhone: input.officerPhone ?? null,
      accountability: input.accountability ?? null,
      planText: input.planText ?? null,
    };
    await bump(tx, input.id, input.version, data);
    const { dutyType, leaderName, leaderTitle, officerName, officerPhone, accountability, planText } = before;
    return {
      data: { version: input.version + 1 },
      audit: { entity: "TaskAssignment", entityId: input.id, before: { dutyType, leaderName, leaderTitle, officerName, officerPhone, accountability, planText }, after: data },
      message: "责任清单已保存",
    };
  },
};

// ── 倒排工期 ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ZMilestone = z.object({
  assignmentId: zId("任务"),
  version: zVersion,
  milestoneId: z.preprocess((v) => (v === "" || v === null ? undefined : v), zId("节点").optional()),
  title: zText("节点名称", 2, 100),
  dueDate: zDay("节点时限"),
  done: zBool,
});

export const saveMilestoneAction: ActionDefinition<typeof ZMilestone, { version: number }> = {
  name: "task.milestone",
  title: "维护工期节点",
  permission: "task:update",
  input: ZMilestone,
  target: (db, input) => assignmentPath(db, input.assignmentId),
  run: async (tx, input) => {
    const a = await lockedCheck(tx, input.assignmentId, input.version);
    if (input.dueDate > a.deadline) throw new ActionError(`节点时限不能晚于任务时限 ${dayString(a.deadline)}`, { dueDate: `不能晚于 ${dayString(a.deadline)}` });
    let before: unknown = null;
    let milestoneId = input.milestoneId;
    if (milestoneId) {
      const m = await tx.milestone.findFirst({ where: { id: milestoneId, assignmentId: a.id } });
      if (!m) throw new ActionError("节点不存在", undefined, "NOT_FOUND");
      before = m;
      await tx.milestone.update({ where: { id: m.id }, data: { title: input.title, dueDate: input.dueDate, doneAt: input.done ? (m.doneAt ?? new Date()) : null } });
    } else {
      const seq = (await tx.milestone.count({ where: { assignmentId: a.id } })) + 1;
      milestoneId = (await tx.milestone.create({ data: { assignmentId: a.id, seq, title: input.title, dueDate: input.dueDate, doneAt: input.done ? new Date() : null } })).id;
    }
    await bump(tx, a.id, input.version);
    return {
      data: { version: input.version + 1 },
      audit: { entity: "Milestone", entityId: milestoneId, before, after: { assignmentId: a.id, title: input.title, dueDate: dayString(input.dueDate), done: input.done } },
      message: "工期节点已保存",
    };
  },
};

// ── 进展与证明材料 ─────────────────────────────────────────────────────────────────────────────────────────────

export const ZProgress = z.object({
  id: zId("任务"),
  version: zVersion,
  percent: z.coerce.number({ error: "完成进度应为 0–100 的整数" }).int("完成进度应为整数").min(0, "完成进度不能小于 0").max(100, "完成进度不能大于 100"),
  content: zText("进展情况", 5, 4000),
  // optional: an untouched file input (an empty unnamed part) is no file
  files: zOptionalFiles(MAX_FILES_PER_UPDATE, "证明材料"),
});

export const addProgressAction: ActionDefinition<typeof ZProgress, { version: number; updateId: number }> = {
  name: "task.progress",
  title: "填报任务进展",
  permission: "task:update",
  input: ZProgress,
  target: (db, input) => assignmentPath(db, input.id),
  run: async (tx, input, ctx) => {
    const a = await lockedCheck(tx, input.id, input.version);
    const evidence = [];
    for (const f of input.files) {
      const e = await readEvidence(f);
      if (typeof e === "string") throw new ActionError(e, { files: e });
      evidence.push(e);
    }
    const update = await tx.progressUpdate.create({ data: { assignmentId: a.id, unitPath: a.unitPath, percent: input.percent, content: input.content, createdById: ctx.actor.id } });
    for (const e of evidence) await tx.attachment.create({ data: { ...e, unitPath: a.unitPath, progressUpdateId: update.id, uploadedById: ctx.actor.id } });
    await bump(tx, a.id, input.version, { progress: input.percent, status: a.status === "NOT_STARTED" ? "IN_PROGRESS" : a.status });
    return {
      data: { version: input.version + 1, updateId: update.id },
      audit: { entity: "ProgressUpdate", entityId: update.id, before: { progress: a.progress, status: a.status }, after: { assignmentId: a.id, percent: input.percent, files: evidence.map((e) => ({ name: e.filename, size: e.size, sha256: e.sha256 })) } },
      message: `进展已填报（${input.percent}%）${evidence.length ? `，上传证明材料 ${evidence.length} 个` : ""}`,
    };
  },
};

// ── 审核链 ────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZSubmit = z.object({ id: zId("任务"), version: zVersion });

export const submitTaskAction: ActionDefinition<typeof ZSubmit, { version: number; reviewUnitId: number }> = {
  name: "task.submit",
  title: "提交审核",
  permission: "task:update",
  input: ZSubmit,
  target: (db, input) => assignmentPath(db, input.id),
  run: async (tx, input, ctx) => {
    const a = await lockedCheck(tx, input.id, input.version);
    if (a.progress < 100) throw new ActionError("完成进度达到 100% 后才能提交审核、申请销号");
    const chain = await reviewUnits(tx, a);
    await bump(tx, a.id, input.version, { status: "PENDING_REVIEW", reviewUnitId: chain[0], submittedAt: new Date() });
    await tx.reviewRecord.create({ data: { assignmentId: a.id, decision: "SUBMIT", unitId: a.unitId, userId: ctx.actor.id, fromStatus: a.status, toStatus: "PENDING_REVIEW" } });
    const reviewer = await tx.unit.findUniqueOrThrow({ where: { id: chain[0] }, select: { name: true } });
    await notifyReviewRequested(tx, a, chain[0], false);
    return {
      data: { version: input.version + 1, reviewUnitId: chain[0] },
      audit: { entity: "TaskAssignment", entityId: a.id, before: { status: a.status }, after: { status: "PENDING_REVIEW", reviewUnit: reviewer.name } },
      message: `已提交${reviewer.name}审核`,
    };
  },
};

export const ZReview = z
  .object({
    id: zId("任务"),
    version: zVersion,
    decision: z.enum(["ACCEPT", "RETURN"], { error: "请选择通过或退回" }),
    reason: zOptionalText("审核意见", 1000),
  })
  .refine((v) => v.decision !== "RETURN" || (v.reason?.length ?? 0) >= 4, { path: ["reason"], message: "退回时须填写退回理由（至少 4 个字）" });

export const reviewTaskAction: ActionDefinition<typeof ZReview, { version: number; status: string }> = {
  name: "task.review",
  title: "审核任务",
  permission: "task:review",
  input: ZReview,
  target: (db, input) => assignmentPath(db, input.id),
  run: async (tx, input, ctx) => {
    const a = await tx.taskAssignment.findUniqueOrThrow({ where: { id: input.id } });
    if (a.version !== input.version) throw new ConflictError({ 状态: STATUS_LABELS[a.status], 进度: `${a.progress}%`, version: a.version });
    const may = allowedDecisions(a, ctx.actor);
    const reopening = may.reopen && input.decision === "RETURN";
    if (a.carriedOverAt) throw new ActionError("该任务已结转至新规划，原任务只读", undefined, "FORBIDDEN");
    if (!reopening && !may.review)
      throw new ActionError(a.status === "PENDING_REVIEW" ? "该任务当前不由您所在单位审核" : `该任务当前状态为「${STATUS_LABELS[a.status]}」，无需审核`, undefined, "FORBIDDEN");
    let status: "RETURNED" | "PENDING_REVIEW" | "CLOSED";
    let reviewUnitId: number | null = null;
    let decision: "RETURN" | "ACCEPT" | "CLOSE";
    if (input.decision === "RETURN") {
      status = "RETURNED";
      decision = "RETURN";
    } else {
      const chain = await reviewUnits(tx, a);
      const next = chain[chain.indexOf(ctx.actor.unitId) + 1];
      if (next) {
        status = "PENDING_REVIEW";
        reviewUnitId = next;
        decision = "ACCEPT";
      } else {
        status = "CLOSED";
        decision = "CLOSE";
      }
    }
    await bump(tx, a.id, input.version, {
      status,
      reviewUnitId,
      closedAt: status === "CLOSED" ? new Date() : null,
      lastReason: input.reason ?? (status === "CLOSED" ? null : a.lastReason),
    });
    await tx.reviewRecord.create({ data: { assignmentId: a.id, decision, unitId: ctx.actor.unitId, userId: ctx.actor.id, reason: input.reason ?? null, fromStatus: a.status, toStatus: status } });
    if (status === "RETURNED") await notifyTaskReturned(tx, a, input.reason ?? null);
    else if (status === "CLOSED") await notifyTaskClosed(tx, a);
    else if (reviewUnitId) await notifyReviewRequested(tx, a, reviewUnitId, true);
    const words = { RETURN: "已退回", ACCEPT: "审核通过，已转上一级审核", CLOSE: "审核通过，已销号" };
    return {
      data: { version: input.version + 1, status },
      audit: { entity: "TaskAssignment", entityId: a.id, before: { status: a.status }, after: { decision, status, reason: input.reason ?? null } },
      message: words[decision],
    };
  },
};
