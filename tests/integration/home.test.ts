// The work homes (lib/home/queries.ts): the officer's to-do list holds each kind of work, most urgent first, with its
// countdown in words at Beijing day boundaries, and never another county's items; the reviewer's queue is oldest
// first with each item's level in its chain, and 「下一条」 walks it; the commander's decisions and the analyst's
// reports and data checks stay inside the subtree.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { analystDesk, commanderDesk, officerTodo, queueNext, reviewerQueue } from "@/lib/home/desk";
import { byUrgency, countdown, isBacklog, waitedText } from "@/lib/home/todo";
import { addDays, shanghaiToday } from "@/lib/time";
import { setupTestDatabase } from "./helpers/db";
import { makeStation, unitByCode } from "./helpers/factories";
import { makeAssignment, makeLedgerRecord } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

const NOW = new Date("2026-12-04T04:00:00Z"); // 12:00 in Beijing, Friday 4 December 2026
const TODAY = shanghaiToday(NOW);
const day = (offset: number) => addDays(TODAY, offset);
const bj = (s: string) => new Date(`${s}+08:00`);

let supSeq = 0;
/** A 督办单 from `issuerCode` to `unitCode` (written as the 督办 actions write one). */
async function makeSupervision(db: Db, issuerCode: string, unitCode: string, o: { due: Date; status?: "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED"; level?: "REMIND" | "SUPERVISE" | "LISTED" }) {
  const [issuer, unit] = await Promise.all([unitByCode(db, issuerCode), unitByCode(db, unitCode)]);
  return db.supervision.create({
    data: {
      code: `DB-${unit.code}-2026-${String(++supSeq).padStart(4, "0")}`,
      level: o.level ?? "SUPERVISE",
      status: o.status ?? "OPEN",
      targetKind: "UNIT",
      unitId: unit.id,
      unitPath: unit.path,
      issuerUnitId: issuer.id,
      issuerPath: issuer.path,
      subject: `督办事项${supSeq}`,
      reason: "进度滞后",
      replyDue: o.due,
      repliedAt: o.status === "REPLIED" ? new Date(NOW.getTime() - 2 * 86_400_000) : null,
    },
  });
}

async function officerUnit(code: string) {
  const u = await unitByCode(t.db, code);
  return { scope: scopeFor(u.path), unit: { id: u.id, level: u.level, name: u.name } };
}

describe("countdown words at Beijing day boundaries", () => {
  it("a deadline's day ends at 24:00 Beijing (16:00 UTC), whatever the server's zone", () => {
    const dec5 = new Date("2026-12-05T00:00:00Z");
    const lastSecond = new Date("2026-12-04T15:59:59Z"); // 23:59:59 on the 4th in Beijing
    const midnight = new Date("2026-12-04T16:00:00Z"); // 00:00 on the 5th in Beijing
    expect(countdown(dec5, lastSecond)).toMatchObject({ text: "还剩 1 天", tone: "amber" });
    expect(countdown(dec5, midnight)).toMatchObject({ text: "今天到期", tone: "red" });
    expect(countdown(new Date("2026-12-04T00:00:00Z"), lastSecond)).toMatchObject({ text: "今天到期" });
    expect(countdown(new Date("2026-12-04T00:00:00Z"), midnight)).toMatchObject({ text: "逾期 1 天", tone: "red" });
    expect(countdown(new Date("2026-11-29T00:00:00Z"), midnight)).toMatchObject({ text: "逾期 6 天" });
    expect(countdown(new Date("2026-12-12T00:00:00Z"), midnight)).toMatchObject({ text: "还剩 7 天", tone: "blue" });
    // waiting time: submitted at 23:30 Beijing on the 3rd is one day old at 00:10 on the 4th
    expect(waitedText(bj("2026-12-03T23:30:00"), bj("2026-12-04T00:10:00"))).toBe("已等待 1 天");
    expect(waitedText(bj("2026-12-04T00:05:00"), bj("2026-12-04T23:50:00"))).toBe("今天提交");
  });
});

