// The work home of each business role: the day's work, read in a few bounded statements (every list takes at most
// HOME_LIMIT rows, counts are separate), always inside the user's own subtree (Scope). Database-first and free of
// server-only imports, so that the tests and bench/home.ts call them as they are; pages go through lib/home/queries.ts.
import { type Scope, issuerIn, recordsIn, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { battleSummaryData } from "@/lib/cockpit/data";
import { kpiScope } from "@/lib/kpi/engine";
import { DEMAND_OVERDUE_DAYS } from "@/lib/ledgers/configs";
import { getSetting } from "@/lib/settings";
import { STAT_METRICS, STAT_METRIC_MAP } from "@/lib/stats/catalogue";
import { enterableUnits } from "@/lib/stats/enterable";
import { addMonths, lastCompletedMonth, monthDate, monthLabel, validateStatMonth } from "@/lib/stats/validate";
import { reviewQueueWhere } from "@/lib/tasks/queries";
import { chainOf, pathCodes } from "@/lib/tasks/review-chain";
import { addDays, dayString, shanghaiDayStart, shanghaiToday } from "@/lib/time";
import { BACKLOG_DAYS, DEMAND_WINDOW_DAYS, DISPUTE_FOLLOW_UP_DAYS, DUE_WINDOW_DAYS, INTEL_WINDOW_DAYS, STATS_DUE_DAY, type TodoItem, type TodoKind, byUrgency, dayOf } from "./todo";

/** At most this many lines per kind (the counts on top are exact). */
export const HOME_LIMIT = 10;

const SUPERVISION_LEVELS = { REMIND: "提醒", SUPERVISE: "督办", LISTED: "挂牌督办" } as const;
const OPEN_SUPERVISION = ["OPEN", "RETURNED"] as const;
const INTEL_GRADE = ["一级", "二级", "三级", "四级"];

export interface OfficerHome {
  items: TodoItem[];
  counts: Record<TodoKind, number>;
}

/**
 * The officer's to-do list in `scope` (the user's unit and the units below), most urgent first: returned tasks, tasks
 * and milestones overdue or due within 7 days, intelligence items near their reporting or loop deadline, disputes with
 * a homicide-risk warning or an overdue follow-up, enterprise demands near DEMAND_OVERDUE_DAYS open, last month's
 * statistics not yet entered by the unit itself, and 督办 received (open or sent back).
 *
 * Two statements whatever the data: the counts per kind (and whether last month's statistics are in), and the first
 * HOME_LIMIT lines of every kind in one UNION ALL, each branch on its own index and limit.
 */
export async function officerTodo(db: Db, scope: Scope, unit: { id: number; level: string; name: string }, now: Date = new Date()): Promise<OfficerHome> {
  const today = shanghaiToday(now);
  const soon = addDays(today, DUE_WINDOW_DAYS);
  const take = HOME_LIMIT;
  // an intelligence item's loop deadline before the end of the window's last day (Beijing)
  const intelSoon = shanghaiDayStart(addDays(today, INTEL_WINDOW_DAYS + 1));
  // an unflagged dispute is late for its follow-up once its last change is a full cycle old
  const followOther = shanghaiDayStart(addDays(today, 1 - DISPUTE_FOLLOW_UP_DAYS.other));
  const demandFrom = addDays(today, DEMAND_WINDOW_DAYS - DEMAND_OVERDUE_DAYS);
  const month = lastCompletedMonth(now);
  const inScope = sqlIn(scope, "a.unit_path");
  // calendar days as text: a Date parameter would go through the session's time zone on its way to ::date
  const soonDay = dayString(soon);
  const demandDay = dayString(demandFrom);
  // 积压 (overdue by more than BACKLOG_DAYS): each kind lists the day's work before it (byUrgency does the same)
  const backlogDay = dayString(addDays(today, -BACKLOG_DAYS));
  const backlogAt = shanghaiDayStart(addDays(today, -BACKLOG_DAYS));
  const backlogDemandDay = dayString(addDays(today, -BACKLOG_DAYS - DEMAND_OVERDUE_DAYS));
  const followUpDue = Prisma.sql`(a.updated_at + make_interval(days => CASE WHEN a.warning_flagged THEN ${DISPUTE_FOLLOW_UP_DAYS.flagged}::int ELSE ${DISPUTE_FOLLOW_UP_DAYS.other}::int END))`;

  const returnedW = Prisma.sql`${inScope} AND a.status = 'RETURNED'`;
  const taskW = Prisma.sql`${inScope} AND a.status IN ('NOT_STARTED', 'IN_PROGRESS') AND a.deadline <= ${soonDay}::date`;
  const milestoneW = Prisma.sql`${inScope} AND a.status IN ('NOT_STARTED', 'IN_PROGRESS') AND m.done_at IS NULL AND m.due_date <= ${soonDay}::date`;
  const intelW = Prisma.sql`${inScope} AND a.loop_closed_at IS NULL AND (a.reported_at IS NULL OR a.loop_due_at < ${intelSoon})`;
  const disputeW = Prisma.sql`${inScope} AND a.resolved_on IS NULL AND a.status <> '已化解' AND (a.warning_flagged OR a.updated_at < ${followOther})`;
  const demandW = Prisma.sql`${inScope} AND a.resolved_on IS NULL AND a.raised_on <= ${demandDay}::date`;
  const supervisionW = Prisma.sql`${inScope} AND a.status IN ('OPEN', 'RETURNED')`;

  const [countRows, rows] = await Promise.all([
    db.$queryRaw<{ returned: bigint; supervision: bigint; task: bigint; milestone: bigint; intel: bigint; dispute: bigint; demand: bigint; statsOpen: boolean }[]>`
      SELECT
        (SELECT count(*) FROM task_assignments a WHERE ${returnedW}) AS returned,
        (SELECT count(*) FROM supervisions a WHERE ${supervisionW}) AS supervision,
        (SELECT count(*) FROM task_assignments a WHERE ${taskW}) AS task,
        (SELECT count(*) FROM milestones m JOIN task_assignments a ON a.id = m.assignment_id WHERE ${milestoneW}) AS milestone,
        (SELECT count(*) FROM intel_items a WHERE ${intelW}) AS intel,
        (SELECT count(*) FROM disputes a WHERE ${disputeW}) AS dispute,
        (SELECT count(*) FROM enterprise_demands a WHERE ${demandW}) AS demand,
        -- last month's statistics of the unit itself: counties, and a 市州 without counties (嘉峪关), enter figures
        (SELECT (u.level = 'COUNTY' OR (u.level = 'CITY' AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id AND c.level = 'COUNTY')))
                AND NOT EXISTS (SELECT 1 FROM stat_values v WHERE v.unit_id = u.id AND v.month = ${`${month}-01`}::date AND v.metric = ANY(${FLOWS}::text[]))
         FROM units u WHERE u.id = ${unit.id}) AS "statsOpen"`,
    db.$queryRaw<{ kind: TodoKind; id: number; ref: number; code: string; title: string; dueDay: Date | null; dueAt: Date | null; unitName: string; note: string | null; flag: number | null }[]>`
      (SELECT 'returned'::text AS kind, a.id, a.id AS ref, t.code, t.title, a.deadline AS "dueDay", NULL::timestamptz AS "dueAt", u.name AS "unitName", a.last_reason AS note, NULL::int AS flag
       FROM task_assignments a JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
       WHERE ${returnedW} ORDER BY a.deadline < ${backlogDay}::date, a.deadline, a.id LIMIT ${take})
      UNION ALL
      (SELECT 'task'::text, a.id, a.id, t.code, t.title, a.deadline, NULL::timestamptz, u.name, NULL::text, NULL::int
       FROM task_assignments a JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
       WHERE ${taskW} ORDER BY a.deadline < ${backlogDay}::date, a.deadline, a.id LIMIT ${take})
      UNION ALL
      (SELECT 'milestone'::text, m.id, a.id, t.code, m.title || '（' || t.title || '）', m.due_date, NULL::timestamptz, u.name, NULL::text, NULL::int
       FROM milestones m JOIN task_assignments a ON a.id = m.assignment_id JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
       WHERE ${milestoneW} ORDER BY m.due_date < ${backlogDay}::date, m.due_date, m.id LIMIT ${take})
      UNION ALL
      -- the nearest deadline first: an unreported item's reporting deadline, else its loop deadline
      (SELECT 'intel'::text, a.id, a.grade, a.code, a.title, NULL::date, CASE WHEN a.reported_at IS NULL THEN a.report_due_at ELSE a.loop_due_at END,
              u.name, CASE WHEN a.reported_at IS NULL THEN 'report' ELSE 'loop' END, NULL::int
       FROM intel_items a JOIN units u ON u.id = a.unit_id
       WHERE ${intelW} ORDER BY CASE WHEN a.reported_at IS NULL THEN a.report_due_at ELSE a.loop_due_at END < ${backlogAt}, 7, a.id LIMIT ${take})
      UNION ALL
      (SELECT 'dispute'::text, a.id, a.id, a.code, a.summary, NULL::date, a.updated_at, u.name, a.warning_reasons, CASE WHEN a.warning_flagged THEN 1 ELSE 0 END
       FROM disputes a JOIN units u ON u.id = a.unit_id
       WHERE ${disputeW}
       ORDER BY ${followUpDue} < ${backlogAt}, ${followUpDue}, a.id LIMIT ${take})
      UNION ALL
      (SELECT 'demand'::text, a.id, a.id, a.code, coalesce(e.name || '：', '') || a.content, a.raised_on, NULL::timestamptz, u.name, a.category, NULL::int
       FROM enterprise_demands a JOIN units u ON u.id = a.unit_id LEFT JOIN enterprises e ON e.id = a.enterprise_id
       WHERE ${demandW} ORDER BY a.raised_on < ${backlogDemandDay}::date, a.raised_on, a.id LIMIT ${take})
      UNION ALL
      (SELECT 'supervision'::text, a.id, a.id, a.code, a.subject, a.reply_due, NULL::timestamptz, u.name, a.level::text, CASE WHEN a.status = 'RETURNED' THEN 1 ELSE 0 END
       FROM supervisions a JOIN units u ON u.id = a.unit_id
       WHERE ${supervisionW} ORDER BY a.reply_due < ${backlogDay}::date, a.reply_due, a.id LIMIT ${take})`,
  ]);

  const items: TodoItem[] = rows.map((r): TodoItem => {
    const base = { kind: r.kind, key: `${r.kind}-${r.id}`, code: r.code, title: r.title, unitName: r.unitName };
    switch (r.kind) {
      case "returned":
        return { ...base, href: `/tasks/${r.ref}`, due: r.dueDay!, note: r.note ? `退回理由：${r.note}` : "已被退回" };
      case "task":
        return { ...base, href: `/tasks/${r.ref}`, due: r.dueDay! };
      case "milestone":
        return { ...base, href: `/tasks/${r.ref}`, due: r.dueDay! };
      case "intel":
        return { ...base, href: `/ledgers/intel/${r.id}`, due: dayOf(r.dueAt!), note: `${INTEL_GRADE[r.ref - 1] ?? ""}情报 · ${r.note === "report" ? "待上报" : "待闭环"}` };
      case "dispute":
        return {
          ...base,
          href: `/ledgers/disputes/${r.id}`,
          due: addDays(dayOf(r.dueAt!), r.flag ? DISPUTE_FOLLOW_UP_DAYS.flagged : DISPUTE_FOLLOW_UP_DAYS.other),
          note: r.flag ? `命案风险预警${r.note ? `：${r.note}` : ""} · 每 ${DISPUTE_FOLLOW_UP_DAYS.flagged} 天跟进` : `跟进逾期（每 ${DISPUTE_FOLLOW_UP_DAYS.other} 天）`,
        };
      case "demand":
        return { ...base, href: `/ledgers/demands/${r.id}`, due: addDays(r.dueDay!, DEMAND_OVERDUE_DAYS), note: `${r.note} · ${DEMAND_OVERDUE_DAYS} 天内办结` };
      default:
        return { ...base, href: `/supervision/${r.code}`, due: r.dueDay!, note: `${SUPERVISION_LEVELS[r.note as keyof typeof SUPERVISION_LEVELS] ?? ""}${r.flag ? " · 答复被退回" : ""}` };
    }
  });
  const c = countRows[0];
  const statsOpen = !!c?.statsOpen;
  if (statsOpen) {
    const due = addDays(monthDate(addMonths(month, 1)), STATS_DUE_DAY - 1);
    items.push({ kind: "stats", key: `stats-${month}`, code: month, title: `${monthLabel(month)}月度统计尚未填报`, href: `/stats/entry?month=${month}`, due, unitName: unit.name, note: `每月 ${STATS_DUE_DAY} 日前填报上月数据` });
  }
  const n = (x: bigint | undefined) => Number(x ?? 0);
  return {
    items: items.sort((a, b) => byUrgency(a, b, now)),
    counts: { returned: n(c?.returned), supervision: n(c?.supervision), task: n(c?.task), milestone: n(c?.milestone), intel: n(c?.intel), dispute: n(c?.dispute), demand: n(c?.demand), stats: statsOpen ? 1 : 0 },
  };
}

const FLOWS = STAT_METRICS.filter((m) => m.kind === "flow").map((m) => m.key);

// ── reviewer ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface QueueItem {
  id: number;
  code: string;
  title: string;
  unitName: string;
  submittedAt: Date | null;
  deadline: Date;
  /** 1-based position of the reviewer's unit in the assignment's chain, and the chain's length */
  level: number;
  levels: number;
}

