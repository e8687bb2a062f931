import { describe, expect, it } from "vitest";
import { demoWanted, runSeed } from "@/lib/seed";
import { DEMO_ACCOUNTS } from "@/lib/seed/demo";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

async function counts() {
  const db = t.db;
  const [cities, counties, devZones, stations, departments, areas, measures, tasks, users, plans] = await Promise.all([
    db.unit.count({ where: { level: "CITY" } }),
    db.unit.count({ where: { level: "COUNTY", NOT: { kind: "DEV_ZONE" } } }),
    db.unit.count({ where: { level: "COUNTY", kind: "DEV_ZONE" } }),
    db.unit.count({ where: { level: "STATION" } }),
    db.unit.count({ where: { level: "DEPARTMENT" } }),
    db.planArea.count(),
    db.planMeasure.count(),
    db.planTask.count(),
    db.user.count(),
    db.plan.count({ where: { active: true } }),
  ]);
  return { cities, counties, devZones, stations, departments, areas, measures, tasks, users, plans };
}

describe("seed", () => {
  it("loads the organisation and the plan: 14 市州, 86 县区 (+兰州新区), 7/28/90; twice gives the same counts", async () => {
    const first = await counts();
    expect(first).toMatchObject({ cities: 14, counties: 86, devZones: 1, areas: 7, measures: 28, tasks: 90, plans: 1 });
    expect(first.stations).toBeGreaterThanOrEqual(86 * 3);
    expect(first.departments).toBeGreaterThanOrEqual(6);
    const again = await runSeed(t.db, { demo: false });
    expect(again).toEqual({ units: 0, plan: false, demoAccounts: 0 });
    expect(await counts()).toEqual(first);
  });

  it("uses the real NBS codes and names", async () => {
    const lanzhou = await t.db.unit.findUniqueOrThrow({ where: { code: "6201" } });
    expect(lanzhou.name).toBe("兰州市");
    const chengguan = await t.db.unit.findUniqueOrThrow({ where: { code: "620102" }, include: { parent: true } });
    expect(chengguan).toMatchObject({ name: "城关区", path: "/62/6201/620102/", depth: 2, kind: "DISTRICT" });
    expect(chengguan.parent?.code).toBe("6201");
    expect((await t.db.unit.findUniqueOrThrow({ where: { code: "620881" } })).name).toBe("华亭市");
    // 嘉峪关 has no counties: its stations sit directly under the city
    expect(await t.db.unit.count({ where: { path: { startsWith: "/62/6202/" }, level: "COUNTY" } })).toBe(0);
    expect(await t.db.unit.count({ where: { path: { startsWith: "/62/6202/" }, level: "STATION" } })).toBeGreaterThan(0);
    const task = await t.db.planTask.findFirstOrThrow({ where: { code: "3.2.01" }, include: { departments: true } });
    expect(task.departments.some((d) => d.role === "LEAD")).toBe(true);
  });

  it("demo accounts only when asked, once, never overwriting", async () => {
    expect(await t.db.user.count({ where: { username: { in: DEMO_ACCOUNTS.map((a) => a.username) } } })).toBe(0);
    // a production start (external database, no DEMO) creates none
    const saved = process.env.DEMO;
    delete process.env.DEMO;
    expect(demoWanted(false)).toBe(false);
    if (saved !== undefined) process.env.DEMO = saved;
    expect((await runSeed(t.db, { demo: false })).demoAccounts).toBe(0);
    expect(await t.db.user.count({ where: { mfaExempt: true } })).toBe(0);
    expect((await runSeed(t.db, { demo: true })).demoAccounts).toBe(DEMO_ACCOUNTS.length);
    // the demo accounts alone are exempt from the second factor and the first-login change
    expect(await t.db.user.count({ where: { mfaExempt: true } })).toBe(DEMO_ACCOUNTS.length);
    const before = await t.db.user.findUniqueOrThrow({ where: { username: "sheng_zhihui" } });
    expect((await runSeed(t.db, { demo: true })).demoAccounts).toBe(0);
    const after = await t.db.user.findUniqueOrThrow({ where: { username: "sheng_zhihui" } });
    expect(after.passwordHash).toBe(before.passwordHash);
    const chengguan = await t.db.user.findUniqueOrThrow({ where: { username: "chengguan_minjing" }, include: { unit: true } });
    expect(chengguan.unit.code).toBe("620102");
    expect(chengguan.role).toBe("OFFICER");
  }, 300_000); // runs the whole demo seed (4.4 万 disputes a year since 2023)
});
