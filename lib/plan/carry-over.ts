// 结转: the unfinished assignments (not 销号) of an earlier plan's tasks continue as assignments of the tasks of a
// new plan that name them in `carriesOver`. Each new assignment keeps its unit, role, people in charge and plan text,
// links to its predecessor (predecessor_id), and starts from the predecessor's progress with fresh 倒排工期
// milestones up to the new task's deadline. The predecessor keeps its status, progress updates and reviews (the old
// plan's figures do not move) and is marked 已结转 (when, by whom): read-only from then on. Idempotent: an
// assignment already carried over is not taken again, and a unit that already has the new task is left alone.
import type { Tx } from "@/lib/db/client";
import { type AuditActor, SYSTEM_ACTOR, writeAudit } from "@/lib/audit/write";
import { defaultMilestones } from "@/lib/tasks/actions";
import { shanghaiToday } from "@/lib/time";
import type { TPlanFile } from "./plan-file";

export interface CarryOverResult {
  /** new assignments created */
  carried: number;
  /** unfinished assignments left where they are: the unit already has the new task */
  skipped: number;
}

export class CarryOverError extends Error {}

export async function carryOverAssignments(
  tx: Tx,
  plan: TPlanFile,
  toPlanId: number,
  opts: { actor?: AuditActor; ip?: string | null; now?: Date } = {},
): Promise<CarryOverResult> {
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const now = opts.now ?? new Date();
  const mapping = plan.areas.flatMap((a) => a.measures.flatMap((m) => m.tasks.flatMap((t) => t.carriesOver.map((from) => ({ from, to: t.code })))));
  if (!mapping.length) return { carried: 0, skipped: 0 };
  const from = await tx.plan.findUnique({ where: { code: plan.carriesOverFrom ?? "" }, select: { id: true, code: true, name: true } });
  if (!from) throw new CarryOverError(`结转的原规划 ${plan.carriesOverFrom} 不存在`);
  const [oldTasks, newTasks] = await Promise.all([
    tx.planTask.findMany({ where: { planId: from.id, code: { in: mapping.map((m) => m.from) } }, select: { id: true, code: true } }),
    tx.planTask.findMany({ where: { planId: toPlanId, code: { in: mapping.map((m) => m.to) } }, select: { id: true, code: true, deadline: true } }),
  ]);
  const missing = mapping.filter((m) => !oldTasks.some((t) => t.code === m.from)).map((m) => m.from);
  if (missing.length) throw new CarryOverError(`原规划 ${from.code} 中没有任务 ${missing.join("、")}，无法结转`);
  const target = new Map(mapping.map((m) => [oldTasks.find((t) => t.code === m.from)!.id, newTasks.find((t) => t.code === m.to)!]));

  // parents before children (a shorter unit path is higher up), so that a child's new parent already exists
  const open = await tx.taskAssignment.findMany({
    where: { taskId: { in: [...target.keys()] }, status: { not: "CLOSED" }, carriedOverAt: null },
    select: {
      id: true, taskId: true, unitId: true, unitPath: true, role: true, parentId: true, assignedById: true, dutyType: true, leaderName: true, leaderTitle: true,
      officerName: true, officerPhone: true, accountability: true, planText: true, progress: true, status: true, version: true, task: { select: { code: true } },
    },
  });
  open.sort((a, b) => a.unitPath.length - b.unitPath.length || a.id - b.id);
  const successors = new Map(
    (await tx.taskAssignment.findMany({ where: { predecessorId: { not: null }, task: { planId: toPlanId } }, select: { id: true, predecessorId: true } })).map((s) => [s.predecessorId!, s.id]),
  );
  const today = shanghaiToday(now);
  const pairs: { from: number; to: number; unit: string; task: string }[] = [];
  let skipped = 0;
  for (const a of open) {
    const task = target.get(a.taskId)!;
    if (await tx.taskAssignment.findUnique({ where: { taskId_unitId: { taskId: task.id, unitId: a.unitId } }, select: { id: true } })) {
      skipped++;
      continue;
    }
    // the new parent: the carried-over parent, else the assigning unit's assignment of the new task (if any)
    let parentId = a.parentId ? (successors.get(a.parentId) ?? null) : null;
    if (!parentId && a.parentId)
      parentId = (await tx.taskAssignment.findUnique({ where: { taskId_unitId: { taskId: task.id, unitId: a.assignedById } }, select: { id: true } }))?.id ?? null;
    const created = await tx.taskAssignment.create({
      data: {
        taskId: task.id,
        unitId: a.unitId,
        unitPath: a.unitPath,
        role: a.role,
        parentId,
        assignedById: a.assignedById,
        dutyType: a.dutyType,
        leaderName: a.leaderName,
        leaderTitle: a.leaderTitle,
        officerName: a.officerName,
        officerPhone: a.officerPhone,
        accountability: a.accountability,
        planText: a.planText,
        deadline: task.deadline,
        status: a.progress > 0 ? "IN_PROGRESS" : "NOT_STARTED",
        progress: a.progress,
        predecessorId: a.id,
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.milestone.createMany({ data: defaultMilestones(task.deadline, today).map((m, i) => ({ assignmentId: created.id, seq: i + 1, ...m })) });
    await tx.progressUpdate.create({
      data: {
        assignmentId: created.id,
        unitPath: a.unitPath,
        percent: a.progress,
        content: `由《${from.name}》任务 ${a.task.code} 结转，原进度 ${a.progress}%，原有进展、佐证材料和审核记录见原任务。`,
        createdById: actor.userId,
        createdAt: now,
      },
    });
    await tx.taskAssignment.update({ where: { id: a.id }, data: { carriedOverAt: now, carriedOverBy: actor.username ?? "system", version: { increment: 1 } } });
    successors.set(a.id, created.id);
    pairs.push({ from: a.id, to: created.id, unit: a.unitPath, task: `${a.task.code}→${task.code}` });
  }
  await writeAudit(tx, {
    actor,
    action: "plan.carry_over",
    entity: "Plan",
    entityId: toPlanId,
    after: { from: from.code, to: plan.code, carried: pairs.length, skipped, pairs },
    ip: opts.ip ?? null,
  });
  return { carried: pairs.length, skipped };
}
