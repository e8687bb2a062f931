// 站内消息 (issue 12): each event writes its message in its own transaction (a refused or failing action writes
// none), recipients never outside their scope or without the kind's permission, deadline sweeps once per message,
// the 184-day retention, lists that hide messages no longer in scope, the open route, 全部标为已读 and the badges.
import { describe, expect, it } from "vitest";
import { type ActionResult, executeAction } from "@/lib/actions/core";
import type { RouteUser } from "@/lib/http/route-core";
import { executeRoute } from "@/lib/http/route-core";
import { runImportJob } from "@/lib/imports/runner";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { ledgerImportAction } from "@/lib/ledgers/import";
import { markAllReadAction } from "@/lib/notifications/actions";
import { NOTIFICATION_RETENTION_DAYS, notify, pruneNotifications } from "@/lib/notifications/notify";
import { listNotifications, navBadgesOn, unreadCount } from "@/lib/notifications/queries";
import { openNotificationRoute, openTarget } from "@/lib/notifications/routes";
import { runSweeps, sweepDeadlines } from "@/lib/notifications/sweep";
import { reviewTaskAction, submitTaskAction } from "@/lib/tasks/actions";
import { createPrismaClient } from "@/lib/db/client";
import { addDays, shanghaiToday } from "@/lib/time";
import { disputeCsvGbk } from "../support/dispute-csv";
import { setupTestDatabase } from "./helpers/db";
import { type TestUser, makeStation, makeUser, unitByCode } from "./helpers/factories";
import { makeAssignment, makeLedgerInput } from "./helpers/work-factories";

const t = setupTestDatabase();

async function ok<T = { version: number }>(p: Promise<ActionResult<unknown>>): Promise<T> {
  const r = await p;
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: T }).data;
}

const inbox = (u: { id: number }, kind?: string) => t.db.notification.findMany({ where: { userId: u.id, ...(kind ? { kind: kind as never } : {}) }, orderBy: { id: "asc" } });

