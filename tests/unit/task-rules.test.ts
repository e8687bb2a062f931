// The rules the task page and the task actions share (lib/tasks/rules.ts), over every status and caller relation.
import { describe, expect, it } from "vitest";
import { allowedDecisions, canSubdivide, isLocked } from "@/lib/tasks/rules";

const STATUSES = ["NOT_STARTED", "IN_PROGRESS", "PENDING_REVIEW", "RETURNED", "CLOSED"] as const;
const REVIEWER = 10;
const ASSIGNER = 20;
const OTHER = 30;

describe("task rules", () => {
  it("only submitted and closed work is locked", () => {
    expect(STATUSES.filter((s) => isLocked(s))).toEqual(["PENDING_REVIEW", "CLOSED"]);
  });

  it("carried-over work (已结转) is locked in every status: no edits, no division, no decisions", () => {
    const at = new Date("2026-01-05T02:00:00Z");
    for (const status of STATUSES) {
      expect(isLocked(status, at)).toBe(true);
      expect(canSubdivide(status, at)).toBe(false);
      expect(allowedDecisions({ status, reviewUnitId: REVIEWER, assignedById: ASSIGNER, carriedOverAt: at }, { unitId: REVIEWER })).toEqual({ review: false, reopen: false });
    }
  });

  it("only closed work is not divided further", () => {
    expect(STATUSES.filter((s) => !canSubdivide(s))).toEqual(["CLOSED"]);
  });

  it.each(STATUSES)("%s: review only by the reviewing unit while pending; reopen only by the assigning unit once closed", (status) => {
    const a = { status, reviewUnitId: status === "PENDING_REVIEW" ? REVIEWER : null, assignedById: ASSIGNER };
    expect(allowedDecisions(a, { unitId: REVIEWER })).toEqual({ review: status === "PENDING_REVIEW", reopen: false });
    expect(allowedDecisions(a, { unitId: ASSIGNER })).toEqual({ review: false, reopen: status === "CLOSED" });
    expect(allowedDecisions(a, { unitId: OTHER })).toEqual({ review: false, reopen: false });
  });
});
