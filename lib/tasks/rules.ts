// The task rules that both the task page (which buttons it offers) and the task actions (what they accept) need,
// written once. Pure functions of the assignment's state and the caller's unit; permissions stay in
// lib/auth/permissions.ts and the unit scope in lib/auth/scope.ts.

type Status = "NOT_STARTED" | "IN_PROGRESS" | "PENDING_REVIEW" | "RETURNED" | "CLOSED";

/** Submitted and closed work is locked (no progress, milestones or responsibility changes) until it is returned. */
export function isLocked(status: Status | string): boolean {
  return status === "PENDING_REVIEW" || status === "CLOSED";
}

/** Closed work is not divided further (no new sub-assignments under it). */
export function canSubdivide(status: Status | string): boolean {
  return status !== "CLOSED";
}

/**
 * What the caller's unit may decide on an assignment now: `review` (accept or return) while it waits for this unit's
 * review; `reopen` (return) closed work this unit assigned.
 */
export function allowedDecisions(a: { status: Status | string; reviewUnitId: number | null; assignedById: number }, caller: { unitId: number }): { review: boolean; reopen: boolean } {
  return {
    review: a.status === "PENDING_REVIEW" && a.reviewUnitId === caller.unitId,
    reopen: a.status === "CLOSED" && a.assignedById === caller.unitId,
  };
}