/** The reviewer's queue: work submitted to the unit, oldest first, with each item's level in its review chain. */
export async function reviewerQueue(db: Db, viewer: { unitId: number; unitPath: string }, limit = HOME_LIMIT * 2): Promise<{ total: number; items: QueueItem[] }> {
  const where = reviewQueueWhere(viewer);
  const [total, rows, chain] = await Promise.all([
    db.taskAssignment.count({ where }),
    db.taskAssignment.findMany({
      where,
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      take: limit,
      select: { id: true, unitPath: true, assignedById: true, submittedAt: true, deadline: true, unit: { select: { name: true } }, task: { select: { code: true, title: true } } },
    }),
    getSetting(db, "review.chain"),
  ]);
  const codes = [...new Set(rows.flatMap((r) => pathCodes(r.unitPath).slice(0, -1)))];
  const units = codes.length ? await db.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, level: true } }) : [];
  const byCode = new Map(units.map((u) => [u.code, u]));
  return {
    total,
    items: rows.map((r) => {
      const ids = chainOf(r, byCode, chain.levels as string[]);
      const at = ids.indexOf(viewer.unitId);
      return { id: r.id, code: r.task.code, title: r.task.title, unitName: r.unit.name, submittedAt: r.submittedAt, deadline: r.deadline, level: at >= 0 ? at + 1 : ids.length, levels: ids.length };
    }),
  };
}

