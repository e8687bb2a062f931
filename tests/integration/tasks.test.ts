// Plan execution: assignment down the tree, the review chain with lock and return, overdue at Beijing day
// boundaries, and two edits on the same version.
import { describe, expect, it } from "vitest";
import { type ActionResult, executeAction } from "@/lib/actions/core";
import { addProgressAction, assignTaskAction, reviewTaskAction, submitTaskAction, updateResponsibilityAction } from "@/lib/tasks/actions";
import { reviewUnits } from "@/lib/tasks/review-chain";
import { assignmentRag, isAssignmentOverdue } from "@/lib/tasks/status";
import { listAssignments, parseTaskParams } from "@/lib/tasks/queries";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

interface Data {
  version: number;
  status: string;
  created: number;
  skipped: number;
}

async function ok(p: Promise<ActionResult<unknown>>): Promise<{ data: Data }> {
  const r = await p;
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return r as unknown as { data: Data };
}

describe("assignment down the tree", () => {
  it("the province assigns to cities; a city passes down to its counties; a county cannot reach a sibling", async () => {
    const province = await makeUser(t.db, "COMMANDER", "62");
    const task = await t.db.planTask.findFirstOrThrow({ where: { code: "2.1.01" } });
    const [lanzhou, tianshui] = await Promise.all([unitByCode(t.db, "6201"), unitByCode(t.db, "6205")]);
    const r = await ok(executeAction(assignTaskAction, t.db, province, null, { taskId: task.id, unitIds: [lanzhou.id, tianshui.id], role: "LEAD", dutyType: "TERRITORIAL" }));
    expect(r.data).toEqual({ created: 2, skipped: 0 });
    const cityA = await t.db.taskAssignment.findUniqueOrThrow({ where: { taskId_unitId: { taskId: task.id, unitId: lanzhou.id } }, include: { milestones: true } });
    expect(cityA).toMatchObject({ assignedById: (await unitByCode(t.db, "62")).id, parentId: null, deadline: task.deadline, status: "NOT_STARTED" });
    expect(cityA.milestones).toHaveLength(4);
    expect(cityA.milestones.every((m) => m.dueDate <= task.deadline)).toBe(true);

    // assigning again adds nothing
    expect((await ok(executeAction(assignTaskAction, t.db, province, null, { taskId: task.id, unitIds: [lanzhou.id], role: "LEAD", dutyType: "TERRITORIAL" }))).data).toEqual({ created: 0, skipped: 1 });

    const cityCommander = await makeUser(t.db, "COMMANDER", "6201");
    const counties = await t.db.unit.findMany({ where: { parentId: lanzhou.id, level: "COUNTY" }, select: { id: true } });
    await ok(executeAction(assignTaskAction, t.db, cityCommander, null, { parentId: cityA.id, unitIds: counties.map((c) => c.id), role: "LEAD", dutyType: "TERRITORIAL" }));
    const children = await t.db.taskAssignment.findMany({ where: { parentId: cityA.id } });
    expect(children).toHaveLength(counties.length);
    expect(children.every((c) => c.assignedById === lanzhou.id && c.unitPath.startsWith("/62/6201/"))).toBe(true);

    // a city cannot assign outside its subtree, nor to itself, nor past the parent's deadline
    const bad = await executeAction(assignTaskAction, t.db, cityCommander, null, { parentId: cityA.id, unitIds: [tianshui.id], role: "LEAD", dutyType: "TERRITORIAL" });
    expect(!bad.ok && bad.code).toBe("NOT_FOUND");
    const self = await executeAction(assignTaskAction, t.db, cityCommander, null, { parentId: cityA.id, unitIds: [lanzhou.id], role: "LEAD", dutyType: "TERRITORIAL" });
    expect(!self.ok && self.error).toMatch(/下级单位/);
    const late = await executeAction(assignTaskAction, t.db, cityCommander, null, { parentId: cityA.id, unitIds: [counties[0].id], role: "LEAD", dutyType: "TERRITORIAL", deadline: "2099-01-01" });
    expect(!late.ok && late.fieldErrors?.deadline).toMatch(/不能晚于/);
    // only the province assigns plan tasks directly
    const direct = await executeAction(assignTaskAction, t.db, cityCommander, null, { taskId: task.id, unitIds: [counties[0].id], role: "LEAD", dutyType: "TERRITORIAL" });
    expect(!direct.ok && direct.code).toBe("FORBIDDEN");
  });
});