async function routeUser(u: TestUser): Promise<RouteUser> {
  const unit = await unitByCode(t.db, u.unitCode);
  return { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
}

/** an assignment of 620102 at 100 %, handed down by the province: reviewed by 兰州 (6201), then closed by the province */
async function twoLevelAssignment() {
  const a = await makeAssignment(t.db, "620102", { progress: 100 });
  return t.db.taskAssignment.update({ where: { id: a.id }, data: { assignedById: (await unitByCode(t.db, "62")).id } });
}

describe("the review chain writes its messages", () => {
  it("submit → REVIEW_REQUESTED to the reviewers of the unit that acts; return → TASK_RETURNED with the reason to the unit's officers only", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const countyCommander = await makeUser(t.db, "COMMANDER", "620102");
    const countyB = await makeUser(t.db, "OFFICER", "620103");
    const reviewer = await makeUser(t.db, "REVIEWER", "6201");
    const provinceReviewer = await makeUser(t.db, "REVIEWER", "62");
    const otherCityReviewer = await makeUser(t.db, "REVIEWER", "6205");
    const a = await makeAssignment(t.db, "620102", { progress: 100 });
    const task = await t.db.planTask.findUniqueOrThrow({ where: { id: a.taskId } });

    let v = (await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: a.version }))).version;
    const requested = await inbox(reviewer, "REVIEW_REQUESTED");
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ title: `任务 ${task.code} 已提交，待您单位审核`, href: `/tasks/${a.id}`, unitPath: a.unitPath, readAt: null });
    expect(await inbox(provinceReviewer)).toEqual([]); // not the unit that acts now
    expect(await inbox(otherCityReviewer)).toEqual([]);

    v = (await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "佐证材料不全，请补充" }))).version;
    const returned = await inbox(officer, "TASK_RETURNED");
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({ title: `任务 ${task.code} 被退回`, body: "退回理由：佐证材料不全，请补充", href: `/tasks/${a.id}`, unitPath: a.unitPath });
    expect(await inbox(countyCommander)).toEqual([]); // the officers act on a returned task
    expect(await inbox(countyB)).toEqual([]); // never another county
    expect(v).toBeGreaterThan(a.version);
  });

  it("acceptance passes REVIEW_REQUESTED to the next level; the last acceptance sends TASK_CLOSED", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const reviewer = await makeUser(t.db, "REVIEWER", "6201");
    const provinceReviewer = await makeUser(t.db, "REVIEWER", "62");
    const a = await twoLevelAssignment();
    let v = (await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: a.version }))).version;
    v = (await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "ACCEPT" }))).version;
    const passed = await inbox(provinceReviewer, "REVIEW_REQUESTED");
    expect(passed.filter((n) => n.href === `/tasks/${a.id}`)).toHaveLength(1);
    expect(passed.at(-1)!.title).toMatch(/经下级审核通过，待您单位审核/);
    await ok(executeAction(reviewTaskAction, t.db, provinceReviewer, null, { id: a.id, version: v, decision: "ACCEPT" }));
    expect((await inbox(officer, "TASK_CLOSED")).map((n) => n.href)).toEqual([`/tasks/${a.id}`]);
  });

  it("a refused or failing action writes no message", async () => {
    // a station of its own: its officer is the only recipient of a return
    const station = await makeStation(t.db, "620102");
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const reviewer = await makeUser(t.db, "REVIEWER", "620102");
    const outsider = await makeUser(t.db, "REVIEWER", "6205");
    const a = await makeAssignment(t.db, station.code, { progress: 100 });
    const v = (await ok(executeAction(submitTaskAction, t.db, officer, null, { id: a.id, version: a.version }))).version;
    const before = await t.db.notification.count();

    // out of scope: refused as not found
    const foreign = await executeAction(reviewTaskAction, t.db, outsider, null, { id: a.id, version: v, decision: "RETURN", reason: "越权退回试一试" });
    expect(!foreign.ok && foreign.code).toBe("NOT_FOUND");
    // bad input: no reason
    const bad = await executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "" });
    expect(!bad.ok && bad.code).toBe("INVALID");
    // outdated version
    const stale = await executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v - 1, decision: "RETURN", reason: "版本过期的退回" });
    expect(!stale.ok && stale.code).toBe("CONFLICT");
    expect(await t.db.notification.count()).toBe(before);

    // the transaction fails after the message was written (its audit row is refused): the message goes with it
    await t.db.$executeRawUnsafe(`CREATE FUNCTION t_fail_review() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await t.db.$executeRawUnsafe(`CREATE TRIGGER t_fail_review BEFORE INSERT ON audit_logs FOR EACH ROW WHEN (NEW.action = 'task.review' AND NEW.result = 'success') EXECUTE FUNCTION t_fail_review()`);
    try {
      const failed = await executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "佐证材料不全" });
      expect(!failed.ok && failed.code).toBe("ERROR");
    } finally {
      await t.db.$executeRawUnsafe("DROP TRIGGER t_fail_review ON audit_logs");
      await t.db.$executeRawUnsafe("DROP FUNCTION t_fail_review()");
    }
    expect(await t.db.notification.count()).toBe(before);
    expect((await t.db.taskAssignment.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("PENDING_REVIEW");

    // and the same decision, now succeeding, writes exactly its message
    await ok(executeAction(reviewTaskAction, t.db, reviewer, null, { id: a.id, version: v, decision: "RETURN", reason: "佐证材料不全" }));
    expect(await t.db.notification.count()).toBe(before + 1);
    expect(await inbox(officer, "TASK_RETURNED")).toHaveLength(1);
  });
});

describe("homicide-risk warnings", () => {
  it("a dispute saved flagged warns the commanders, reviewers and officers of its unit and every unit above — nobody else, once", async () => {
    const station = await makeStation(t.db, "620102");
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const county = await makeUser(t.db, "COMMANDER", "620102");
    const city = await makeUser(t.db, "REVIEWER", "6201");
    const province = await makeUser(t.db, "OFFICER", "62");
    const analyst = await makeUser(t.db, "ANALYST", "6201");
    const sibling = await makeUser(t.db, "COMMANDER", "620103");
    const otherCity = await makeUser(t.db, "COMMANDER", "6205");

    const calm = await makeLedgerInput(t.db, "disputes", station.code);
    const created = await ok<{ id: number; code: string }>(executeAction(ledgerCreateAction, t.db, officer, null, { ...calm, ledger: "disputes", unitId: station.id }));
    expect(await t.db.notification.count({ where: { kind: "HOMICIDE_WARNING", href: `/ledgers/disputes/${created.id}` } })).toBe(0);

    // an edit crosses the threshold (凶器 40 + 威胁 30 ≥ 50): one message each
    const row = await t.db.dispute.findUniqueOrThrow({ where: { id: created.id } });
    await ok(executeAction(ledgerUpdateAction, t.db, officer, null, { ...calm, weapons: "是", threats: "是", ledger: "disputes", id: created.id, version: row.version }));
    for (const u of [officer, county, city, province]) {
      const mine = await inbox(u, "HOMICIDE_WARNING");
      expect(mine, u.username).toHaveLength(1);
      expect(mine[0]).toMatchObject({ title: `矛盾纠纷 ${created.code} 命案风险预警（70 分）`, href: `/ledgers/disputes/${created.id}`, unitPath: station.path });
      expect(mine[0].title).not.toMatch(/王某|李某/); // no party names
    }
    for (const u of [analyst, sibling, otherCity]) expect(await inbox(u), u.username).toEqual([]);

    // still flagged after another edit: no second message
    const again = await t.db.dispute.findUniqueOrThrow({ where: { id: created.id } });
    await ok(executeAction(ledgerUpdateAction, t.db, officer, null, { ...calm, weapons: "是", threats: "是", repeatCalls: "4", ledger: "disputes", id: created.id, version: again.version }));
    expect(await inbox(county, "HOMICIDE_WARNING")).toHaveLength(1);
  });

  it("an import that brings flagged disputes sends one message for the file; the creator hears that it is done", async () => {
    const station = await makeStation(t.db, "620103");
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const colleague = await makeUser(t.db, "OFFICER", station.code);
    const commander = await makeUser(t.db, "COMMANDER", "620103");
    const csv = Buffer.concat([disputeCsvGbk(3, "预警"), Buffer.from("")]);
    const file = new File([csv as unknown as Uint8Array<ArrayBuffer>], "纠纷台账.csv");
    const up = await ok<{ jobId: number }>(executeAction(ledgerImportAction, t.db, officer, null, { ledger: "disputes", unitId: station.id, file }));
    // make the imported rows flagged by the model: a threshold every 家庭矛盾/婚恋纠葛 row reaches
    await t.db.setting.upsert({
      where: { key: "dispute.warning" },
      create: { key: "dispute.warning", value: { threshold: 10, rules: [{ id: "family", label: "家庭矛盾", field: "category", op: "=", value: "家庭矛盾", weight: 10 }] } },
      update: { value: { threshold: 10, rules: [{ id: "family", label: "家庭矛盾", field: "category", op: "=", value: "家庭矛盾", weight: 10 }] } },
    });
    try {
      expect(await runImportJob(t.db, up.jobId)).toBe("DONE");
    } finally {
      await t.db.setting.delete({ where: { key: "dispute.warning" } });
    }
    expect((await inbox(officer, "IMPORT_DONE")).map((n) => [n.title, n.href, n.unitPath])).toEqual([[`导入任务 ${up.jobId} 已完成：新增 3 条`, "/ledgers/disputes", null]]);
    expect(await inbox(colleague, "IMPORT_DONE")).toEqual([]);
    const warned = await inbox(commander, "HOMICIDE_WARNING");
    expect(warned.map((n) => n.title)).toEqual(["导入的矛盾纠纷中有 1 条命案风险预警"]);
  });

  it("a refused import file: IMPORT_FAILED to its creator with the reason", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620104");
    const unit = await unitByCode(t.db, "620104");
    const file = new File([Buffer.from("甲,乙\r\n1,2\r\n") as unknown as Uint8Array<ArrayBuffer>], "乱表.csv");
    const up = await ok<{ jobId: number }>(executeAction(ledgerImportAction, t.db, officer, null, { ledger: "disputes", unitId: unit.id, file }));
    expect(await runImportJob(t.db, up.jobId)).toBe("FAILED");
    const [failed, ...rest] = await inbox(officer);
    expect(rest).toEqual([]);
    expect(failed).toMatchObject({ kind: "IMPORT_FAILED", title: `导入任务 ${up.jobId} 失败，未写入任何数据`, href: "/ledgers/disputes/import" });
    expect(failed.body).toBe((await t.db.importJob.findUniqueOrThrow({ where: { id: up.jobId } })).message);
  });
});

describe("recipients: scope and permission", () => {
  it("notify() writes only for recipients whose scope holds the record and whose role may open it", async () => {
    const a = await makeUser(t.db, "OFFICER", "620102");
    const b = await makeUser(t.db, "OFFICER", "620103");
    const reviewer = await makeUser(t.db, "REVIEWER", "6201");
    const analyst = await makeUser(t.db, "ANALYST", "6201");
    const admin = await makeUser(t.db, "SYSADMIN", "62");
    const disabled = await makeUser(t.db, "OFFICER", "620102", { status: "DISABLED" });
    const countyA = (await unitByCode(t.db, "620102")).path;
    const n = await notify(t.db, { userIds: [a.id, b.id, reviewer.id, analyst.id, admin.id, disabled.id] }, { kind: "TASK_RETURNED", title: "任务 1.1.01 被退回", unitPath: countyA });
    expect(n).toBe(3);
    const got = await t.db.notification.findMany({ where: { title: "任务 1.1.01 被退回", userId: { in: [a.id, b.id, reviewer.id, analyst.id, admin.id, disabled.id] } }, select: { userId: true } });
    expect(got.map((r) => r.userId).sort()).toEqual([a.id, reviewer.id, analyst.id].sort()); // never county B, an admin or a disabled account
    // the kind's permission: only reviewers hear of a review request
    expect(await notify(t.db, { userIds: [a.id, analyst.id, reviewer.id] }, { kind: "REVIEW_REQUESTED", title: "任务 1.1.01 待审核", unitPath: countyA })).toBe(1);
    // a reviewer of another city never
    const otherCity = await makeUser(t.db, "REVIEWER", "6205");
    expect(await notify(t.db, { userIds: [otherCity.id] }, { kind: "REVIEW_REQUESTED", title: "任务 1.1.01 待审核", unitPath: countyA })).toBe(0);
    // a kind with a permission but no unit reaches nobody
    expect(await notify(t.db, { userIds: [a.id] }, { kind: "TASK_CLOSED", title: "无单位", unitPath: null })).toBe(0);
  });
});

describe("sweeps", () => {
  it("two app servers sweeping at the same moment write each message once", async () => {
    const station = await makeStation(t.db, "620103");
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const now = new Date();
    const today = shanghaiToday(now);
    const soon = await makeAssignment(t.db, station.code, { deadline: addDays(today, 1) });
    const passed = await makeAssignment(t.db, station.code, { deadline: addDays(today, -2) });
    const lastId = (await t.db.notification.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const other = createPrismaClient(t.url, { max: 2 });
    try {
      const [a, b] = await Promise.all([runSweeps(t.db, now), runSweeps(other, now)]);
      // what the two report having written is what was written: no message counted (or written) twice
      const written = (r: Record<string, number | string>) => {
        expect(typeof r.deadlines).toBe("number");
        expect(typeof r.supervisionOverdue).toBe("number");
        return (r.deadlines as number) + (r.supervisionOverdue as number);
      };
      expect(written(a) + written(b)).toBe(await t.db.notification.count({ where: { id: { gt: lastId } } }));
    } finally {
      await other.$disconnect();
    }
    const mine = await inbox(officer);
    expect(mine.map((n) => [n.kind, n.href]).sort()).toEqual(
      [
        ["DEADLINE_PASSED", `/tasks/${passed.id}`],
        ["DEADLINE_SOON", `/tasks/${soon.id}`],
      ].sort(),
    );
  });

  it("deadlines within 3 days and just passed, of assignments and milestones: each message once, however often the sweep runs", async () => {
    const station = await makeStation(t.db, "620102");
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const reviewer = await makeUser(t.db, "REVIEWER", station.code);
    const now = new Date();
    const today = shanghaiToday(now);
    const soon = await makeAssignment(t.db, station.code, { deadline: addDays(today, 2) });
    const passed = await makeAssignment(t.db, station.code, { deadline: addDays(today, -1) });
    const old = await makeAssignment(t.db, station.code, { deadline: addDays(today, -40) });
    const closed = await makeAssignment(t.db, station.code, { deadline: addDays(today, 1), status: "CLOSED" });
    await t.db.milestone.updateMany({ where: { assignmentId: soon.id }, data: { dueDate: addDays(today, 1) } });
    const task = async (id: number) => (await t.db.taskAssignment.findUniqueOrThrow({ where: { id }, include: { task: true } })).task.code;

    const first = await runSweeps(t.db, now);
    expect(first.deadlines).toBeGreaterThanOrEqual(3);
    expect(await sweepDeadlines(t.db, now)).toBe(0);
    await runSweeps(t.db, now);
    const mine = await inbox(officer);
    expect(mine.map((n) => [n.kind, n.href]).sort()).toEqual(
      [
        ["DEADLINE_PASSED", `/tasks/${passed.id}`],
        ["DEADLINE_SOON", `/tasks/${soon.id}`],
        ["DEADLINE_SOON", `/tasks/${soon.id}`],
      ].sort(),
    );
    expect(mine.map((n) => n.title)).toContain(`任务 ${await task(soon.id)} 第 1 个工期节点将于 ${addDays(today, 1).toISOString().slice(0, 10)} 到期`);
    expect(mine.map((n) => n.title)).toContain(`任务 ${await task(passed.id)} 已逾期（时限 ${addDays(today, -1).toISOString().slice(0, 10)}）`);
    expect(mine.some((n) => n.href === `/tasks/${old.id}` || n.href === `/tasks/${closed.id}`)).toBe(false);
    expect(await inbox(reviewer)).toEqual([]);
    // a moved deadline is a new message
    await t.db.taskAssignment.update({ where: { id: soon.id }, data: { deadline: addDays(today, 0) } });
    expect(await sweepDeadlines(t.db, now)).toBe(1);
  });

  it("retention: messages older than 184 days are pruned, younger ones kept", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const path = (await unitByCode(t.db, "620102")).path;
    const now = new Date();
    const day = 86_400_000;
    await t.db.notification.createMany({
      data: [
        { userId: u.id, kind: "TASK_CLOSED", title: "旧", unitPath: path, createdAt: new Date(now.getTime() - (NOTIFICATION_RETENTION_DAYS + 1) * day) },
        { userId: u.id, kind: "TASK_CLOSED", title: "新", unitPath: path, createdAt: new Date(now.getTime() - (NOTIFICATION_RETENTION_DAYS - 1) * day) },
      ],
    });
    expect(await pruneNotifications(t.db, now)).toBeGreaterThanOrEqual(1);
    expect((await inbox(u)).map((n) => n.title)).toEqual(["新"]);
    expect((await runSweeps(t.db, now)).prune).toBe(0);
  });
});

describe("reading", () => {
  it("lists show the reader's own messages still in scope, newest first; the counts agree; 全部标为已读 marks only those", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const other = await makeUser(t.db, "OFFICER", "620102");
    const [a, b] = await Promise.all([unitByCode(t.db, "620102"), unitByCode(t.db, "620103")]);
    const t0 = Date.now();
    await t.db.notification.createMany({
      data: [
        { userId: u.id, kind: "TASK_CLOSED", title: "本县一", unitPath: a.path, createdAt: new Date(t0 - 2000) },
        { userId: u.id, kind: "TASK_CLOSED", title: "本县二", unitPath: a.path, createdAt: new Date(t0 - 1000) },
        { userId: u.id, kind: "TASK_CLOSED", title: "邻县", unitPath: b.path, createdAt: new Date(t0) },
        { userId: u.id, kind: "IMPORT_DONE", title: "导入", unitPath: null, createdAt: new Date(t0 - 3000) },
        { userId: other.id, kind: "TASK_CLOSED", title: "别人的", unitPath: a.path },
      ],
    });
    const list = await listNotifications(t.db, u, "all", 1);
    expect(list.rows.map((r) => r.title)).toEqual(["本县二", "本县一", "导入"]);
    expect(await unreadCount(t.db, u)).toBe(3);
    expect((await navBadgesOn(t.db, u))["/notifications"]).toBe(3);

    // a message that arrives after the page was drawn stays unread
    const newest = await t.db.notification.findFirstOrThrow({ where: { userId: u.id }, orderBy: { id: "desc" } });
    const late = await t.db.notification.create({ data: { userId: u.id, kind: "TASK_CLOSED", title: "刚到", unitPath: a.path } });
    expect((await executeAction(markAllReadAction, t.db, u, null, {})).ok).toBe(false);
    const r = await ok<{ count: number }>(executeAction(markAllReadAction, t.db, u, null, { upTo: newest.id }));
    expect(r.count).toBe(3);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: late.id } })).readAt).toBeNull();
    await t.db.notification.delete({ where: { id: late.id } });
    expect(await unreadCount(t.db, u)).toBe(0);
    expect((await listNotifications(t.db, u, "read", 1)).total).toBe(3);
    // the message out of scope stays unread (and unseen); another user's untouched
    expect(await t.db.notification.count({ where: { userId: u.id, readAt: null } })).toBe(1);
    expect(await unreadCount(t.db, other)).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "notification.readAll", userId: u.id, result: "success" } })).toBe(1);

    // moved to the neighbouring county: now only that county's message (and their own import) is shown
    await t.db.user.update({ where: { id: u.id }, data: { unitId: b.id } });
    expect((await listNotifications(t.db, { ...u, unitId: b.id, unitPath: b.path }, "all", 1)).rows.map((r) => r.title)).toEqual(["邻县", "导入"]);
  });

  it("badges: 待我审核 counts the work waiting for the reader's unit; 督办 the open ones received", async () => {
    const station = await makeStation(t.db, "620102");
    const reviewer = await makeUser(t.db, "REVIEWER", station.code);
    const officer = await makeUser(t.db, "OFFICER", station.code);
    const admin = await makeUser(t.db, "SYSADMIN", "62");
    const sub = await makeStation(t.db, station.code);
    await makeAssignment(t.db, sub.code, { status: "PENDING_REVIEW" });
    await makeAssignment(t.db, sub.code, { status: "PENDING_REVIEW" });
    const county = await unitByCode(t.db, "620102");
    for (const [i, status] of (["OPEN", "RETURNED", "REPLIED"] as const).entries())
      await t.db.supervision.create({
        data: { code: `DB-T-${station.code}-${i}`, level: "SUPERVISE", status, targetKind: "UNIT", unitId: station.id, unitPath: station.path, issuerUnitId: county.id, issuerPath: county.path, subject: "督办事项", reason: "督办理由", replyDue: addDays(shanghaiToday(), 3) },
      });
    expect(await navBadgesOn(t.db, reviewer)).toEqual({ "/notifications": 0, "/reviews": 2, "/supervision": 2 });
    expect(await navBadgesOn(t.db, officer)).toEqual({ "/notifications": 0, "/supervision": 2 });
    expect(await navBadgesOn(t.db, admin)).toEqual({});
  });
});

describe("opening a message", () => {
  it("marks the reader's own message read and redirects to its record; never another user's, out of scope, or off the site", async () => {
    const u = await makeUser(t.db, "OFFICER", "620102");
    const other = await makeUser(t.db, "OFFICER", "620102");
    const [a, b] = await Promise.all([unitByCode(t.db, "620102"), unitByCode(t.db, "620103")]);
    const make = (userId: number, href: string | null, unitPath: string | null = a.path) => t.db.notification.create({ data: { userId, kind: "TASK_RETURNED", title: "任务 1.1.01 被退回", href, unitPath } });
    const open = async (user: TestUser, id: number | string) => executeRoute(openNotificationRoute, t.db, await routeUser(user), null, new Request(`http://pingan.test/notifications/${id}/open`), { id: String(id) });

    const mine = await make(u.id, "/tasks/42?tab=history");
    const res = await open(u, mine.id);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/tasks/42?tab=history");
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).not.toBeNull();

    const theirs = await make(other.id, "/tasks/43");
    expect((await open(u, theirs.id)).status).toBe(404);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "notification.open", result: "denied", userId: u.id } })).toBe(1);

    const outOfScope = await make(u.id, "/tasks/44", b.path);
    expect((await open(u, outOfScope.id)).status).toBe(404);
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: outOfScope.id } })).readAt).toBeNull();

    for (const href of ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "/%09/evil.example", "javascript:alert(1)", " http://evil.example", null]) {
      const n = await make(u.id, href);
      const r = await open(u, n.id);
      expect(r.status, String(href)).toBe(303);
      const location = r.headers.get("location")!;
      expect(location, String(href)).toMatch(/^\/(?!\/|\\)/);
      expect(new URL(location, "http://pingan.test").origin).toBe("http://pingan.test");
    }
    expect(openTarget("https://evil.example/x")).toBe("/notifications");
    for (const bad of ["0", "-1", "abc", "99999999999"]) expect((await open(u, bad)).status).toBe(404);
  });
});