/** The oldest item of the reviewer's queue other than `exceptId` (the 「下一条」 after a decision), and how many remain. */
export async function queueNext(db: Db, viewer: { unitId: number; unitPath: string }, exceptId: number): Promise<{ next: { id: number; code: string; title: string; unitName: string } | null; remaining: number }> {
  const where: Prisma.TaskAssignmentWhereInput = { AND: [reviewQueueWhere(viewer), { id: { not: exceptId } }] };
  const [remaining, next] = await Promise.all([
    db.taskAssignment.count({ where }),
    db.taskAssignment.findFirst({ where, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], select: { id: true, unit: { select: { name: true } }, task: { select: { code: true, title: true } } } }),
  ]);
  return { remaining, next: next ? { id: next.id, code: next.task.code, title: next.task.title, unitName: next.unit.name } : null };
}

/** 督办 issued by the unit whose answer waits for the issuer's acceptance. */
export async function repliesToAccept(db: Db, unitId: number) {
  const where: Prisma.SupervisionWhereInput = { issuerUnitId: unitId, status: "REPLIED" };
  const [total, rows] = await Promise.all([
    db.supervision.count({ where }),
    db.supervision.findMany({ where, orderBy: [{ repliedAt: "asc" }, { id: "asc" }], take: HOME_LIMIT, select: { id: true, code: true, subject: true, level: true, repliedAt: true, replyDue: true, unitId: true } }),
  ]);
  const names = await unitNames(db, rows.map((r) => r.unitId));
  return { total, rows: rows.map((r) => ({ ...r, levelLabel: SUPERVISION_LEVELS[r.level], unitName: names.get(r.unitId) ?? "" })) };
}

