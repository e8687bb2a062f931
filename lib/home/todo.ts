// The work home's to-do lines: what a line is, its countdown in words and its urgency order. Pure (no database), so
// the countdown at Beijing day boundaries and the order are unit-testable; lib/home/queries.ts fills the lines.
/** the tones of components/status.tsx */
type StatusTone = "red" | "amber" | "green" | "blue" | "slate";
import { daysUntil, shanghaiToday } from "@/lib/time";

export const TODO_KINDS = ["returned", "supervision", "task", "milestone", "intel", "dispute", "demand", "stats"] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const TODO_KIND_LABELS: Record<TodoKind, string> = {
  returned: "退回任务",
  supervision: "收到督办",
  task: "任务到期",
  milestone: "工作节点",
  intel: "情报时限",
  dispute: "矛盾纠纷",
  demand: "企业诉求",
  stats: "月度统计",
};

/** Where "查看全部" of a kind leads (the list that holds every item of the kind). */
export const TODO_KIND_LISTS: Record<TodoKind, string> = {
  returned: "/tasks?status=RETURNED",
  supervision: "/supervision",
  task: "/tasks",
  milestone: "/tasks",
  intel: "/ledgers/intel?preset=open",
  dispute: "/ledgers/disputes?preset=warning",
  demand: "/ledgers/demands",
  stats: "/stats/entry",
};

/** A line of the to-do list. `due` is a Beijing calendar day (00:00 UTC of that day). */
export interface TodoItem {
  kind: TodoKind;
  key: string;
  code: string;
  title: string;
  href: string;
  due: Date;
  /** the unit the record belongs to (shown when it is not the user's own) */
  unitName?: string;
  /** the reviewer's reason of a returned task, the 督办 level, the grade of an intelligence item … */
  note?: string;
}

/** Days ahead of its deadline a task, milestone or 督办 joins the list. */
export const DUE_WINDOW_DAYS = 7;
/** Days ahead of its loop deadline an intelligence item joins the list (the deadline itself is set by its grade). */
export const INTEL_WINDOW_DAYS = 3;
/** Follow-up cycle of an unresolved dispute: every 7 days while it carries a homicide-risk warning, else 30 days. */
export const DISPUTE_FOLLOW_UP_DAYS = { flagged: 7, other: 30 } as const;
/** Days before a demand reaches DEMAND_OVERDUE_DAYS open that it joins the list. */
export const DEMAND_WINDOW_DAYS = 7;
/** The day of the month by which last month's statistics are due. */
export const STATS_DUE_DAY = 5;
/** The day of the month by which last month's monthly report is due (generated and archived). */
export const REPORT_DUE_DAY = 10;

/**
 * Overdue by more than this many days, a line is 积压 (backlog): still listed, but after the work of the day — years-old
 * follow-ups must not push today's returned task and this week's deadlines off the screen.
 */
export const BACKLOG_DAYS = 30;

/** Whether a line is 积压: its due day is more than BACKLOG_DAYS Beijing days ago. */
export function isBacklog(due: Date, now: Date = new Date()): boolean {
  return daysUntil(due, now) < -BACKLOG_DAYS;
}

/** The Beijing calendar day of an instant. */
export const dayOf = (at: Date): Date => shanghaiToday(at);

/** 「还剩 3 天」/「今天到期」/「逾期 5 天」 and the status tone (red overdue, amber due within 3 days, blue later). */
export function countdown(due: Date, now: Date = new Date()): { text: string; tone: StatusTone; days: number } {
  const days = daysUntil(due, now);
  if (days < 0) return { text: `逾期 ${-days} 天`, tone: "red", days };
  if (days === 0) return { text: "今天到期", tone: "red", days };
  return { text: `还剩 ${days} 天`, tone: days <= 3 ? "amber" : "blue", days };
}

/** 「已等待 4 天」 since an instant (Beijing days), 「今天提交」 on the same day. */
export function waitedText(since: Date | null, now: Date = new Date()): string {
  if (!since) return "—";
  const days = -daysUntil(dayOf(since), now);
  return days <= 0 ? "今天提交" : `已等待 ${days} 天`;
}

const KIND_ORDER = new Map(TODO_KINDS.map((k, i) => [k, i]));

/**
 * Most urgent first: the work of the day (overdue up to BACKLOG_DAYS, due today, due soon) before the 积压; inside each,
 * the earliest due day (the most overdue at the top), then the kind (returned work first), then the code.
 */
export function byUrgency(a: TodoItem, b: TodoItem, now: Date = new Date()): number {
  return (
    Number(isBacklog(a.due, now)) - Number(isBacklog(b.due, now)) ||
    a.due.getTime() - b.due.getTime() ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    a.code.localeCompare(b.code)
  );
}