describe("review chain", () => {
  it("submit → city reviewer returns with a reason → officer corrects and resubmits → city closes; locked meanwhile", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const reviewer = await makeUser(t.db, "REVIEWER", "6201");
    const otherReviewer = await makeUser(t.db, "REVIEWER", "62");
    const a = await makeAssignment(t.db, "620102", { progress: 80 });
    expect(await reviewUnits(t.db, a)).toEqual([(await unitByCode(t.db, "6201")).id]);

    let v = a.version;
    const early = await executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: v });
    expect(!early.ok && early.error).toMatch(/100%/);
    v = (await ok(executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: v, percent: 100, content: "全部完成，材料齐备。" }))).data.version;
    v = (await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: v }))).data.version;

    // locked while under review
    const edit = await executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: v, percent: 100, content: "补充说明一下。" });
    expect(!edit.ok && edit.error).toMatch(/审核期间不能修改/);
    // only the reviewer of the unit in the chain may act
    const wrong = await executeAction(reviewTaskAction, t.db, otherReviewer, null, { id: a.id, version: v, decision: "ACCEPT" });
    expect(!wrong.ok && wrong.error).toMatch(/不由您所在单位审核/);
    // a return needs a reason
    const noReason = await executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "" });
    expect(!noReason.ok && noReason.fieldErrors?.reason).toMatch(/退回理由/);
    v = (await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "佐证材料不全，请补充会议纪要" }))).data.version;
    let row = await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } });
    expect(row).toMatchObject({ status: "RETURNED", lastReason: "佐证材料不全，请补充会议纪要", reviewUnitId: null });

    v = (await ok(executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: v, percent: 100, content: "已补充会议纪要。" }))).data.version;
    v = (await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: v }))).data.version;
    await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "ACCEPT", reason: "同意销号" }));
    row = await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.status).toBe("CLOSED");
    expect(row.closedAt).not.toBeNull();
    const reviews = await t.db.reviewRecord.findMany({ where: { assignmentId: a.id }, orderBy: { id: "asc" } });
    expect(reviews.map((r) => r.decision)).toEqual(["SUBMIT", "RETURN", "SUBMIT", "CLOSE"]);

    // closed work is locked until the closing unit returns it
    const after = await executeAction(addProgressAction, t.db, officer, null, { id: a.id, version: row.version, percent: 100, content: "销号后再改。" });
    expect(!after.ok && after.error).toMatch(/已销号/);
    await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: row.version, decision: "RETURN", reason: "抽查发现问题，退回重办" }));
    expect((await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("RETURNED");
  });

  it("a county assignment handed down by the province goes county → city → province", async () => {
    const a = await makeAssignment(t.db, "620502", { progress: 100 });
    const province = await unitByCode(t.db, "62");
    await t.db.taskAssignment.update({ where: { id: a.id }, data: { assignedById: province.id } });
    const chain = await reviewUnits(t.db, { ...a, assignedById: province.id });
    expect(chain).toEqual([(await unitByCode(t.db, "6205")).id, province.id]);
    const officer = await makeUser(t.db, "OFFICER", "620502");
    const city = await makeUser(t.db, "REVIEWER", "6205");
    const prov = await makeUser(t.db, "REVIEWER", "62");
    const s = await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: a.version }));
    const acc = await ok(executeAction(reviewTaskAction, t.db, city, null, { id: a.id, version: s.data.version, decision: "ACCEPT" }));
    expect(acc.data.status).toBe("PENDING_REVIEW");
    expect((await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } })).reviewUnitId).toBe(province.id);
    const done = await ok(executeAction(reviewTaskAction, t.db, prov, null, { id: a.id, version: acc.data.version, decision: "ACCEPT" }));
    expect(done.data.status).toBe("CLOSED");
  });
});

describe("overdue at Asia/Shanghai day boundaries", () => {
  const deadline = new Date("2025-03-05T00:00:00Z"); // the calendar day 2025-03-05
  it("is not overdue until the deadline's day ends in Beijing", () => {
    const open = { status: "IN_PROGRESS", deadline, progress: 50 };
    expect(isAssignmentOverdue(open, new Date("2025-03-05T15:59:59.999Z"))).toBe(false); // 23:59:59 Beijing
    expect(isAssignmentOverdue(open, new Date("2025-03-05T16:00:00.000Z"))).toBe(true); // 00:00 on the 6th in Beijing
    expect(isAssignmentOverdue(open, new Date("2025-03-04T20:00:00Z"))).toBe(false); // already the 5th in Beijing
    expect(isAssignmentOverdue({ ...open, status: "CLOSED" }, new Date("2026-01-01T00:00:00Z"))).toBe(false);
    expect(assignmentRag(open, new Date("2025-03-05T16:00:00Z"))).toBe("red");
    expect(assignmentRag(open, new Date("2025-03-05T15:00:00Z"))).toBe("amber");
  });

  it("the list filter agrees with the function at the boundary", async () => {
    const a = await makeAssignment(t.db, "620103", { deadline });
    const scope = scopeFor((await unitByCode(t.db, "620103")).path);
    const ids = async (now: Date) => (await listAssignments(t.db, scope, parseTaskParams({ rag: "overdue" }), now)).rows.map((r) => r.id);
    expect(await ids(new Date("2025-03-05T15:59:59Z"))).not.toContain(a.id);
    expect(await ids(new Date("2025-03-05T16:00:01Z"))).toContain(a.id);
  });
});

describe("two edits on the same version", () => {
  it("exactly one wins; the other gets 该记录已被他人修改 with the current values; the audit shows both", async () => {
    const a = await makeAssignment(t.db, "620104");
    const one = await makeUser(t.db, "OFFICER", "620104");
    const two = await makeUser(t.db, "OFFICER", "6201");
    const input = (name: string) => ({ id: a.id, version: a.version, dutyType: "PRIMARY", officerName: name });
    const [r1, r2] = await Promise.all([executeAction(updateResponsibilityAction, t.db, one, null, input("张三")), executeAction(updateResponsibilityAction, t.db, two, null, input("李四"))]);
    const results = [r1, r2];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok)!;
    expect(!loser.ok && loser.code).toBe("CONFLICT");
    expect(!loser.ok && loser.error).toMatch(/该记录已被他人修改/);
    const stored = await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored.version).toBe(a.version + 1);
    expect(["张三", "李四"]).toContain(stored.officerName);
    const audit = await t.db.auditLog.findMany({ where: { action: "task.responsibility", userId: { in: [one.id, two.id] } } });
    expect(audit.map((x) => x.result).sort()).toEqual(["failure", "success"]);
    expect(audit.find((x) => x.result === "failure")!.reason).toMatch(/版本冲突/);
  });
});