async function unitNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  return new Map((await db.unit.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
}

// ── commander ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * What needs a commander's decision today, in the subtree: overdue 督办 issued by or to it, open 挂牌督办, what is
 * escalated to the unit (work waiting for its review, 督办 answers waiting for its acceptance), and the red sub-units
 * of the cockpit's 挂图作战 (battleSummaryData: the same red as the cockpit).
 */
export async function commanderDesk(db: Db, unit: { id: number; code: string; scope: Scope }, now: Date = new Date()) {
  const today = shanghaiToday(now);
  const subtree: Prisma.SupervisionWhereInput = { OR: [recordsIn(unit.scope), issuerIn(unit.scope)] };
  const overdueWhere: Prisma.SupervisionWhereInput = { AND: [subtree, { status: { in: [...OPEN_SUPERVISION] }, replyDue: { lt: today } }] };
  const listedWhere: Prisma.SupervisionWhereInput = { AND: [subtree, { level: "LISTED", status: { in: ["OPEN", "RETURNED", "REPLIED"] } }] };
  const reviewWhere = reviewQueueWhere({ unitId: unit.id, unitPath: unit.scope.path });
  const supSelect = { id: true, code: true, subject: true, level: true, status: true, replyDue: true, unitId: true, issuerUnitId: true } as const;
  const [nOverdue, overdue, nListed, listed, nReview, review, replies, battle, children] = await Promise.all([
    db.supervision.count({ where: overdueWhere }),
    db.supervision.findMany({ where: overdueWhere, orderBy: [{ replyDue: "asc" }, { id: "asc" }], take: HOME_LIMIT, select: supSelect }),
    db.supervision.count({ where: listedWhere }),
    db.supervision.findMany({ where: listedWhere, orderBy: [{ replyDue: "asc" }, { id: "asc" }], take: HOME_LIMIT, select: supSelect }),
    db.taskAssignment.count({ where: reviewWhere }),
    db.taskAssignment.findMany({ where: reviewWhere, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], take: HOME_LIMIT, select: { id: true, submittedAt: true, unit: { select: { name: true } }, task: { select: { code: true, title: true } } } }),
    repliesToAccept(db, unit.id),
    battleSummaryData(db, kpiScope(unit.scope, unit.code), now),
    db.unit.findMany({ where: { parentId: unit.id, active: true, level: { not: "DEPARTMENT" } }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { code: true, name: true } }),
  ]);
  const names = await unitNames(db, [...overdue, ...listed].flatMap((s) => [s.unitId, s.issuerUnitId]));
  const sup = (s: (typeof overdue)[number]) => ({ ...s, levelLabel: SUPERVISION_LEVELS[s.level], unitName: names.get(s.unitId) ?? "", issuerName: names.get(s.issuerUnitId) ?? "" });
  const red = children
    .map((c) => ({ ...c, ...(battle.get(c.code) ?? { total: 0, closed: 0, red: 0, amber: 0 }) }))
    .filter((c) => c.red > 0)
    .sort((a, b) => b.red - a.red || a.code.localeCompare(b.code));
  return {
    overdue: { total: nOverdue, rows: overdue.map(sup) },
    listed: { total: nListed, rows: listed.map(sup) },
    review: { total: nReview, rows: review },
    replies,
    redUnits: red,
  };
}

