// Reading task assignments: lists, one assignment with its history, the review queue, and the 挂图作战 views.
// The db-first functions are shared with the export and the tests; pages call the page-facing ones (taskPage,
// taskDetail, assignedUnitIds, taskAssignments, reviewQueue, battleMap), which take the database themselves.
import "server-only";
import { z } from "zod";
import { denyPage } from "@/lib/auth/session";
import { getDb, getReadDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";
import { type Scope, contains, recordsIn, sqlIn, userScope } from "@/lib/auth/scope";
import { type RawQuery, parseQuery, qEnum, qPage, qPlanCode, qText } from "@/lib/http/query";
import { shanghaiToday } from "@/lib/time";
import { reviewUnits } from "./review-chain";
import { type Rag, assignmentRag, isAssignmentOverdue } from "./status";

/** The page sizes the task list offers; the first is the default. */
export const TASK_PAGE_SIZES = [20, 50, 100] as const;
export const TASK_PAGE_SIZE = TASK_PAGE_SIZES[0];

const STATUSES = ["NOT_STARTED", "IN_PROGRESS", "PENDING_REVIEW", "RETURNED", "CLOSED"] as const;

export interface TaskListParams {
  q: string;
  /** "open": everything not yet closed (销号) — the default; "all": closed ones too; or one status */
  status: string;
  rag: string;
  area: string;
  role: string;
  page: number;
  /** rows per page: one of TASK_PAGE_SIZES */
  size: number;
  /** the plan (its code) whose tasks are listed; "": the current plan */
  plan: string;
}

/** The task list's query: unknown values are ignored. */
export const ZTaskQuery = z.object({
  q: qText(100),
  status: qEnum(["open", "all", ...STATUSES]),
  rag: qEnum(["red", "amber", "green", "overdue"]),
  area: z.string().trim().regex(/^\d{1,2}$/).optional().catch(undefined),
  role: qEnum(["LEAD", "SUPPORT"]),
  page: qPage,
  size: qEnum(["20", "50", "100"]),
  plan: qPlanCode,
});

export function parseTaskParams(sp: RawQuery): TaskListParams {
  const p = parseQuery(ZTaskQuery, sp);
  return { q: p.q, status: p.status ?? "open", rag: p.rag ?? "", area: p.area ?? "", role: p.role ?? "", page: p.page, size: p.size ? Number(p.size) : TASK_PAGE_SIZE, plan: p.plan ?? "" };
}

/** The filter part of the list's query string, defaults left out and no page: what the list remembers per user. */
export function taskFilterQuery(p: TaskListParams): string {
  const m = new URLSearchParams();
  if (p.q) m.set("q", p.q);
  if (p.status !== "open") m.set("status", p.status);
  for (const k of ["rag", "area", "role", "plan"] as const) if (p[k]) m.set(k, p[k]);
  if (p.size !== TASK_PAGE_SIZE) m.set("size", String(p.size));
  return m.toString();
}

/** The query keys that make a task-list URL a chosen view (a bare /tasks opens the remembered one). */
export const TASK_QUERY_KEYS = ["q", "status", "rag", "area", "role", "page", "size", "plan"] as const;

/** The where of a status colour, the same rule as assignmentRag (status.ts), for the database. */
function ragWhere(rag: string, today: Date): Prisma.TaskAssignmentWhereInput {
  const in30 = new Date(today.getTime() + 30 * 86_400_000);
  switch (rag) {
    case "overdue":
      return { status: { not: "CLOSED" }, deadline: { lt: today } };
    case "red":
      return { OR: [{ status: "RETURNED" }, { status: { not: "CLOSED" }, deadline: { lt: today } }] };
    case "amber":
      return {
        status: { notIn: ["CLOSED", "RETURNED"] },
        deadline: { gte: today },
        OR: [{ status: "PENDING_REVIEW" }, { deadline: { lte: in30 }, progress: { lt: 100 } }],
      };
    case "green":
      // neither red nor amber ("all conditions false")
      return { NOT: [ragWhere("red", today), ragWhere("amber", today)] };
    default:
      return {};
  }
}

/** The where of the task list (the page and the export use the same). */
export function taskListWhere(scope: Scope, p: TaskListParams, now = new Date()): Prisma.TaskAssignmentWhereInput {
  const today = shanghaiToday(now);
  return {
    AND: [
      recordsIn(scope),
      // the chosen plan's tasks, else the current plan's (codes such as 1.1.01 repeat from plan to plan)
      p.plan ? { task: { plan: { code: p.plan } } } : { task: { plan: { active: true } } },
      p.status === "open" ? { status: { not: "CLOSED" } } : p.status && p.status !== "all" ? { status: p.status as never } : {},
      p.role ? { role: p.role as never } : {},
      p.rag ? ragWhere(p.rag, today) : {},
      p.area ? { task: { measure: { area: { code: p.area } } } } : {},
      p.q ? { OR: [{ task: { code: { startsWith: p.q } } }, { task: { title: { contains: p.q } } }, { officerName: { contains: p.q } }, { unit: { name: { contains: p.q } } }] } : {},
    ],
  };
}

/** The export's order (and the list's within open or within closed work): the nearest deadline first. */
export const TASK_ORDER: Prisma.TaskAssignmentOrderByWithRelationInput[] = [{ deadline: "asc" }, { id: "asc" }];

const LIST_SELECT = {
  id: true,
  status: true,
  progress: true,
  deadline: true,
  role: true,
  officerName: true,
  updatedAt: true,
  carriedOverAt: true,
  unit: { select: { name: true } },
  task: { select: { code: true, title: true } },
} satisfies Prisma.TaskAssignmentSelect;

/**
 * One page of the task list, most urgent first: open work by deadline (so the overdue come first, the most overdue at
 * the top, then the nearest deadlines), and — when closed work is included ("all") — the closed after all the open.
 */
export async function listAssignments(db: Db, scope: Scope, p: TaskListParams, now = new Date()) {
  const where = taskListWhere(scope, p, now);
  const size = p.size;
  const skip = (p.page - 1) * size;
  const page = (w: Prisma.TaskAssignmentWhereInput, from: number, take: number) => (take > 0 ? db.taskAssignment.findMany({ where: w, orderBy: TASK_ORDER, skip: from, take, select: LIST_SELECT }) : Promise.resolve([]));
  let total: number;
  let rows: Prisma.TaskAssignmentGetPayload<{ select: typeof LIST_SELECT }>[];
  if (p.status === "all") {
    const open: Prisma.TaskAssignmentWhereInput = { AND: [where, { status: { not: "CLOSED" } }] };
    const closed: Prisma.TaskAssignmentWhereInput = { AND: [where, { status: "CLOSED" }] };
    const [openCount, closedCount] = await Promise.all([db.taskAssignment.count({ where: open }), db.taskAssignment.count({ where: closed })]);
    total = openCount + closedCount;
    const openRows = skip < openCount ? await page(open, skip, size) : [];
    rows = [...openRows, ...(await page(closed, Math.max(0, skip - openCount), size - openRows.length))];
  } else {
    [total, rows] = await Promise.all([db.taskAssignment.count({ where }), page(where, skip, size)]);
  }
  return { total, pageCount: Math.max(1, Math.ceil(total / size)), rows: rows.map((r) => ({ ...r, rag: assignmentRag(r, now), overdue: isAssignmentOverdue(r, now) })) };
}

/** The other end of a carry-over (结转): same unit, so within the viewer's scope whenever the assignment is. */
const CARRY_SELECT = {
  id: true,
  status: true,
  progress: true,
  carriedOverAt: true,
  carriedOverBy: true,
  createdAt: true,
  task: { select: { code: true, title: true, plan: { select: { code: true, name: true } } } },
} satisfies Prisma.TaskAssignmentSelect;

/** One assignment in the viewer's subtree (else 404), with everything its page shows. */
export async function getAssignment(db: Db, viewer: { unitPath: string; unitId: number }, id: number) {
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", viewer);
  // the optional ends (carry-over predecessor and successor, parent assignment, review unit) are read by id below,
  // only when there is one: included here, Prisma would send their queries (and their nested ones) even for a null key
  const a = await db.taskAssignment.findUnique({
    where: { id },
    include: {
      unit: { select: { id: true, name: true, code: true, level: true } },
      assignedBy: { select: { id: true, name: true } },
      task: { include: { plan: { select: { code: true, name: true, active: true } }, measure: { include: { area: true } }, departments: { include: { unit: { select: { name: true } } } } } },
      successor: { select: { id: true } },
      children: { select: { id: true, status: true, progress: true, deadline: true, unit: { select: { name: true } } }, orderBy: { unitPath: "asc" } },
      milestones: { orderBy: [{ dueDate: "asc" }, { seq: "asc" }] },
      updates: {
        orderBy: { createdAt: "desc" },
        include: { createdBy: { select: { name: true, username: true } }, attachments: { select: { id: true, filename: true, size: true, mime: true } } },
      },
      reviews: { orderBy: { at: "desc" }, include: { user: { select: { name: true } }, unit: { select: { name: true } } } },
    },
  });
  if (!a || !contains(userScope(viewer), a.unitPath)) return denyPage(a ? "超出管辖范围" : "记录不存在", viewer);
  const [predecessor, successor, parent, reviewUnit, chainIds] = await Promise.all([
    a.predecessorId === null ? null : db.taskAssignment.findUnique({ where: { id: a.predecessorId }, select: CARRY_SELECT }),
    a.successor === null ? null : db.taskAssignment.findUnique({ where: { id: a.successor.id }, select: CARRY_SELECT }),
    a.parentId === null ? null : db.taskAssignment.findUnique({ where: { id: a.parentId }, select: { id: true, unitPath: true, status: true, unit: { select: { name: true } } } }),
    a.reviewUnitId === null ? null : db.unit.findUnique({ where: { id: a.reviewUnitId }, select: { id: true, name: true } }),
    reviewUnits(db, a),
  ]);
  const chainUnits = await db.unit.findMany({ where: { id: { in: chainIds } }, select: { id: true, name: true } });
  return {
    ...a,
    predecessor,
    successor,
    reviewUnit,
    parent: parent && contains(userScope(viewer), parent.unitPath) ? parent : null,
    chain: chainIds.map((cid) => chainUnits.find((u) => u.id === cid)!).filter(Boolean),
  };
}

/**
 * The one definition of a reviewer's queue: submitted work waiting for the reviewer's own unit, inside its scope,
 * not carried over to a newer plan. Used by /reviews, the reviewer's home, 「下一条」 and the navigation badge.
 */
export function reviewQueueWhere(viewer: { unitId: number; unitPath: string }): Prisma.TaskAssignmentWhereInput {
  return { status: "PENDING_REVIEW", reviewUnitId: viewer.unitId, carriedOverAt: null, ...recordsIn(userScope(viewer)) };
}

/** Submitted work waiting for the reviewer's own unit. */
export async function reviewQueue(viewer: { unitId: number; unitPath: string }) {
  return getDb().taskAssignment.findMany({
    where: reviewQueueWhere(viewer),
    orderBy: [{ submittedAt: "asc" }],
    select: { id: true, progress: true, deadline: true, submittedAt: true, status: true, unit: { select: { name: true } }, task: { select: { code: true, title: true } } },
  });
}

export interface MatrixCell {
  total: number;
  closed: number;
  overdue: number;
  returned: number;
  pending: number;
  dueSoon: number;
  avgProgress: number;
  rag: Rag;
}

/** The worst colour of a group, from its counts (the same rule as assignmentRag). */
export function cellRag(c: Pick<MatrixCell, "overdue" | "returned" | "pending" | "dueSoon">): Rag {
  if (c.overdue + c.returned > 0) return "red";
  if (c.pending + c.dueSoon > 0) return "amber";
  return "green";
}

interface Agg {
  total: bigint;
  closed: bigint;
  overdue: bigint;
  returned: bigint;
  pending: bigint;
  due_soon: bigint;
  avg_progress: number | null;
}

function toCell(r: Agg): MatrixCell {
  const c = {
    total: Number(r.total),
    closed: Number(r.closed),
    overdue: Number(r.overdue),
    returned: Number(r.returned),
    pending: Number(r.pending),
    dueSoon: Number(r.due_soon),
    avgProgress: Math.round(Number(r.avg_progress ?? 0)),
  };
  return { ...c, rag: cellRag(c) };
}

/** The counts behind a cell's colour (toCell), over the assignments `a` of a group: the one definition for the matrix and the timeline. */
function ragCounts(now: Date) {
  const today = shanghaiToday(now);
  const soon = new Date(today.getTime() + 30 * 86_400_000);
  return Prisma.sql`count(*) AS total,
           count(*) FILTER (WHERE a.status = 'CLOSED') AS closed,
           count(*) FILTER (WHERE a.status <> 'CLOSED' AND a.deadline < ${today}) AS overdue,
           count(*) FILTER (WHERE a.status = 'RETURNED' AND a.deadline >= ${today}) AS returned,
           count(*) FILTER (WHERE a.status = 'PENDING_REVIEW' AND a.deadline >= ${today}) AS pending,
           count(*) FILTER (WHERE a.status IN ('NOT_STARTED', 'IN_PROGRESS') AND a.deadline >= ${today} AND a.deadline <= ${soon} AND a.progress < 100) AS due_soon,
           avg(a.progress)::float AS avg_progress`;
}

/** 挂图作战 matrix: plan tasks × the view unit's direct sub-units (each cell covers that sub-unit's subtree). */
/** the assignments of one plan (SQL over task_assignments a) */
const ofPlan = (planId: number | null) => (planId ? Prisma.sql`AND a.task_id IN (SELECT id FROM plan_tasks WHERE plan_id = ${planId})` : Prisma.empty);

async function statusMatrix(db: Db, view: Scope, planId: number | null, now: Date) {
  const rows = await db.$queryRaw<(Agg & { task_id: number; child: string })[]>`
    SELECT a.task_id, split_part(a.unit_path, '/', ${view.depth + 3}) AS child,
           ${ragCounts(now)}
    FROM task_assignments a
    WHERE ${sqlIn(view, "a.unit_path", { below: true })} ${ofPlan(planId)}
    GROUP BY 1, 2`;
  const cells = new Map<string, MatrixCell>();
  for (const r of rows) cells.set(`${r.task_id}|${r.child}`, toCell(r));
  return cells;
}

/** 挂图作战 timeline: per sub-unit and month of deadline, how many assignments fall due and their worst colour. */
async function deadlineTimeline(db: Db, view: Scope, planId: number | null, now: Date) {
  const rows = await db.$queryRaw<(Agg & { child: string; month: string })[]>`
    SELECT split_part(a.unit_path, '/', ${view.depth + 3}) AS child, to_char(a.deadline, 'YYYY-MM') AS month,
           ${ragCounts(now)}
    FROM task_assignments a
    WHERE ${sqlIn(view, "a.unit_path", { below: true })} ${ofPlan(planId)}
    GROUP BY 1, 2`;
  const cells = new Map<string, MatrixCell>();
  for (const r of rows) cells.set(`${r.child}|${r.month}`, toCell(r));
  return cells;
}

/** The assignments of one plan task in the subtree, in unit order (the plan task page; at most 300). */
export async function assignmentsOfTask(db: Db, taskId: number, scope: Scope) {
  return db.taskAssignment.findMany({
    where: { taskId, ...recordsIn(scope) },
    orderBy: { unitPath: "asc" },
    take: 300,
    select: { id: true, status: true, progress: true, deadline: true, carriedOverAt: true, unit: { select: { name: true, level: true } } },
  });
}

// ── for pages ────────────────────────────────────────────────────────────────────────────────────────────────

/** One page of the task list of a subtree. */
export async function taskPage(scope: Scope, p: TaskListParams, now = new Date()) {
  return listAssignments(await getReadDb(), scope, p, now);
}

/** One assignment in the viewer's subtree with everything its page shows; anything else is an audited 404 (denyPage). */
export function taskDetail(viewer: { unitPath: string; unitId: number }, id: number) {
  return getAssignment(getDb(), viewer, id);
}

/** The assignments of one plan task in the subtree (the plan task page). */
export function taskAssignments(taskId: number, scope: Scope) {
  return assignmentsOfTask(getDb(), taskId, scope);
}

/** The units of the subtree that already have an assignment of a plan task (not offered again when assigning). */
export async function assignedUnitIds(taskId: number, scope: Scope): Promise<Set<number>> {
  const rows = await getDb().taskAssignment.findMany({ where: { taskId, ...recordsIn(scope) }, select: { unitId: true } });
  return new Set(rows.map((x) => x.unitId));
}

/** 挂图作战 of a view unit for one plan (plans.id): its active direct sub-units, the status matrix and the deadline timeline. */
export async function battleMap(view: { id: number; scope: Scope }, planId: number | null, now = new Date()) {
  const db = getDb();
  const [children, matrix, timeline] = await Promise.all([
    db.unit.findMany({ where: { parentId: view.id, active: true }, orderBy: [{ level: "asc" }, { sortOrder: "asc" }], select: { id: true, code: true, name: true, shortName: true, level: true } }),
    statusMatrix(db, view.scope, planId, now),
    deadlineTimeline(db, view.scope, planId, now),
  ]);
  return { children, matrix, timeline };
}
