// The idle warning's clock and the list's page numbers (the pure parts of the phone work).
import { describe, expect, it } from "vitest";
import { pageNumbers } from "@/components/ui";
import { IDLE_TIMEOUT_MS, IDLE_WARNING_MS, idleWarningState } from "@/lib/auth/session-policy";

describe("idle warning", () => {
  const seen = Date.UTC(2026, 11, 4, 2, 0, 0);
  it("shows nothing until two minutes before the idle timeout, then counts down, then the session has ended", () => {
    expect(idleWarningState(null, seen)).toEqual({ kind: "none" });
    expect(idleWarningState(Number.NaN, seen)).toEqual({ kind: "none" });
    expect(idleWarningState(seen, seen + IDLE_TIMEOUT_MS - IDLE_WARNING_MS - 1)).toEqual({ kind: "none" });
    expect(idleWarningState(seen, seen + IDLE_TIMEOUT_MS - IDLE_WARNING_MS)).toEqual({ kind: "warn", left: IDLE_WARNING_MS });
    expect(idleWarningState(seen, seen + IDLE_TIMEOUT_MS - 1000)).toEqual({ kind: "warn", left: 1000 });
    expect(idleWarningState(seen, seen + IDLE_TIMEOUT_MS)).toEqual({ kind: "ended" });
    expect(IDLE_WARNING_MS).toBe(2 * 60 * 1000);
  });
});

describe("page numbers", () => {
  it("the first, the last and two either side of the current page, gaps of one filled in, longer gaps as …", () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageNumbers(1, 20)).toEqual([1, 2, 3, "…", 20]);
    expect(pageNumbers(10, 20)).toEqual([1, "…", 8, 9, 10, 11, 12, "…", 20]);
    expect(pageNumbers(5, 20)).toEqual([1, 2, 3, 4, 5, 6, 7, "…", 20]);
    expect(pageNumbers(20, 20)).toEqual([1, "…", 18, 19, 20]);
  });
});