// ── analyst ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The analyst's desk: last month's report of the unit when it is not yet archived, the report schedules of the
 * subtree that have not produced last month's report, the units that have not entered last month's figures, and the
 * validation warnings (the entry form's rules: jumps on the month before, 破案 ≫ 立案 …) open in last month's figures.
 */
export async function analystDesk(db: Db, unit: { id: number; code: string; name: string; scope: Scope }, now: Date = new Date()) {
  const month = lastCompletedMonth(now);
  const prev = addMonths(month, -1);
  const [archived, schedules, entering] = await Promise.all([
    db.reportArchive.findFirst({ where: { unitId: unit.id, period: month }, select: { id: true, generatedAt: true } }),
    db.reportSchedule.findMany({ where: { ...recordsIn(unit.scope), active: true, OR: [{ lastPeriod: null }, { lastPeriod: { not: month } }] }, orderBy: [{ dayOfMonth: "asc" }, { id: "asc" }], take: HOME_LIMIT, select: { id: true, unitId: true, dayOfMonth: true, lastError: true } }),
    enterableUnits(db, unit.scope),
  ]);
  // the units expected to report (counties, 嘉峪关; stations only when they are the unit looked at), as the statistics page counts them
  const expected = entering.filter((u) => u.active && (u.level !== "STATION" || u.path === unit.scope.path) && u.level !== "PROVINCE");
  // two months of the expected units' figures, as plain numbers (one statement; no Decimal objects for thousands of cells)
  const rows = expected.length
    ? await db.$queryRaw<{ unitId: number; cur: boolean; metric: string; value: number }[]>`
        SELECT unit_id AS "unitId", month = ${`${month}-01`}::date AS cur, metric, value::float8 AS value FROM stat_values
        WHERE unit_id = ANY(${expected.map((u) => u.id)}::int[]) AND month IN (${`${month}-01`}::date, ${`${prev}-01`}::date)`
    : [];
  const values = new Map<number, { cur: Record<string, number>; prev: Record<string, number> }>();
  for (const r of rows) {
    const v = values.get(r.unitId) ?? { cur: {}, prev: {} };
    (r.cur ? v.cur : v.prev)[r.metric] = Number(r.value);
    values.set(r.unitId, v);
  }
  const missing = expected.filter((u) => !Object.keys(values.get(u.id)?.cur ?? {}).some((k) => STAT_METRIC_MAP.get(k)?.kind === "flow"));
  const warnings: { unitCode: string; unitName: string; metric: string; message: string }[] = [];
  for (const u of expected) {
    const v = values.get(u.id);
    if (!v || !Object.keys(v.cur).length) continue;
    for (const w of validateStatMonth({ month, values: v.cur, previous: v.prev, now }).warnings)
      warnings.push({ unitCode: u.code, unitName: u.name, metric: STAT_METRIC_MAP.get(w.metric)?.label ?? w.metric, message: w.message });
  }
  const names = await unitNames(db, schedules.map((s) => s.unitId));
  const thisMonth = monthDate(addMonths(month, 1));
  return {
    month,
    report: archived ? null : { unitCode: unit.code, unitName: unit.name, period: month },
    schedules: schedules.map((s) => ({ ...s, unitName: names.get(s.unitId) ?? "", due: addDays(thisMonth, s.dayOfMonth - 1) })),
    missing: { total: missing.length, expected: expected.length, rows: missing.slice(0, HOME_LIMIT).map((u) => ({ code: u.code, name: u.name })) },
    warnings: { total: warnings.length, rows: warnings.slice(0, HOME_LIMIT) },
  };
}

