// 督办 end to end on a real database: issue → reply (with and without evidence) → return → reply → accept, the
// messages written with each step and only to whom may open the 督办单, the unit rules (only to a unit strictly
// below the issuer, in scope; only the receiving unit replies; only the issuing unit decides), versions, evidence
// downloads through the attachment route, the overdue KPIs as of the period end against raw SQL, the assessment
// deduction and the overdue sweep.
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-pathname": "/supervision", "x-forwarded-for": "10.9.8.7" }),
  cookies: async () => ({ get: () => undefined }),
}));

import { type ActionResult, executeAction } from "@/lib/actions/core";
import { executeRoute } from "@/lib/http/route-core";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiValue } from "@/lib/kpi/engine";
import { asOf, parsePeriod } from "@/lib/kpi/period";
import { scorePeers } from "@/lib/assessment/scores";
import { DEFAULT_SCHEME } from "@/lib/assessment/scheme";
import { cancelSupervisionAction, decideSupervisionAction, issueSupervisionAction, replySupervisionAction } from "@/lib/supervision/actions";
import { getSupervision, listSupervisions, parseSupervisionParams } from "@/lib/supervision/queries";
import { sweepOverdueSupervisions } from "@/lib/supervision/sweep";
import { attachmentRoute } from "@/lib/tasks/routes";
import { addDays, dayString, shanghaiToday } from "@/lib/time";
import { setupTestDatabase } from "./helpers/db";
import { type TestUser, makeStation, makeUser, unitByCode } from "./helpers/factories";
import { makeAssignment, makeLedgerRecord } from "./helpers/work-factories";
import { kpiOracles } from "./helpers/kpi-oracles";
import { makeSupervision } from "../support/factories";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();

const pdf = (name = "整改报告.pdf") => new File([new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")], name, { type: "application/pdf" });
/** what a browser sends for an untouched file input */
const emptyPart = () => new File([], "undefined", { type: "application/octet-stream" });
const inDays = (n: number) => dayString(addDays(shanghaiToday(), n));

async function ok<T>(p: Promise<ActionResult<T>>): Promise<T> {
  const r = await p;
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: T }).data;
}

const messages = (userId: number) => t.db.notification.findMany({ where: { userId }, orderBy: { id: "asc" } });

