// The next plan cycle: a second plan imported next to the first keeps the first (readable, its figures unchanged);
// carrying over (结转) unfinished assignments keeps their history, links both ways, is scope-correct and
// idempotent; the plan choice (?plan=, default: the plan in force at the period's end) changes the task KPIs.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { contains, userScope } from "@/lib/auth/scope";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiScope, kpiSeries, kpiValue } from "@/lib/kpi/engine";
import { asOf, parsePeriod } from "@/lib/kpi/period";
import { choosePlan, planResolver } from "@/lib/plan/choice";
import { PlanImportError, importPlan } from "@/lib/plan/import-plan";
import { buildReport } from "@/lib/reports/build";
import { DEFAULT_PLAN_FILE } from "@/lib/seed/reference";
import { getAssignment, listAssignments, parseTaskParams } from "@/lib/tasks/queries";
import { makeAssignment } from "../support/factories";
import { scopeFor, withScope } from "../support/scope";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();
const NOW = new Date("2026-12-05T04:00:00Z");
const LATER = new Date(NOW.getTime() + 3_600_000);
const OLD = "GSGA-ZDCW-2023-2025";
const NEW = "TEST-2026";

const newPlan = (extra: Record<string, unknown> = {}) => ({
  code: NEW,
  name: "2026年主动创稳工作要点（测试）",
  startYear: 2026,
  endYear: 2026,
  carriesOverFrom: OLD,
  areas: [
    {
      code: "1",
      name: "政治安全",
      measures: [
        {
          code: "1.1",
          name: "压实责任",
          tasks: [
            { code: "1.1.01", title: "评估主动创稳责任体系运行情况", deadline: "2026-12-31", lead: ["62D14"], carriesOver: ["1.1.01"] },
            { code: "1.1.02", title: "更新四个清单", deadline: "2026-12-31", lead: ["62D06"] },
          ],
        },
      ],
    },
  ],
  ...extra,
});

const ids: Record<string, number> = {};
const at = (s: string) => new Date(s);
const unit = (code: string) => t.db.unit.findUniqueOrThrow({ where: { code } });
const planId = async (code: string) => (await t.db.plan.findUniqueOrThrow({ where: { code } })).id;
/** 任务销号率 and 逾期未销号任务 of a unit's subtree (an hour after the carry-over, unless told) */
const figures = async (code: string, key: string, plan?: number | null, now = LATER) => {
  const u = await unit(code);
  const scope = kpiScope(scopeFor(u.path), u.code, plan);
  const p = parsePeriod(key, now)!;
  return Promise.all(["plan.completion", "plan.overdue"].map((id) => kpiValue(t.db, KPI_MAP.get(id)!, scope, p, now)));
};

beforeAll(async () => {
  // the old plan's work, done in 2025: 兰州 (province → city) and 城关 (city → county, under 兰州's) on 1.1.01,
  // still open; 秦州 open on 1.1.01; 城关 closed on 1.1.02; one overdue 2025 task in 城关 (1.1.03)
  const lz = await makeAssignment(t.db, "6201", { taskCode: "1.1.01", status: "IN_PROGRESS", progress: 40, deadline: at("2025-12-31T00:00:00Z") });
  const cg = await makeAssignment(t.db, "620102", { taskCode: "1.1.01", status: "RETURNED", progress: 60, deadline: at("2025-12-31T00:00:00Z") });
  const qz = await makeAssignment(t.db, "620502", { taskCode: "1.1.01", status: "NOT_STARTED", progress: 0, deadline: at("2025-12-31T00:00:00Z") });
  const closed = await makeAssignment(t.db, "620102", { taskCode: "1.1.02", status: "CLOSED", deadline: at("2025-06-30T00:00:00Z") });
  const late = await makeAssignment(t.db, "620102", { taskCode: "1.1.03", status: "IN_PROGRESS", deadline: at("2025-06-30T00:00:00Z") });
  Object.assign(ids, { lz: lz.id, cg: cg.id, qz: qz.id, closed: closed.id, late: late.id });
  const created = at("2025-02-01T02:00:00Z");
  await t.db.taskAssignment.updateMany({ where: { id: { in: Object.values(ids) } }, data: { createdAt: created } });
  await t.db.taskAssignment.update({ where: { id: cg.id }, data: { parentId: lz.id, lastReason: "佐证材料不全" } });
  await t.db.taskAssignment.update({ where: { id: closed.id }, data: { closedAt: at("2025-05-20T02:00:00Z") } });
  const lanzhou = await unit("6201");
  const chengguan = await unit("620102");
  await t.db.progressUpdate.create({ data: { assignmentId: cg.id, unitPath: chengguan.path, percent: 60, content: "完成排查，形成台账。", createdAt: at("2025-05-01T02:00:00Z") } });
  await t.db.reviewRecord.createMany({
    data: [
      { assignmentId: cg.id, decision: "SUBMIT", unitId: chengguan.id, fromStatus: "IN_PROGRESS", toStatus: "PENDING_REVIEW", at: at("2025-06-01T02:00:00Z") },
      { assignmentId: cg.id, decision: "RETURN", unitId: lanzhou.id, reason: "佐证材料不全", fromStatus: "PENDING_REVIEW", toStatus: "RETURNED", at: at("2025-06-03T02:00:00Z") },
    ],
  });
});

