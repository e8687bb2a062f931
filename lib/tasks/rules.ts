// The task rules that both the task page (which buttons it offers) and the task actions (what they accept) need,
// written once. Pure functions of the assignment's state and the caller's unit; permissions stay in
// lib/auth/permissions.ts and the unit scope in lib/auth/scope.ts.

type Status = "NOT_STARTED" | "IN_PROGRESS" | "PENDING_REVIEW" | "RETURNED" | "CLOSED";

/**
 * Submitted and closed work is locked (no progress, milestones or responsibility changes) until it is returned;
 * work carried over (已结转) to a later plan is locked for good: it continues in its successor.
 */
export function isLocked(status: Status | string, carriedOverAt: Date | null = null): boolean {
  return !!carriedOverAt || status === "PENDING_REVIEW" || status === "CLOSED";
}

/** Closed or carried-over work is not divided further (no new sub-assignments under it). */
export function canSubdivide(status: Status | string, carriedOverAt: Date | null = null): boolean {
  return !carriedOverAt && status !== "CLOSED";
}

/**
 * What the caller's unit may decide on an assignment now: `review` (accept or return) while it waits for this unit's
 * review; `reopen` (return) closed work this unit assigned.
 */
export function allowedDecisions(
  a: { status: Status | string; reviewUnitId: number | null; assignedById: number; carriedOverAt?: Date | null },
  caller: { unitId: number },
): { review: boolean; reopen: boolean } {
  if (a.carriedOverAt) return { review: false, reopen: false };
  return {
    review: a.status === "PENDING_REVIEW" && a.reviewUnitId === caller.unitId,
    reopen: a.status === "CLOSED" && a.assignedById === caller.unitId,
  };
}