function routeUser(u: TestUser, unit: { code: string; name: string; level: string }) {
  return { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
}

describe("a 督办 from issue to acceptance", () => {
  let reviewer: TestUser;
  let cityCommander: TestUser;
  let officer: TestUser;
  let countyCommander: TestUser;
  let siblingOfficer: TestUser;
  let tianshuiOfficer: TestUser;
  beforeAll(async () => {
    reviewer = await makeUser(t.db, "REVIEWER", "6201");
    cityCommander = await makeUser(t.db, "COMMANDER", "6201");
    officer = await makeUser(t.db, "OFFICER", "620102");
    countyCommander = await makeUser(t.db, "COMMANDER", "620102");
    siblingOfficer = await makeUser(t.db, "OFFICER", "620103");
    tianshuiOfficer = await makeUser(t.db, "OFFICER", "620502");
  });

  it("issue on a task → reply with evidence → return → reply without a file → accept; every step and message recorded", async () => {
    const a = await makeAssignment(t.db, "620102");
    const issued = await ok(executeAction(issueSupervisionAction, t.db, reviewer, null, { targetKind: "TASK", assignmentId: String(a.id), level: "LISTED", subject: "任务推进滞后", reason: "进度落后于倒排工期，请说明原因并整改", replyDue: inDays(7) }));
    expect(issued.code).toMatch(/^DB-620102-\d{4}-\d{4}$/);
    const s0 = await t.db.supervision.findUniqueOrThrow({ where: { id: issued.id }, include: { steps: true } });
    expect(s0).toMatchObject({ status: "OPEN", level: "LISTED", targetKind: "TASK", assignmentId: a.id, unitPath: "/62/6201/620102/", issuerUnitId: reviewer.unitId, issuedById: reviewer.id, version: 1 });
    expect(s0.steps.map((x) => [x.action, x.toStatus])).toEqual([["ISSUE", "OPEN"]]);
    // the receiving unit's officers and commanders are told; nobody of another county, nobody of the issuing unit
    expect((await messages(officer.id)).map((m) => m.kind)).toEqual(["SUPERVISION_RECEIVED"]);
    expect((await messages(officer.id))[0]).toMatchObject({ href: `/supervision/${issued.code}`, unitPath: "/62/6201/620102/" });
    expect((await messages(countyCommander.id)).map((m) => m.kind)).toEqual(["SUPERVISION_RECEIVED"]);
    expect(await messages(siblingOfficer.id)).toEqual([]);
    expect(await messages(reviewer.id)).toEqual([]);
    // a second code of the same unit and year follows on
    const next = await ok(executeAction(issueSupervisionAction, t.db, cityCommander, null, { targetKind: "UNIT", unitId: a.unitId, level: "REMIND", subject: "按时报送月度统计", reason: "上月统计未按时报送", replyDue: inDays(0) }));
    expect(Number(next.code.slice(-4))).toBe(Number(issued.code.slice(-4)) + 1);

    // only the receiving unit replies: the city's officer (in scope, not the receiver) is refused, another county's
    // officer does not even find it
    const cityOfficer = await makeUser(t.db, "OFFICER", "6201");
    const notMine = await executeAction(replySupervisionAction, t.db, cityOfficer, null, { id: issued.id, version: 1, text: "代为答复一下。" });
    expect(!notMine.ok && notMine.code).toBe("FORBIDDEN");
    const foreign = await executeAction(replySupervisionAction, t.db, siblingOfficer, null, { id: issued.id, version: 1, text: "越权答复一下。" });
    expect(!foreign.ok && foreign.code).toBe("NOT_FOUND");
    // the issuer cannot accept before a reply
    const early = await executeAction(decideSupervisionAction, t.db, reviewer, null, { id: issued.id, version: 1, decision: "ACCEPT" });
    expect(!early.ok && early.error).toMatch(/无需验收/);

    let v = (await ok(executeAction(replySupervisionAction, t.db, officer, null, { id: issued.id, version: 1, text: "已召开专题会，倒排节点已调整。", files: [pdf()] }))).version;
    expect(v).toBe(2);
    const replied = await t.db.supervision.findUniqueOrThrow({ where: { id: issued.id }, include: { steps: { include: { attachments: true } } } });
    expect(replied.status).toBe("REPLIED");
    expect(replied.repliedAt).not.toBeNull();
    const evidence = replied.steps.find((x) => x.action === "REPLY")!.attachments;
    expect(evidence.map((f) => [f.filename, f.mime, f.unitPath])).toEqual([["整改报告.pdf", "application/pdf", "/62/6201/620102/"]]);
    // the issuing unit's holders of supervision:issue are told
    expect((await messages(reviewer.id)).map((m) => m.kind)).toEqual(["SUPERVISION_REPLIED"]);
    expect((await messages(cityCommander.id)).map((m) => m.kind)).toEqual(["SUPERVISION_REPLIED"]);

    // evidence: the issuer downloads it; another county and another city get a 404
    const [city, sibling, tianshui] = await Promise.all([unitByCode(t.db, "6201"), unitByCode(t.db, "620103"), unitByCode(t.db, "620502")]);
    const fetchAs = (u: TestUser, unit: typeof city) => executeRoute(attachmentRoute, t.db, routeUser(u, unit), null, new Request(`http://pingan.test/api/attachments/${evidence[0].id}`), { id: String(evidence[0].id) });
    const mine = await fetchAs(reviewer, city);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-disposition")).toMatch(/attachment/);
    expect((await fetchAs(siblingOfficer, sibling)).status).toBe(404);
    expect((await fetchAs(tianshuiOfficer, tianshui)).status).toBe(404);

    // a return needs a reason; the receiving unit is told why
    const bare = await executeAction(decideSupervisionAction, t.db, reviewer, null, { id: issued.id, version: v, decision: "RETURN" });
    expect(!bare.ok && bare.fieldErrors?.reason).toMatch(/退回理由/);
    v = (await ok(executeAction(decideSupervisionAction, t.db, reviewer, null, { id: issued.id, version: v, decision: "RETURN", reason: "缺少会议纪要，请补充" }))).version;
    const officerMsgs = await messages(officer.id);
    expect(officerMsgs.at(-1)).toMatchObject({ kind: "SUPERVISION_RETURNED", title: expect.stringContaining("缺少会议纪要") });

    // replying again without choosing a file: the browser's empty file part is no file
    v = (await ok(executeAction(replySupervisionAction, t.db, officer, null, { id: issued.id, version: v, text: "会议纪要已在系统中补充说明。", files: [emptyPart()] }))).version;
    v = (await ok(executeAction(decideSupervisionAction, t.db, cityCommander, null, { id: issued.id, version: v, decision: "ACCEPT", reason: "同意办结" }))).version;
    const done = await t.db.supervision.findUniqueOrThrow({ where: { id: issued.id }, include: { steps: { orderBy: { id: "asc" }, include: { attachments: true } } } });
    expect(done).toMatchObject({ status: "ACCEPTED", version: 5 });
    expect(done.closedAt).not.toBeNull();
    expect(done.steps.map((x) => `${x.action}:${x.fromStatus ?? "-"}→${x.toStatus}:${x.attachments.length}`)).toEqual(["ISSUE:-→OPEN:0", "REPLY:OPEN→REPLIED:1", "RETURN:REPLIED→RETURNED:0", "REPLY:RETURNED→REPLIED:0", "ACCEPT:REPLIED→ACCEPTED:0"]);
    expect((await messages(officer.id)).at(-1)?.kind).toBe("SUPERVISION_ACCEPTED");
    // every step audited
    const audit = await t.db.auditLog.findMany({ where: { entity: "Supervision", entityId: String(issued.id), result: "success" }, orderBy: { seq: "asc" } });
    expect(audit.map((r) => r.action)).toEqual(["supervision.issue", "supervision.reply", "supervision.decide", "supervision.reply", "supervision.decide"]);
    // closed: nothing more to do, not even a cancel
    const late = await executeAction(cancelSupervisionAction, t.db, reviewer, null, { id: issued.id, version: v, reason: "不再需要了" });
    expect(!late.ok && late.error).toMatch(/不能撤销/);
  });

  it("a 督办 on a ledger record goes to the record's unit", async () => {
    const record = await makeLedgerRecord(t.db, "disputes", "620102");
    const r = await ok(executeAction(issueSupervisionAction, t.db, reviewer, null, { targetKind: "LEDGER", ledgerKey: "disputes", recordId: record.id, level: "SUPERVISE", subject: "纠纷化解跟进不及时", reason: "命案风险预警纠纷超期未回访", replyDue: inDays(3) }));
    expect(await t.db.supervision.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ targetKind: "LEDGER", ledgerKey: "disputes", recordId: record.id, unitPath: "/62/6201/620102/" });
    const s = await getSupervision(t.db, reviewer, r.code);
    expect(s.target.href).toBe(`/ledgers/disputes/${record.id}`);
    // an unknown ledger is no target
    const bad = await executeAction(issueSupervisionAction, t.db, reviewer, null, { targetKind: "LEDGER", ledgerKey: "__proto__", recordId: record.id, level: "SUPERVISE", subject: "纠纷化解跟进", reason: "超期未回访情况", replyDue: inDays(3) });
    expect(!bad.ok && bad.code).toBe("NOT_FOUND");
  });

  it("only to a unit strictly below the issuer's, inside its scope, with a reply day not in the past", async () => {
    const base = { targetKind: "UNIT", level: "SUPERVISE", subject: "排查整治不到位", reason: "专项行动进展缓慢", replyDue: inDays(5) };
    const [tianshui, lanzhou, chengguan] = await Promise.all([unitByCode(t.db, "620502"), unitByCode(t.db, "6201"), unitByCode(t.db, "620102")]);
    const before = await t.db.supervision.count();
    const out = await executeAction(issueSupervisionAction, t.db, reviewer, null, { ...base, unitId: tianshui.id });
    expect(!out.ok && out.code).toBe("NOT_FOUND");
    const self = await executeAction(issueSupervisionAction, t.db, reviewer, null, { ...base, unitId: lanzhou.id });
    expect(!self.ok && self.fieldErrors?.unitId).toMatch(/下级单位/);
    const up = await executeAction(issueSupervisionAction, t.db, countyCommander, null, { ...base, unitId: lanzhou.id });
    expect(!up.ok && up.code).toBe("NOT_FOUND");
    const sameCounty = await executeAction(issueSupervisionAction, t.db, countyCommander, null, { ...base, unitId: chengguan.id });
    expect(!sameCounty.ok && sameCounty.error).toMatch(/不是本单位的下级单位/);
    const past = await executeAction(issueSupervisionAction, t.db, reviewer, null, { ...base, unitId: chengguan.id, replyDue: inDays(-1) });
    expect(!past.ok && past.fieldErrors?.replyDue).toMatch(/不能早于/);
    const missing = await executeAction(issueSupervisionAction, t.db, reviewer, null, { ...base, unitId: chengguan.id, subject: "", replyDue: "" });
    expect(!missing.ok && missing.fieldErrors).toMatchObject({ subject: expect.stringMatching(/督办事项/), replyDue: expect.stringMatching(/答复期限/) });
    // a blank form names every gap at once, the unit included
    const blank = await executeAction(issueSupervisionAction, t.db, reviewer, null, { targetKind: "UNIT", level: "SUPERVISE", unitId: "", subject: "", reason: "", replyDue: "" });
    expect(!blank.ok && Object.keys(blank.fieldErrors ?? {}).sort()).toEqual(["reason", "replyDue", "subject", "unitId"]);
    expect(!blank.ok && blank.fieldErrors?.unitId).toBe("请选择督办单位");
    // an officer cannot issue at all
    const officerIssue = await executeAction(issueSupervisionAction, t.db, officer, null, { ...base, unitId: chengguan.id });
    expect(!officerIssue.ok && officerIssue.code).toBe("FORBIDDEN");
    expect(await t.db.supervision.count()).toBe(before);
  });

  it("reading: another county neither lists nor opens it; the issuer's superior sees an overdue one flagged", async () => {
    const station = await makeStation(t.db, "620102");
    const s = await makeSupervision(t.db, station.code, { replyDue: addDays(shanghaiToday(), -3) });
    const p = parseSupervisionParams({ status: "all" });
    const siblingList = await listSupervisions(t.db, scopeFor(siblingOfficer.unitPath), siblingOfficer, p);
    expect(siblingList.rows.map((r) => r.id)).not.toContain(s.id);
    await expect(getSupervision(t.db, siblingOfficer, s.code)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    await expect(getSupervision(t.db, tianshuiOfficer, s.code)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    // the issuer (the county) sees it overdue; the city above the issuer sees it flagged
    const issuerView = await listSupervisions(t.db, scopeFor(countyCommander.unitPath), countyCommander, parseSupervisionParams({ box: "issued", overdue: "1" }));
    expect(issuerView.rows.find((r) => r.id === s.id)).toMatchObject({ overdueDays: 3, flagged: false });
    const cityView = await listSupervisions(t.db, scopeFor(cityCommander.unitPath), cityCommander, parseSupervisionParams({ overdue: "1" }));
    expect(cityView.rows.find((r) => r.id === s.id)).toMatchObject({ overdueDays: 3, flagged: true });
    // 收到的 / 发出的
    const received = await listSupervisions(t.db, scopeFor(countyCommander.unitPath), countyCommander, parseSupervisionParams({ box: "received", status: "all" }));
    expect(received.rows.map((r) => r.id)).not.toContain(s.id);
  });

  it("two decisions on the same version: the second is a conflict with the record as it is now", async () => {
    const s = await makeSupervision(t.db, "620102", { status: "REPLIED" });
    await ok(executeAction(decideSupervisionAction, t.db, reviewer, null, { id: s.id, version: s.version, decision: "ACCEPT" }));
    const second = await executeAction(decideSupervisionAction, t.db, cityCommander, null, { id: s.id, version: s.version, decision: "RETURN", reason: "材料不全请补充" });
    expect(second).toMatchObject({ ok: false, code: "CONFLICT", current: { 状态: "已办结", version: s.version + 1 } });
    expect((await t.db.supervision.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("ACCEPTED");
    expect(await t.db.supervisionStep.count({ where: { supervisionId: s.id, action: "RETURN" } })).toBe(0);
  });

  it("messages live in the action's transaction: an action that fails writes none", async () => {
    const unit = await unitByCode(t.db, "620102");
    const failing = { ...issueSupervisionAction, run: async (...args: Parameters<typeof issueSupervisionAction.run>) => {
      await issueSupervisionAction.run(...args);
      throw new Error("写入中途失败");
    } };
    const [notes, rows, steps] = await Promise.all([t.db.notification.count(), t.db.supervision.count(), t.db.supervisionStep.count()]);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const r = await executeAction(failing, t.db, reviewer, null, { targetKind: "UNIT", unitId: unit.id, level: "SUPERVISE", subject: "会失败的督办", reason: "测试事务回滚", replyDue: inDays(2) });
    expect(!r.ok && r.code).toBe("ERROR");
    expect([await t.db.notification.count(), await t.db.supervision.count(), await t.db.supervisionStep.count()]).toEqual([notes, rows, steps]);
    // a bad evidence file: nothing written either
    const s = await makeSupervision(t.db, "620102");
    const junk = new File([new TextEncoder().encode("MZ\x90\x00not a document")], "病毒.exe");
    const bad = await executeAction(replySupervisionAction, t.db, officer, null, { id: s.id, version: s.version, text: "附上材料请查收。", files: [junk] });
    expect(!bad.ok && bad.fieldErrors?.files).toMatch(/不是允许的文件类型/);
    expect(await t.db.notification.count()).toBe(notes);
    expect((await t.db.supervision.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("OPEN");
  });

  it("the sweep tells the issuer and the commanders above the issuing unit once per overdue 督办", async () => {
    const station = await makeStation(t.db, "620102");
    const issuer = await makeUser(t.db, "COMMANDER", "620102");
    const s = await makeSupervision(t.db, station.code, { replyDue: addDays(shanghaiToday(), -2), issuedById: issuer.id });
    const answered = await makeSupervision(t.db, station.code, { replyDue: addDays(shanghaiToday(), -2), status: "REPLIED", issuedById: issuer.id });
    await sweepOverdueSupervisions(t.db);
    const mine = (await messages(issuer.id)).filter((m) => m.kind === "SUPERVISION_OVERDUE");
    expect(mine.map((m) => m.dedupKey)).toEqual([`supervision-overdue-${s.id}`]);
    expect(mine[0].title).toMatch(/逾期 2 天/);
    expect((await messages(cityCommander.id)).filter((m) => m.dedupKey === `supervision-overdue-${s.id}`)).toHaveLength(1);
    expect((await messages(cityCommander.id)).filter((m) => m.dedupKey === `supervision-overdue-${answered.id}`)).toHaveLength(0);
    // once per recipient and 督办单, however often the sweep runs
    await sweepOverdueSupervisions(t.db);
    expect((await messages(issuer.id)).filter((m) => m.kind === "SUPERVISION_OVERDUE")).toHaveLength(1);
  });
});

describe("在办 / 逾期督办 as of the period end, from the step history", () => {
  const NOW = new Date("2026-12-05T04:00:00Z");
  const at = (s: string) => new Date(s);
  let station: Awaited<ReturnType<typeof makeStation>>;

  beforeAll(async () => {
    station = await makeStation(t.db, "620102");
    const unit = station;
    const parent = await unitByCode(t.db, "620102");
    const mk = async (created: string, due: string, steps: [string, "REPLY" | "ACCEPT" | "RETURN" | "CANCEL", string, string][], status: "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED") =>
      t.db.supervision.create({
        data: {
          code: `DB-${unit.code}-2026-${String(Math.floor(Math.random() * 900_000) + 100_000)}`,
          level: "SUPERVISE",
          status,
          targetKind: "UNIT",
          unitId: unit.id,
          unitPath: unit.path,
          issuerUnitId: parent.id,
          issuerPath: parent.path,
          subject: "期末状态测试",
          reason: "期末状态测试",
          replyDue: new Date(`${due}T00:00:00Z`),
          createdAt: at(created),
          steps: {
            create: [
              { action: "ISSUE", unitId: parent.id, toStatus: "OPEN", at: at(created) },
              ...steps.map(([when, action, from, to]) => ({ action, unitId: action === "REPLY" ? unit.id : parent.id, fromStatus: from as never, toStatus: to as never, at: at(when) })),
            ],
          },
        },
      });
    // A: issued in October, due 10-20, answered 11-10, accepted 11-12 → open and overdue at the end of October
    await mk("2026-10-05T02:00:00Z", "2026-10-20", [["2026-11-10T02:00:00Z", "REPLY", "OPEN", "REPLIED"], ["2026-11-12T02:00:00Z", "ACCEPT", "REPLIED", "ACCEPTED"]], "ACCEPTED");
    // B: issued in October, due 11-30, never answered → open in October, open and overdue at the end of November? (11-30 has not ended on 12-01 00:00 Beijing: it has) → overdue in November
    await mk("2026-10-10T02:00:00Z", "2026-11-30", [], "OPEN");
    // C: answered in time (10-15, due 10-25), returned 10-28 → awaiting a reply again, overdue at the end of October
    await mk("2026-10-12T02:00:00Z", "2026-10-25", [["2026-10-15T02:00:00Z", "REPLY", "OPEN", "REPLIED"], ["2026-10-28T02:00:00Z", "RETURN", "REPLIED", "RETURNED"]], "RETURNED");
    // D: answered late (11-02, due 10-30), still waiting for acceptance → overdue in October, open but not overdue in November
    await mk("2026-10-20T02:00:00Z", "2026-10-30", [["2026-11-02T02:00:00Z", "REPLY", "OPEN", "REPLIED"]], "REPLIED");
    // E: cancelled 10-25 → nothing after
    await mk("2026-10-21T02:00:00Z", "2026-10-22", [["2026-10-25T02:00:00Z", "CANCEL", "OPEN", "CANCELLED"]], "CANCELLED");
    // F: issued 2026-10-31 23:30 Beijing (15:30 UTC), due 10-31: counted in October (before the end), overdue only after 10-31 ends
    await mk("2026-10-31T15:30:00Z", "2026-10-31", [], "OPEN");
  });

  it("the engine (cockpit, report, export) equals the raw SQL oracle and the worked-out figures", async () => {
    const open = KPI_MAP.get("supervision.open")!;
    const overdue = KPI_MAP.get("supervision.overdue")!;
    const oracles = kpiOracles(t.db, NOW);
    const scope = kpiScopeFor({ path: station.path, code: station.code });
    const expected: Record<string, [number, number]> = {
      "2026-09": [0, 0],
      // A, B, C, D, F open (E cancelled); overdue: A (due 10-20), C (returned, due 10-25), D (due 10-30), F (due 10-31, ended at 11-01 00:00)
      "2026-10": [5, 4],
      // B, C, D, F open; overdue: B (due 11-30), C (returned), F — D has answered
      "2026-11": [4, 3],
    };
    for (const [key, [o, d]] of Object.entries(expected)) {
      const p = parsePeriod(key, NOW)!;
      expect(await kpiValue(t.db, open, scope, p, NOW), `open ${key}`).toBe(o);
      expect(await kpiValue(t.db, overdue, scope, p, NOW), `overdue ${key}`).toBe(d);
      expect(await oracles["supervision.open"](station.path, p)).toBe(o);
      expect(await oracles["supervision.overdue"](station.path, p)).toBe(d);
    }
  });

  it("the assessment deducts the configured points per overdue 督办 of the county's subtree, within the cap", async () => {
    const p = parsePeriod("2026-Q4", NOW)!;
    const county = "620102";
    const countyPath = "/62/6201/620102/";
    const overdueAtEnd = async () =>
      Number(
        (
          await t.db.$queryRawUnsafe<{ v: bigint }[]>(
            `SELECT count(*) AS v FROM supervisions x WHERE x.unit_path LIKE $1 AND x.created_at < $2::timestamptz AND x.reply_due < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
               AND (SELECT st.to_status::text FROM supervision_steps st WHERE st.supervision_id = x.id AND st.at < $2::timestamptz ORDER BY st.at DESC, st.id DESC LIMIT 1) IN ('OPEN', 'RETURNED')`,
            `${countyPath}%`,
            asOf(p, NOW).toISOString(),
          )
        )[0].v,
      );
    const n = await overdueAtEnd();
    expect(n).toBeGreaterThanOrEqual(3);
    // the default scheme: 0.5 points each
    let score = (await scorePeers(t.db, "COUNTY", p, NOW)).scores.find((s) => s.code === county)!;
    expect(score.overdueSupervisions).toBe(n);
    expect(score.supervisionDeduct).toBeCloseTo(n * DEFAULT_SCHEME.overdueSupervisionPoints, 6);
    expect(score.deduct).toBeCloseTo(Math.min(n * 0.5, DEFAULT_SCHEME.maxDeduct), 6);
    expect(score.total).toBeCloseTo(score.base + score.add - score.deduct, 6);
    // configured: 4 points each, capped at maxDeduct (10)
    await t.db.assessmentScheme.create({ data: { code: `test-${Date.now()}`, name: "测试方案", active: true, tree: { ...DEFAULT_SCHEME, overdueSupervisionPoints: 4 } as never } });
    score = (await scorePeers(t.db, "COUNTY", p, NOW)).scores.find((s) => s.code === county)!;
    expect(score.supervisionDeduct).toBeCloseTo(n * 4, 6);
    expect(score.deduct).toBe(10);
    // a county without overdue 督办 loses nothing
    const other = (await scorePeers(t.db, "COUNTY", p, NOW)).scores.find((s) => s.code === "620502")!;
    expect([other.overdueSupervisions, other.supervisionDeduct, other.deduct]).toEqual([0, 0, 0]);
  }, 120_000);
});