describe("the next plan cycle", () => {
  let before2025: (number | null)[];

  it("imports a second plan next to the first: the first stays readable with its tasks and figures, the second is current", async () => {
    before2025 = await figures("62", "2025");
    expect(before2025).toEqual([1 / 5, 4]); // at the end of 2025: one closed of five, the four open ones overdue
    const r = await importPlan(t.db, newPlan(), { now: NOW });
    expect(r).toMatchObject({ tasks: 2 });
    expect(r.carried).toBeUndefined(); // no carry-over unless asked for
    const plans = await t.db.plan.findMany({ orderBy: { startYear: "asc" }, include: { _count: { select: { tasks: true } } } });
    expect(plans.map((p) => [p.code, p.active, p._count.tasks])).toEqual([
      [OLD, false, 90],
      [NEW, true, 2],
    ]);
    // task codes repeat from plan to plan: each plan has its own 1.1.01
    expect(await t.db.planTask.count({ where: { code: "1.1.01" } })).toBe(2);
    expect(await figures("62", "2025")).toEqual(before2025);
  });

  it("carries over the unfinished assignments named by carriesOver: linked both ways, history kept, audited", async () => {
    const r = await importPlan(t.db, newPlan(), { carryOver: true, now: NOW });
    expect(r).toMatchObject({ carried: 3, skipped: 0 });
    const newTask = await t.db.planTask.findFirstOrThrow({ where: { plan: { code: NEW }, code: "1.1.01" } });
    const successors = await t.db.taskAssignment.findMany({ where: { taskId: newTask.id }, include: { unit: true, milestones: true, updates: true } });
    expect(successors.map((s) => [s.unit.code, s.predecessorId]).sort()).toEqual([
      ["6201", ids.lz],
      ["620102", ids.cg],
      ["620502", ids.qz],
    ]);
    const cg = successors.find((s) => s.unit.code === "620102")!;
    const lz = successors.find((s) => s.unit.code === "6201")!;
    // the chain follows: 城关's new assignment sits under 兰州's new one; progress goes on from where it was
    expect(cg).toMatchObject({ parentId: lz.id, status: "IN_PROGRESS", progress: 60, unitPath: "/62/6201/620102/", deadline: at("2026-12-31T00:00:00Z") });
    expect(successors.find((s) => s.unit.code === "620502")).toMatchObject({ status: "NOT_STARTED", progress: 0 });
    expect(cg.milestones).toHaveLength(4);
    expect(cg.updates.map((u) => u.content)).toEqual([expect.stringMatching(/任务 1\.1\.01 结转，原进度 60%/)]);
    // the predecessor keeps its status, progress, updates and reviews, and is marked 已结转 (who, when)
    const old = await t.db.taskAssignment.findUniqueOrThrow({ where: { id: ids.cg }, include: { updates: true, reviews: true, successor: true } });
    expect(old).toMatchObject({ status: "RETURNED", progress: 60, lastReason: "佐证材料不全", carriedOverBy: "system", carriedOverAt: NOW });
    expect(old.successor?.id).toBe(cg.id);
    expect(old.updates).toHaveLength(1);
    expect(old.reviews.map((x) => x.decision).sort()).toEqual(["RETURN", "SUBMIT"]);
    // closed work and tasks not named stay where they are
    expect(await t.db.taskAssignment.findUniqueOrThrow({ where: { id: ids.closed } })).toMatchObject({ carriedOverAt: null });
    expect(await t.db.taskAssignment.findUniqueOrThrow({ where: { id: ids.late } })).toMatchObject({ carriedOverAt: null });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "plan.carry_over" }, orderBy: { id: "desc" } });
    expect(audit.after).toMatchObject({ from: OLD, to: NEW, carried: 3 });
    // the old plan's figures do not move
    expect(await figures("62", "2025")).toEqual(before2025);
  });

  it("is idempotent: running it again carries nothing twice", async () => {
    const count = await t.db.taskAssignment.count();
    const r = await importPlan(t.db, newPlan(), { carryOver: true, now: new Date(NOW.getTime() + 60_000) });
    expect(r).toMatchObject({ carried: 0, skipped: 0 });
    expect(await t.db.taskAssignment.count()).toBe(count);
    expect((await t.db.taskAssignment.findUniqueOrThrow({ where: { id: ids.cg } })).carriedOverAt).toEqual(NOW);
  });

  it("is scope-correct: each successor is seen exactly where its predecessor was", async () => {
    const qinzhou = await unit("620502");
    const chengguan = await unit("620102");
    const cgNew = await t.db.taskAssignment.findUniqueOrThrow({ where: { predecessorId: ids.cg } });
    // 秦州 does not see 城关's successor (audited 404) and finds its own
    await expect(getAssignment(t.db, { unitId: qinzhou.id, unitPath: qinzhou.path }, cgNew.id)).rejects.toThrow();
    const mine = await getAssignment(t.db, { unitId: chengguan.id, unitPath: chengguan.path }, cgNew.id);
    expect(mine.predecessor).toMatchObject({ id: ids.cg, task: { code: "1.1.01", plan: { code: OLD } } });
    const prev = await getAssignment(t.db, { unitId: chengguan.id, unitPath: chengguan.path }, ids.cg);
    expect(prev.successor).toMatchObject({ id: cgNew.id, task: { plan: { code: NEW } } });
    expect(contains(userScope({ unitPath: qinzhou.path }), cgNew.unitPath)).toBe(false);
    // the task list opens on the current plan; the old plan's (with 已结转) a ?plan= away
    const scope = scopeFor(chengguan.path);
    const current = await listAssignments(t.db, scope, parseTaskParams({}), NOW);
    expect(current.rows.map((x) => x.id)).toEqual([cgNew.id]);
    const old = await listAssignments(t.db, scope, parseTaskParams({ plan: OLD, status: "all" }), NOW);
    expect(old.rows.map((x) => [x.id, !!x.carriedOverAt]).sort()).toEqual([[ids.cg, true], [ids.closed, false], [ids.late, false]].sort());
  });

  it("chooses the plan of the task KPIs: ?plan= through the engine, by default the plan in force at the period's end", async () => {
    const [oldId, newId] = [await planId(OLD), await planId(NEW)];
    const plans = await t.db.plan.findMany();
    expect(choosePlan(plans, undefined, asOf(parsePeriod("2025", NOW)!, NOW)).plan?.code).toBe(OLD);
    expect(choosePlan(plans, undefined, asOf(parsePeriod("2026-12", NOW)!, NOW)).plan?.code).toBe(NEW);
    expect(choosePlan(plans, undefined, at("2031-06-01T00:00:00Z")).plan?.code).toBe(NEW); // none covers: the current one
    expect(choosePlan(plans, "nonsense", NOW)).toMatchObject({ plan: { code: NEW }, chosen: false });
    expect(choosePlan(plans, OLD, NOW)).toMatchObject({ plan: { code: OLD }, chosen: true });
    // today (December 2026): by default the current plan — three carried-over assignments, none closed or overdue
    expect(await figures("62", "2026-12")).toEqual([0, 0]);
    expect(await figures("62", "2026-12", newId)).toEqual([0, 0]);
    // the old plan chosen: its five assignments, one closed; overdue: 1.1.03 and the three carried over (still open)
    expect(await figures("62", "2026-12", oldId)).toEqual([1 / 5, 4]);
    // 2025 by default is the old plan's, whatever is current now
    expect(await figures("62", "2025")).toEqual(await figures("62", "2025", oldId));
    // the report counts what the cockpit counts, and lists the overdue work of the same plan
    const province = withScope(await unit("62"));
    const report = await buildReport(t.db, province, parsePeriod("2026-12", NOW)!, { by: "test", now: NOW, plan: { id: oldId, code: OLD, name: "旧" } });
    expect(report.kpis.find((k) => k.id === "plan.overdue")!.value).toBe(4);
    expect(report.overdueTasks.rows).toHaveLength(4);
    expect(report.plan).toEqual({ code: OLD, name: "旧" });
    const byDefault = await buildReport(t.db, province, parsePeriod("2026-12", NOW)!, { by: "test", now: NOW });
    expect(byDefault.overdueTasks).toMatchObject({ total: 0, rows: [] });
  });

  it("the plan in force named as a constant (the cockpit's and report's planAt) gives the figures the SQL rule gives, across the plans' boundary", async () => {
    const plans = await t.db.plan.findMany();
    const resolve = planResolver(plans);
    expect(plans.find((p) => p.id === resolve(asOf(parsePeriod("2025", LATER)!, LATER)))?.code).toBe(OLD);
    expect(plans.find((p) => p.id === resolve(asOf(parsePeriod("2026-12", LATER)!, LATER)))?.code).toBe(NEW);
    expect(resolve(at("2026-01-01T00:00:00+08:00"))).toBe(await planId(OLD)); // the last instant of 2025, Beijing
    expect(planResolver([])(LATER)).toBeNull();
    for (const code of ["62", "6201", "620102"]) {
      const u = await unit(code);
      const bySql = kpiScope(scopeFor(u.path), u.code);
      const byConstant = kpiScope(scopeFor(u.path), u.code, null, resolve);
      for (const id of ["plan.completion", "plan.overdue"]) {
        const def = KPI_MAP.get(id)!;
        for (const key of ["2025", "2025-12", "2026-01", "2026-12"]) {
          const p = parsePeriod(key, LATER)!;
          expect(await kpiValue(t.db, def, byConstant, p, LATER)).toEqual(await kpiValue(t.db, def, bySql, p, LATER));
        }
        // a series over both plans' years: each month counts its own plan
        const months = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2025, i, 1)));
        const [a, b] = await Promise.all([kpiSeries(t.db, def, byConstant, months, LATER), kpiSeries(t.db, def, bySql, months, LATER)]);
        expect(a).toEqual(b);
      }
    }
  });

  it("refuses a carry-over it cannot do, changing nothing", async () => {
    const noFrom = newPlan({ carriesOverFrom: undefined });
    let err = await importPlan(t.db, noFrom, { carryOver: true }).catch((e) => e);
    expect(err).toBeInstanceOf(PlanImportError);
    expect((err as PlanImportError).problems.join()).toMatch(/carriesOverFrom/);
    const missing = newPlan();
    (missing.areas[0].measures[0].tasks[1] as Record<string, unknown>).carriesOver = ["9.9.99"];
    err = await importPlan(t.db, missing, { carryOver: true }).catch((e) => e);
    expect((err as PlanImportError).problems.join()).toMatch(/没有任务 9\.9\.99/);
    // the proposal file itself still imports as before (no carry-over fields)
    const proposal = JSON.parse(fs.readFileSync(DEFAULT_PLAN_FILE, "utf8"));
    await expect(importPlan(t.db, proposal, { activate: false })).resolves.toMatchObject({ tasks: 90 });
    expect((await t.db.plan.findFirstOrThrow({ where: { active: true } })).code).toBe(NEW);
  });
});
