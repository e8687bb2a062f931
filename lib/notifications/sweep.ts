// Periodic sweeps: messages no event triggers (a deadline comes near or passes) and the 184-day retention.
// Run every few minutes by each app server (lib/notifications/sweep-runner.ts, started by instrumentation.ts next to
// the report scheduler). Every sweep is idempotent: deadline messages carry a dedupKey (unique per recipient), so
// several servers, or the same server twice, write each message once.
import type { Db } from "@/lib/db/client";
import { addDays, dayString, shanghaiToday } from "@/lib/time";
import { sweepOverdueSupervisions } from "@/lib/supervision/sweep";
import { notify, pruneNotifications } from "./notify";

export type Sweep = (db: Db, now: Date) => Promise<number>;

/** how near a deadline is "soon" (days, inclusive of today) */
export const DEADLINE_SOON_DAYS = 3;
/**
 * A passed deadline is reported while it is this recent: a first run on years of old plan data should not send
 * thousands of messages about long-known overdue work (the home's to-do list shows all of it).
 */
export const DEADLINE_PASSED_WINDOW_DAYS = 7;

const OPEN_STATUSES = ["NOT_STARTED", "IN_PROGRESS", "RETURNED"] as const;

interface Due {
  key: string;
  kind: "DEADLINE_SOON" | "DEADLINE_PASSED";
  assignmentId: number;
  unitId: number;
  unitPath: string;
  title: string;
}

/** DEADLINE_SOON (due within 3 days) and DEADLINE_PASSED for open assignments of active plans and their milestones. */
export async function sweepDeadlines(db: Db, now: Date): Promise<number> {
  const today = shanghaiToday(now);
  const soonEnd = addDays(today, DEADLINE_SOON_DAYS - 1);
  const passedFrom = addDays(today, -DEADLINE_PASSED_WINDOW_DAYS);
  const window = { gte: passedFrom, lte: soonEnd };
  const open = { status: { in: [...OPEN_STATUSES] }, task: { plan: { active: true } } };
  const [assignments, milestones] = await Promise.all([
    db.taskAssignment.findMany({ where: { ...open, deadline: window }, select: { id: true, unitId: true, unitPath: true, deadline: true, task: { select: { code: true } } } }),
    db.milestone.findMany({
      where: { doneAt: null, dueDate: window, assignment: open },
      select: { id: true, seq: true, dueDate: true, assignment: { select: { id: true, unitId: true, unitPath: true, task: { select: { code: true } } } } },
    }),
  ]);
  const due: Due[] = [];
  const kindOf = (day: Date) => (day < today ? "DEADLINE_PASSED" : "DEADLINE_SOON");
  for (const a of assignments) {
    const kind = kindOf(a.deadline);
    const when = dayString(a.deadline);
    due.push({
      key: `${kind}:assignment:${a.id}:${when}`,
      kind,
      assignmentId: a.id,
      unitId: a.unitId,
      unitPath: a.unitPath,
      title: kind === "DEADLINE_SOON" ? `任务 ${a.task.code} 将于 ${when} 到期` : `任务 ${a.task.code} 已逾期（时限 ${when}）`,
    });
  }
  for (const m of milestones) {
    const kind = kindOf(m.dueDate);
    const when = dayString(m.dueDate);
    const a = m.assignment;
    due.push({
      key: `${kind}:milestone:${m.id}:${when}`,
      kind,
      assignmentId: a.id,
      unitId: a.unitId,
      unitPath: a.unitPath,
      title: kind === "DEADLINE_SOON" ? `任务 ${a.task.code} 第 ${m.seq} 个工期节点将于 ${when} 到期` : `任务 ${a.task.code} 第 ${m.seq} 个工期节点已逾期（时限 ${when}）`,
    });
  }
  if (!due.length) return 0;
  // the keys already sent: a steady-state run costs these three queries and writes nothing
  const sent = new Set(
    (await db.notification.findMany({ where: { kind: { in: ["DEADLINE_SOON", "DEADLINE_PASSED"] }, dedupKey: { in: due.map((d) => d.key) } }, select: { dedupKey: true }, distinct: ["dedupKey"] })).map(
      (n) => n.dedupKey,
    ),
  );
  let written = 0;
  for (const d of due) {
    if (sent.has(d.key)) continue;
    written += await notify(db, { unitId: d.unitId, roles: ["OFFICER"] }, { kind: d.kind, title: d.title, href: `/tasks/${d.assignmentId}`, unitPath: d.unitPath, dedupKey: d.key });
  }
  return written;
}

/** The registry: every sweep the runner calls, in order. */
export const SWEEPS: Record<string, Sweep> = {
  deadlines: sweepDeadlines,
  prune: (db, now) => pruneNotifications(db, now),
  // 督办 whose reply day has passed: the issuer and the issuing unit's superior (lib/supervision/sweep.ts)
  supervisionOverdue: sweepOverdueSupervisions,
};

/** Runs every sweep; one failing does not stop the others. Answers what each wrote (or its error). */
export async function runSweeps(db: Db, now: Date = new Date(), sweeps: Record<string, Sweep> = SWEEPS): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const [name, sweep] of Object.entries(sweeps)) {
    try {
      out[name] = await sweep(db, now);
    } catch (e) {
      out[name] = e instanceof Error ? e.message : String(e);
    }
  }
  return out;
}
