// Task status words and the one definition of overdue and red/amber/green for assignments.
// 逾期 is derived from the dates in Asia/Shanghai, never typed in.
import { daysUntil, isPastDay } from "@/lib/time";

export const STATUS_LABELS = {
  NOT_STARTED: "未开始",
  IN_PROGRESS: "推进中",
  PENDING_REVIEW: "待审核",
  RETURNED: "已退回",
  CLOSED: "已销号",
} as const;

export const DUTY_LABELS = {
  PRIMARY: "主体责任",
  TERRITORIAL: "属地直接责任",
  DEPARTMENTAL: "部门警种主管责任",
} as const;

export const ROLE_LABELS_TASK = { LEAD: "牵头", SUPPORT: "配合" } as const;

/** Overdue: the deadline's day has ended in Beijing and the work is not closed. */
export function isAssignmentOverdue(a: { status: string; deadline: Date }, now: Date = new Date()): boolean {
  return a.status !== "CLOSED" && isPastDay(a.deadline, now);
}

export type Rag = "red" | "amber" | "green";

/** 挂图作战 colours: red = overdue or returned; amber = due within 30 days and not done, or waiting for review;
 *  green = closed or on track. */
export function assignmentRag(a: { status: string; deadline: Date; progress: number }, now: Date = new Date()): Rag {
  if (a.status === "CLOSED") return "green";
  if (isAssignmentOverdue(a, now) || a.status === "RETURNED") return "red";
  if (a.status === "PENDING_REVIEW") return "amber";
  const left = daysUntil(a.deadline, now);
  if (left <= 30 && a.progress < 100) return "amber";
  return "green";
}

export const RAG_LABELS: Record<Rag, string> = { red: "红：逾期或退回", amber: "黄：临期或待审核", green: "绿：正常或已销号" };

/** "还剩 12 天" / "今天到期" / "逾期 3 天" */
export function countdownText(deadline: Date, status: string, now: Date = new Date()): string {
  if (status === "CLOSED") return "已销号";
  const d = daysUntil(deadline, now);
  if (d > 0) return `还剩 ${d} 天`;
  if (d === 0) return "今天到期";
  return `逾期 ${-d} 天`;
}
