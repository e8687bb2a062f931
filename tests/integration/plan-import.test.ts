import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PlanImportError, importPlan } from "@/lib/plan/import-plan";
import { DEFAULT_PLAN_FILE } from "@/lib/seed/reference";
import { setupTestDatabase } from "./helpers/db";
import { snapshot } from "./helpers/factories";

const t = setupTestDatabase();
const proposal = () => JSON.parse(fs.readFileSync(DEFAULT_PLAN_FILE, "utf8"));

describe("plan import", () => {
  it("rejects a malformed file whole, naming the item and field at fault", async () => {
    const bad = proposal();
    bad.areas[2].measures[1].tasks[0].deadline = "2024-13-40";
    bad.areas[0].measures[0].tasks[1].lead = [];
    const before = await snapshot(t.db);
    const err = await importPlan(t.db, bad).catch((e) => e);
    expect(err).toBeInstanceOf(PlanImportError);
    const text = (err as PlanImportError).problems.join("\n");
    expect(text).toMatch(/任务 3\.2\.01 字段 deadline/);
    expect(text).toMatch(/任务 1\.1\.02 字段 lead：至少需要一个牵头单位/);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("rejects unknown department codes and duplicate task codes", async () => {
    const bad = proposal();
    bad.areas[1].measures[0].tasks[0].support = ["62D99"];
    let err = await importPlan(t.db, bad).catch((e) => e);
    expect((err as PlanImportError).problems.join()).toMatch(/任务 2\.1\.01 字段 support：单位代码 62D99 不存在/);
    const dup = proposal();
    dup.areas[0].measures[0].tasks[1].code = dup.areas[0].measures[0].tasks[0].code;
    err = await importPlan(t.db, dup).catch((e) => e);
    expect((err as PlanImportError).problems.join()).toMatch(/重复/);
  });

  it("rejects unknown keys instead of silently dropping them", async () => {
    const bad = proposal();
    bad.areas[0].measures[0].tasks[0].owner = "someone";
    const err = await importPlan(t.db, bad).catch((e) => e);
    expect(err).toBeInstanceOf(PlanImportError);
  });

  it("replaces the plan: a new plan file becomes the active plan with its own tasks", async () => {
    const real = {
      code: "GSGA-REAL",
      name: "正式规划",
      startYear: 2023,
      endYear: 2025,
      areas: [{ code: "1", name: "方面一", measures: [{ code: "1.1", name: "举措一", tasks: [{ code: "1.1.01", title: "正式任务一", deadline: "2025-06-30", lead: ["62D06"] }] }] }],
    };
    const r = await importPlan(t.db, real);
    expect(r).toMatchObject({ areas: 1, measures: 1, tasks: 1 });
    const active = await t.db.plan.findMany({ where: { active: true } });
    expect(active.map((p) => p.code)).toEqual(["GSGA-REAL"]);
    // importing the same file again changes nothing but the import time
    await importPlan(t.db, real);
    expect(await t.db.planTask.count({ where: { plan: { code: "GSGA-REAL" } } })).toBe(1);
    const audit = await t.db.auditLog.count({ where: { action: "plan.import", entityId: String(r.planId) } });
    expect(audit).toBe(2);
    // and the proposal can be made active again
    await importPlan(t.db, proposal());
    expect((await t.db.plan.findFirstOrThrow({ where: { active: true } })).code).toBe("GSGA-ZDCW-2023-2025");
  });
});
