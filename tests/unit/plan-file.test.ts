import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PlanImportError, parsePlanFile } from "@/lib/plan/import-plan";

const proposal = () => JSON.parse(fs.readFileSync("lib/seed/data/plan-2023-2025.json", "utf8"));

describe("plan file", () => {
  it("the built-in proposal has 7 areas, 28 measures, 90 tasks with well-formed codes", () => {
    const plan = parsePlanFile(proposal());
    expect(plan.areas).toHaveLength(7);
    expect(plan.areas.flatMap((a) => a.measures)).toHaveLength(28);
    const tasks = plan.areas.flatMap((a) => a.measures.flatMap((m) => m.tasks));
    expect(tasks).toHaveLength(90);
    expect(new Set(tasks.map((t) => t.code)).size).toBe(90);
    for (const t of tasks) expect(t.code).toMatch(/^[1-7]\.[1-4]\.\d{2}$/);
  });

  it("names the item and field at fault", () => {
    const bad = proposal();
    bad.areas[6].measures[3].tasks[0].title = "";
    bad.areas[0].measures[0].code = "9.9";
    const err = (() => {
      try {
        parsePlanFile(bad);
      } catch (e) {
        return e as PlanImportError;
      }
    })();
    expect(err).toBeInstanceOf(PlanImportError);
    const text = err!.problems.join("\n");
    expect(text).toMatch(/方面 7 › 举措 7\.4 › 任务 7\.4\.01 字段 title/);
    expect(text).toMatch(/举措 9\.9 字段 code：举措 9\.9 不属于方面 1/);
  });

  it("rejects things that are not a plan at all", () => {
    for (const raw of [null, 42, "plan", [], {}]) expect(() => parsePlanFile(raw)).toThrow(PlanImportError);
  });
});