describe("the officer's to-do list", () => {
  it("holds every kind of work, most urgent first, with countdowns and one link each; nothing of another county", async () => {
    const db = t.db;
    const { scope, unit } = await officerUnit("620102");
    // returned work, with the reviewer's reason
    const returned = await makeAssignment(db, "620102", { status: "RETURNED", deadline: day(20) });
    await db.taskAssignment.update({ where: { id: returned.id }, data: { lastReason: "佐证材料不全，请补充会议纪要" } });
    // tasks: 5 days overdue, due in 2 days, due in 30 days (not yet), closed and overdue (never)
    const overdue = await makeAssignment(db, "620102", { status: "IN_PROGRESS", deadline: day(-5) });
    const soon = await makeAssignment(db, "620102", { status: "NOT_STARTED", deadline: day(2) });
    await makeAssignment(db, "620102", { status: "IN_PROGRESS", deadline: day(30) });
    await makeAssignment(db, "620102", { status: "CLOSED", deadline: day(-40) });
    // 积压: overdue for 45 days — listed, but after the day's work
    const backlog = await makeAssignment(db, "620102", { status: "IN_PROGRESS", deadline: day(-45) });
    // a milestone due tomorrow on work whose own deadline is far away; a done one is not listed
    const far = await makeAssignment(db, "620102", { status: "IN_PROGRESS", deadline: day(200) });
    await db.milestone.create({ data: { assignmentId: far.id, seq: 2, title: "完成辖区排查", dueDate: day(1) } });
    await db.milestone.create({ data: { assignmentId: far.id, seq: 3, title: "已完成的节点", dueDate: day(-3), doneAt: NOW } });
    // intelligence: a grade-3 item received two days ago and not reported (reporting deadline 8 h after); a reported
    // grade-4 item whose loop closes in 29 days (not yet)
    const intel = await makeLedgerRecord(db, "intel", "620102", { receivedAt: "2026-12-02 10:00", reportedAt: "", grade: "3" });
    await makeLedgerRecord(db, "intel", "620102", { receivedAt: "2026-12-03 10:00", reportedAt: "2026-12-03 11:00", grade: "4" });
    // disputes: one flagged (threats + weapons ≥ 50), one unflagged and untouched for 40 days, one unflagged and fresh
    const flagged = await makeLedgerRecord(db, "disputes", "620102", { threats: "true", weapons: "true", status: "稳控中" });
    const stale = await makeLedgerRecord(db, "disputes", "620102", { status: "调解中" });
    await db.$executeRaw`UPDATE disputes SET updated_at = ${new Date(NOW.getTime() - 40 * 86_400_000)} WHERE id = ${stale.id as number}`;
    await makeLedgerRecord(db, "disputes", "620102", { status: "调解中" });
    // enterprise demands: open for 25 days (5 days left of 30), open for 5 days (not yet), resolved (never)
    const demand = await makeLedgerRecord(db, "demands", "620102", { raisedOn: "2026-11-09", status: "办理中", resolvedOn: "", satisfaction: "" });
    await makeLedgerRecord(db, "demands", "620102", { raisedOn: "2026-11-29", status: "办理中", resolvedOn: "", satisfaction: "" });
    // 督办 received: open, due in 3 days; sent back; accepted (never)
    const sup = await makeSupervision(db, "6201", "620102", { due: day(3) });
    const back = await makeSupervision(db, "6201", "620102", { due: day(-1), status: "RETURNED", level: "LISTED" });
    await makeSupervision(db, "6201", "620102", { due: day(-10), status: "ACCEPTED" });

    // another county's work of every kind: never on this list
    const other = await makeAssignment(db, "620103", { status: "RETURNED", deadline: day(-9) });
    await makeAssignment(db, "620103", { status: "IN_PROGRESS", deadline: day(-9) });
    await makeLedgerRecord(db, "disputes", "620103", { threats: "true", weapons: "true" });
    await makeLedgerRecord(db, "intel", "620103", { receivedAt: "2026-11-02 10:00", reportedAt: "", grade: "1" });
    await makeSupervision(db, "6201", "620103", { due: day(-9) });

    const home = await officerTodo(db, scope, unit, NOW);
    const line = (href: string, kind: string) => home.items.find((i) => i.href === href && i.kind === kind);
    expect(home.counts).toEqual({ returned: 1, supervision: 2, task: 3, milestone: 1, intel: 1, dispute: 2, demand: 1, stats: 1 });
    expect(home.items).toHaveLength(12);

    expect(line(`/tasks/${returned.id}`, "returned")?.note).toBe("退回理由：佐证材料不全，请补充会议纪要");
    expect(countdown(line(`/tasks/${overdue.id}`, "task")!.due, NOW).text).toBe("逾期 5 天");
    expect(countdown(line(`/tasks/${soon.id}`, "task")!.due, NOW).text).toBe("还剩 2 天");
    expect(line(`/tasks/${far.id}`, "milestone")).toMatchObject({ title: expect.stringContaining("完成辖区排查") });
    expect(countdown(line(`/tasks/${far.id}`, "milestone")!.due, NOW).text).toBe("还剩 1 天");
    // reporting deadline 2026-12-02 18:00 Beijing: two days overdue
    const i = line(`/ledgers/intel/${intel.id}`, "intel")!;
    expect(i).toMatchObject({ code: intel.code, note: "三级情报 · 待上报" });
    expect(countdown(i.due, NOW).text).toBe("逾期 2 天");
    expect(line(`/ledgers/disputes/${flagged.id}`, "dispute")?.note).toMatch(/^命案风险预警/);
    const s = line(`/ledgers/disputes/${stale.id}`, "dispute")!;
    expect(countdown(s.due, NOW).text).toBe("逾期 10 天");
    const d = line(`/ledgers/demands/${demand.id}`, "demand")!;
    expect(countdown(d.due, NOW).text).toBe("还剩 5 天");
    expect(line(`/supervision/${sup.code}`, "supervision")).toMatchObject({ title: sup.subject, note: "督办" });
    expect(line(`/supervision/${back.code}`, "supervision")?.note).toBe("挂牌督办 · 答复被退回");
    // last month's statistics (2026年11月), due on the 5th
    const st = home.items.find((x) => x.kind === "stats")!;
    expect(st).toMatchObject({ code: "2026-11", href: "/stats/entry?month=2026-11" });
    expect(countdown(st.due, NOW).text).toBe("还剩 1 天");

    // most urgent first: the day's work, its due days never going down (the most overdue at the top), then the 积压
    expect([...home.items].sort((a, b) => byUrgency(a, b, NOW))).toEqual(home.items);
    const last = home.items[home.items.length - 1];
    expect(last).toMatchObject({ href: `/tasks/${backlog.id}`, kind: "task" });
    expect(isBacklog(last.due, NOW)).toBe(true);
    expect(countdown(last.due, NOW).text).toBe("逾期 45 天");
    const day1 = home.items.slice(0, -1);
    expect(day1.some((x) => isBacklog(x.due, NOW))).toBe(false);
    const dues = day1.map((x) => x.due.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(countdown(home.items[0].due, NOW).text).toBe("逾期 10 天");
    // scope: nothing of 七里河区
    expect(home.items.some((x) => x.href === `/tasks/${other.id}`)).toBe(false);
    expect(home.items.every((x) => !x.code.includes("620103") && x.unitName !== "七里河区")).toBe(true);

    // once the statistics are entered, that line goes
    const u = await unitByCode(db, "620102");
    await db.statValue.create({ data: { unitId: u.id, unitPath: u.path, month: new Date("2026-11-01T00:00:00Z"), metric: "criminal.filed", value: 3 } });
    expect((await officerTodo(db, scope, unit, NOW)).counts.stats).toBe(0);
    // a county officer sees a station's work below; the station officer never sees the county's
    const station = await makeStation(db, "620102");
    const stationTask = await makeAssignment(db, station.code, { status: "IN_PROGRESS", deadline: day(0) });
    const county = await officerTodo(db, scope, unit, NOW);
    expect(county.items.find((x) => x.href === `/tasks/${stationTask.id}`)).toMatchObject({ unitName: station.name });
    const own = await officerTodo(db, scopeFor(station.path), { id: station.id, level: "STATION", name: station.name }, NOW);
    expect(own.items.map((x) => x.href)).toEqual([`/tasks/${stationTask.id}`]);
    expect(countdown(own.items[0].due, NOW).text).toBe("今天到期");
  });

  it("the countdown of a line turns at midnight Beijing time", async () => {
    const station = await makeStation(t.db, "620104");
    const a = await makeAssignment(t.db, station.code, { status: "IN_PROGRESS", deadline: new Date("2026-12-05T00:00:00Z") });
    const list = async (now: Date) => (await officerTodo(t.db, scopeFor(station.path), { id: station.id, level: "STATION", name: station.name }, now)).items.find((x) => x.href === `/tasks/${a.id}`)!;
    expect(countdown((await list(new Date("2026-12-04T15:59:59Z"))).due, new Date("2026-12-04T15:59:59Z")).text).toBe("还剩 1 天");
    expect(countdown((await list(new Date("2026-12-04T16:00:00Z"))).due, new Date("2026-12-04T16:00:00Z")).text).toBe("今天到期");
    expect(countdown((await list(new Date("2026-12-05T16:00:00Z"))).due, new Date("2026-12-05T16:00:00Z")).text).toBe("逾期 1 天");
    // 8 days ahead is not on the list yet, 7 days ahead is
    expect((await officerTodo(t.db, scopeFor(station.path), { id: station.id, level: "STATION", name: station.name }, new Date("2026-11-26T16:00:00Z"))).items.some((x) => x.href === `/tasks/${a.id}`)).toBe(false);
    expect((await officerTodo(t.db, scopeFor(station.path), { id: station.id, level: "STATION", name: station.name }, new Date("2026-11-27T16:00:00Z"))).items.some((x) => x.href === `/tasks/${a.id}`)).toBe(true);
  });
});

describe("the reviewer's queue", () => {
  it("oldest first, with the level in the chain; 下一条 walks it until it is empty; never another city's work", async () => {
    const db = t.db;
    const lanzhou = await unitByCode(db, "6201");
    const province = await unitByCode(db, "62");
    const viewer = { unitId: lanzhou.id, unitPath: lanzhou.path };
    const station = await makeStation(db, "620111");
    // three items submitted to 兰州 on three days, created newest first
    const c = await makeAssignment(db, "620111", { status: "PENDING_REVIEW" });
    const b = await makeAssignment(db, "620121", { status: "PENDING_REVIEW" });
    const a = await makeAssignment(db, station.code, { status: "PENDING_REVIEW" });
    await db.taskAssignment.update({ where: { id: a.id }, data: { submittedAt: new Date(NOW.getTime() - 4 * 86_400_000), reviewUnitId: lanzhou.id, assignedById: province.id } });
    await db.taskAssignment.update({ where: { id: b.id }, data: { submittedAt: new Date(NOW.getTime() - 2 * 86_400_000) } });
    await db.taskAssignment.update({ where: { id: c.id }, data: { submittedAt: new Date(NOW.getTime() - 3_600_000) } });
    // another city's submission that (wrongly) names 兰州 as reviewer: outside the scope, never listed
    const foreign = await makeAssignment(db, "620502", { status: "PENDING_REVIEW" });
    await db.taskAssignment.update({ where: { id: foreign.id }, data: { reviewUnitId: lanzhou.id } });

    const q = await reviewerQueue(db, viewer);
    expect(q.total).toBe(3);
    expect(q.items.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(waitedText(q.items[0].submittedAt, NOW)).toBe("已等待 4 天");
    expect(waitedText(q.items[2].submittedAt, NOW)).toBe("今天提交");
    // the station's work is reviewed by its county, then 兰州, and closed by the province: 兰州 is level 2 of 3
    expect(q.items[0]).toMatchObject({ level: 2, levels: 3 });
    // a county's work handed down by 兰州: 兰州 closes it, level 1 of 1
    expect(q.items[1]).toMatchObject({ level: 1, levels: 1 });

    // 下一条: after deciding on the first, the second; after the last, nothing
    expect((await queueNext(t.db, viewer, a.id)).next?.id).toBe(b.id);
    await db.taskAssignment.update({ where: { id: a.id }, data: { status: "RETURNED", reviewUnitId: null } });
    expect(await queueNext(t.db, viewer, a.id)).toMatchObject({ remaining: 2, next: { id: b.id } });
    await db.taskAssignment.update({ where: { id: b.id }, data: { status: "CLOSED", reviewUnitId: null } });
    expect(await queueNext(t.db, viewer, b.id)).toMatchObject({ remaining: 1, next: { id: c.id } });
    await db.taskAssignment.update({ where: { id: c.id }, data: { status: "CLOSED", reviewUnitId: null } });
    expect(await queueNext(t.db, viewer, c.id)).toEqual({ remaining: 0, next: null });
  });
});

describe("the commander's decisions", () => {
  it("overdue 督办 issued by or to the subtree, open 挂牌督办, what waits for the unit, red units; nothing of another city", async () => {
    const db = t.db;
    const baiyin = await unitByCode(db, "6204");
    const scope = scopeFor(baiyin.path);
    const toCounty = await makeSupervision(db, "6204", "620402", { due: day(-2) });
    const toCity = await makeSupervision(db, "62", "6204", { due: day(-1), status: "RETURNED" });
    await makeSupervision(db, "6204", "620402", { due: day(5) }); // not overdue
    await makeSupervision(db, "62", "620302", { due: day(-3) }); // another city's
    const listed = await makeSupervision(db, "6204", "620403", { due: day(6), level: "LISTED" });
    await makeSupervision(db, "62", "620302", { due: day(6), level: "LISTED" }); // another city's
    const reply = await makeSupervision(db, "6204", "620403", { due: day(6), status: "REPLIED" });
    await makeAssignment(db, "620402", { status: "IN_PROGRESS", deadline: day(-3) });
    await makeAssignment(db, "620302", { status: "IN_PROGRESS", deadline: day(-3) });

    const d = await commanderDesk(db, { id: baiyin.id, code: baiyin.code, scope }, NOW);
    expect(d.overdue.rows.map((s) => s.code).sort()).toEqual([toCounty.code, toCity.code].sort());
    expect(d.overdue.total).toBe(2);
    expect(d.listed.rows.map((s) => s.code)).toEqual([listed.code]);
    expect(d.replies.rows.map((s) => s.code)).toEqual([reply.code]);
    expect(d.redUnits).toEqual([expect.objectContaining({ code: "620402", red: 1 })]);
  });
});

describe("the analyst's desk", () => {
  it("last month's report not yet archived, units that have not reported, the validation warnings of the figures", async () => {
    const db = t.db;
    const tianshui = await unitByCode(db, "6205");
    const qinzhou = await unitByCode(db, "620502");
    const nov = new Date("2026-11-01T00:00:00Z");
    const oct = new Date("2026-10-01T00:00:00Z");
    const put = (month: Date, metric: string, value: number) => db.statValue.create({ data: { unitId: qinzhou.id, unitPath: qinzhou.path, month, metric, value } });
    await put(oct, "criminal.filed", 10);
    await put(nov, "criminal.filed", 40); // more than 3× last month: a warning
    const other = await unitByCode(db, "620402"); // another city's jump: never on 天水's desk
    await db.statValue.create({ data: { unitId: other.id, unitPath: other.path, month: oct, metric: "criminal.solved", value: 10 } });
    await db.statValue.create({ data: { unitId: other.id, unitPath: other.path, month: nov, metric: "criminal.solved", value: 90 } });

    const d = await analystDesk(db, { id: tianshui.id, code: tianshui.code, name: tianshui.name, scope: scopeFor(tianshui.path) }, NOW);
    expect(d.month).toBe("2026-11");
    expect(d.report).toEqual({ unitCode: "6205", unitName: tianshui.name, period: "2026-11" });
    expect(d.warnings.rows).toEqual([expect.objectContaining({ unitCode: "620502", message: expect.stringContaining("较上月（10）增长超过 3 倍") })]);
    expect(d.missing.rows.some((u) => u.code === "620502")).toBe(false);
    expect(d.missing.rows.some((u) => u.code === "620503")).toBe(true);
    expect(d.missing.rows.every((u) => u.code.startsWith("6205"))).toBe(true);
    expect(d.missing.total).toBe(d.missing.expected - 1);
  });
});
