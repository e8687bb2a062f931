// Which plan a page shows (lib/plan/choice.ts): ?plan= when known, else the plan in force at the period's end, else
// the current plan — the same rule as the task KPIs' default (STOCK.taskPlan, checked against the database in
// tests/integration/plan-cycle.test.ts).
import { describe, expect, it } from "vitest";
import { ZBattleMapQuery, ZCockpitQuery, parseQuery } from "@/lib/http/query";
import { choosePlan, planInForce, planYears, yearBefore } from "@/lib/plan/choice";

const OLD = { id: 1, code: "GSGA-ZDCW-2023-2025", name: "三年规划纲要", startYear: 2023, endYear: 2025, active: false };
const NEW = { id: 2, code: "GSGA-ZDCW-2026", name: "2026年主动创稳工作要点", startYear: 2026, endYear: 2026, active: true };
const THREE = { id: 3, code: "GSGA-2026-2028", name: "2026—2028年规划", startYear: 2026, endYear: 2028, active: false };

describe("plan choice", () => {
  it("takes the Beijing year of the last instant before a period's end", () => {
    expect(yearBefore(new Date("2025-12-31T16:00:00Z"))).toBe(2025); // 2026-01-01 00:00 Beijing: the end of 2025
    expect(yearBefore(new Date("2025-12-31T16:00:00.001Z"))).toBe(2026);
  });

  it("prefers a plan covering the year, the current one among several, then the latest; else the current plan", () => {
    expect(planInForce([OLD, NEW], 2024)?.code).toBe(OLD.code);
    expect(planInForce([OLD, NEW], 2026)?.code).toBe(NEW.code);
    expect(planInForce([OLD, NEW, THREE], 2026)?.code).toBe(NEW.code);
    expect(planInForce([OLD, NEW, THREE], 2027)?.code).toBe(THREE.code);
    expect(planInForce([OLD, NEW], 2019)?.code).toBe(NEW.code);
    expect(planInForce([], 2026)).toBeNull();
  });

  it("follows ?plan= only for a known plan", () => {
    const end = new Date("2026-12-05T00:00:00Z");
    expect(choosePlan([OLD, NEW], OLD.code, end)).toEqual({ plan: OLD, chosen: true });
    expect(choosePlan([OLD, NEW], "GSGA-NOPE", end)).toEqual({ plan: NEW, chosen: false });
    expect(choosePlan([OLD, NEW], undefined, new Date("2024-01-01T00:00:00Z"))).toEqual({ plan: OLD, chosen: false });
  });

  it("reads ?plan= through the one query parser: a malformed code is absent", () => {
    expect(parseQuery(ZCockpitQuery, { plan: "GSGA-ZDCW-2026" }).plan).toBe("GSGA-ZDCW-2026");
    expect(parseQuery(ZBattleMapQuery, { plan: "x'; DROP" }).plan).toBeUndefined();
    expect(parseQuery(ZBattleMapQuery, { plan: ["GSGA-ZDCW-2026", "other"] }).plan).toBe("GSGA-ZDCW-2026");
  });

  it("names a plan by its years", () => {
    expect(planYears(OLD)).toBe("2023—2025年");
    expect(planYears(NEW)).toBe("2026年");
  });
});
