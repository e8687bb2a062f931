// The 督办 rules that the pages (which forms they offer), the actions (what they accept), the list, the sweep and
// the KPIs need, written once. Pure functions of a 督办单's state and the caller's unit; permissions stay in
// lib/auth/permissions.ts and the unit scope in lib/auth/scope.ts.
import { type Scope, contains } from "@/lib/auth/scope";
import { daysUntil, isPastDay } from "@/lib/time";
import { SUPERVISION_LEVEL_LABELS as LEVEL_LABELS } from "./labels";

export type SupervisionStatus = "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED";
export type SupervisionLevel = "REMIND" | "SUPERVISE" | "LISTED";
export type SupervisionTarget = "TASK" | "LEDGER" | "UNIT";

export const SUPERVISION_STATUSES = ["OPEN", "REPLIED", "RETURNED", "ACCEPTED", "CANCELLED"] as const;
export const SUPERVISION_LEVELS = ["REMIND", "SUPERVISE", "LISTED"] as const;

export const SUPERVISION_STATUS_LABELS: Record<SupervisionStatus, string> = {
  OPEN: "待答复",
  REPLIED: "已答复待验收",
  RETURNED: "答复被退回",
  ACCEPTED: "已办结",
  CANCELLED: "已撤销",
};

export const SUPERVISION_STATUS_TONES: Record<SupervisionStatus, "red" | "amber" | "green" | "blue" | "slate"> = {
  OPEN: "blue",
  REPLIED: "amber",
  RETURNED: "red",
  ACCEPTED: "green",
  CANCELLED: "slate",
};

export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = LEVEL_LABELS;

export const SUPERVISION_TARGET_LABELS: Record<SupervisionTarget, string> = { TASK: "任务", LEDGER: "台账记录", UNIT: "单位" };

export const SUPERVISION_ACTION_LABELS = { ISSUE: "下发督办", REPLY: "答复", ACCEPT: "验收办结", RETURN: "退回答复", CANCEL: "撤销" } as const;

/** In progress: neither accepted (办结) nor cancelled. */
export function isOpenSupervision(status: SupervisionStatus | string): boolean {
  return status !== "ACCEPTED" && status !== "CANCELLED";
}

/** Waiting for the receiving unit's reply (first reply, or again after a return). */
export function awaitsReply(status: SupervisionStatus | string): boolean {
  return status === "OPEN" || status === "RETURNED";
}

/** Overdue: a reply is still owed and the reply day has ended in Beijing. */
export function isSupervisionOverdue(s: { status: SupervisionStatus | string; replyDue: Date }, now: Date = new Date()): boolean {
  return awaitsReply(s.status) && isPastDay(s.replyDue, now);
}

/** Whole days past the reply day (0 when not overdue). */
export function overdueDays(s: { status: SupervisionStatus | string; replyDue: Date }, now: Date = new Date()): number {
  return isSupervisionOverdue(s, now) ? -daysUntil(s.replyDue, now) : 0;
}

/** 「逾期 N 天」, or null. */
export function overdueText(s: { status: SupervisionStatus | string; replyDue: Date }, now: Date = new Date()): string | null {
  const d = overdueDays(s, now);
  return d > 0 ? `逾期 ${d} 天` : null;
}

/**
 * What the caller's unit may do with a 督办单 now: `reply` — the receiving unit while a reply is owed; `decide`
 * (accept or return) — the issuing unit while a reply waits; `cancel` — the issuing unit while it is in progress.
 * (The role's permission — supervision:reply / supervision:issue — is checked separately.)
 */
export function supervisionMoves(s: { status: SupervisionStatus | string; unitId: number; issuerUnitId: number }, caller: { unitId: number }): { reply: boolean; decide: boolean; cancel: boolean } {
  return {
    reply: awaitsReply(s.status) && s.unitId === caller.unitId,
    decide: s.status === "REPLIED" && s.issuerUnitId === caller.unitId,
    cancel: isOpenSupervision(s.status) && s.issuerUnitId === caller.unitId,
  };
}

/** A unit may be sent a 督办单 by a unit strictly above it: inside the issuer's scope, and not the issuer's unit itself. */
export function isBelow(issuer: Scope, unitPath: string): boolean {
  return unitPath !== issuer.path && contains(issuer, unitPath);
}

/** The 督办 page of a code. */
export const supervisionHref = (code: string) => `/supervision/${encodeURIComponent(code)}`;
