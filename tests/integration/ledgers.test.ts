// The ledger machinery: create/update for every ledger, the intelligence loop (情报 → 研判 → 核查处置, both ways),
// loop counts, links that leave the scope, the early warning, and stale edits.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { intelLoopCounts, intelLoopCountsByChild } from "@/lib/kpi/loops";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { LEDGERS, LEDGER_KEYS } from "@/lib/ledgers/configs";
import { listLedger, parseLedgerParams } from "@/lib/ledgers/queries";
import { delegate } from "@/lib/ledgers/write";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { LEDGER_SAMPLES, makeLedgerInput } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

async function create(actor: Awaited<ReturnType<typeof makeUser>>, ledger: string, unitCode: string, values: Record<string, unknown>) {
  const r = await executeAction(ledgerCreateAction, t.db, actor, "10.0.0.5", { ledger, unitId: (await unitByCode(t.db, unitCode)).id, ...values });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: number; code: string } }).data;
}

describe("every ledger", () => {
  it.each(LEDGER_KEYS)("%s: creates with a code PREFIX-unit-year-NNNN, audits, and lists in scope only", async (key) => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const values = await makeLedgerInput(t.db, key, "620102");
    const { id, code } = await create(officer, key, "620102", values);
    expect(code).toMatch(new RegExp(`^${LEDGERS[key].codePrefix}-620102-2025-\\d{4}$`));
    expect(await t.db.auditLog.count({ where: { action: "ledger.create", userId: officer.id, entityId: String(id) } })).toBe(1);
    const p = parseLedgerParams(LEDGERS[key], { q: code });
    expect((await listLedger(t.db, LEDGERS[key], scopeFor("/62/6201/"), p)).rows.map((r) => r.id)).toContain(id);
    expect((await listLedger(t.db, LEDGERS[key], scopeFor("/62/6205/"), p)).rows).toHaveLength(0);
  });

  it("bad input gets Chinese field errors and writes nothing", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const before = await snapshot(t.db);
    const r = await executeAction(ledgerCreateAction, t.db, officer, null, {
      ledger: "disputes",
      unitId: (await unitByCode(t.db, "620102")).id,
      ...LEDGER_SAMPLES.disputes,
      category: "打架",
      foundOn: "2025-02-30",
      mediationSucceeded: "是",
      partyCount: "-3",
    });
    expect(r.ok).toBe(false);
    const fe = !r.ok ? r.fieldErrors! : {};
    expect(fe.category).toMatch(/纠纷类型应为/);
    expect(fe.foundOn).toMatch(/日期/);
    expect(fe.partyCount).toMatch(/不能小于/);
    expect(await snapshot(t.db)).toEqual(before);
    const unknown = await executeAction(ledgerCreateAction, t.db, officer, null, { ledger: "nope", unitId: 1 });
    expect(!unknown.ok && unknown.fieldErrors?.ledger).toMatch(/台账类型无效/);
  });

  it("a stale edit gets 该记录已被他人修改 with the current values, and nothing is overwritten", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620102");
    const { id } = await create(officer, "problems", "620102", LEDGER_SAMPLES.problems);
    const base = { ledger: "problems", id, version: 1, ...LEDGER_SAMPLES.problems };
    const first = await executeAction(ledgerUpdateAction, t.db, officer, null, { ...base, title: "第一次修改" });
    expect(first.ok).toBe(true);
    const second = await executeAction(ledgerUpdateAction, t.db, officer, null, { ...base, title: "第二次修改" });
    expect(!second.ok && second.code).toBe("CONFLICT");
    expect(!second.ok && second.current?.["问题概述"]).toBe("第一次修改");
    expect((await t.db.problemItem.findUniqueOrThrow({ where: { id } })).title).toBe("第一次修改");
  });
});

describe("情指行闭环", () => {
  it("an intelligence item is an open loop until its disposal is closed; counts per unit follow", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620103");
    const scope = scopeFor((await unitByCode(t.db, "620103")).path);
    const before = await intelLoopCounts(t.db, scope);
    const intel = await create(officer, "intel", "620103", { ...LEDGER_SAMPLES.intel, receivedAt: "2025-03-05 08:00" });
    expect(await intelLoopCounts(t.db, scope)).toMatchObject({ items: before.items + 1, open: before.open + 1 });

    const analysis = await create(officer, "analysis", "620103", { ...LEDGER_SAMPLES.analysis, intelCodes: intel.code });
    const verification = await create(officer, "verification", "620103", { ...LEDGER_SAMPLES.verification, intelCodes: intel.code, analysisCode: analysis.code });
    expect((await intelLoopCounts(t.db, scope)).open).toBe(before.open + 1);

    // closing the disposal closes the loop (in the same transaction)
    const v = await t.db.verification.findUniqueOrThrow({ where: { id: verification.id } });
    const closed = await executeAction(ledgerUpdateAction, t.db, officer, null, {
      ledger: "verification",
      id: v.id,
      version: v.version,
      ...LEDGER_SAMPLES.verification,
      intelCodes: intel.code,
      analysisCode: analysis.code,
      closedAt: "2025-03-08 17:00",
    });
    expect(closed.ok).toBe(true);
    const item = await t.db.intelItem.findUniqueOrThrow({ where: { id: intel.id } });
    expect(item.loopClosedAt?.toISOString()).toBe("2025-03-08T09:00:00.000Z");
    expect(await intelLoopCounts(t.db, scope)).toMatchObject({ open: before.open });

    // both ways: the intelligence item lists its analysis and disposal
    const links = await t.db.analysisIntel.count({ where: { intelId: intel.id } });
    expect(links).toBe(1);
    const city = await intelLoopCountsByChild(t.db, scopeFor("/62/6201/"));
    expect(city.get("620103")?.items).toBeGreaterThanOrEqual(1);

    // re-opening the disposal re-opens the loop
    const v2 = await t.db.verification.findUniqueOrThrow({ where: { id: verification.id } });
    await executeAction(ledgerUpdateAction, t.db, officer, null, { ledger: "verification", id: v2.id, version: v2.version, ...LEDGER_SAMPLES.verification, intelCodes: intel.code, closedAt: "" });
    expect((await t.db.intelItem.findUniqueOrThrow({ where: { id: intel.id } })).loopClosedAt).toBeNull();
  });

  it("overdue loops: open after the grade's deadline", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620104");
    const scope = scopeFor((await unitByCode(t.db, "620104")).path);
    await create(officer, "intel", "620104", { ...LEDGER_SAMPLES.intel, grade: "1", receivedAt: "2025-01-01 08:00", reportedAt: "2025-01-01 08:30" });
    const item = await t.db.intelItem.findFirstOrThrow({ where: { unitPath: scope.path }, orderBy: { id: "desc" } });
    expect(item.reportDueAt.toISOString()).toBe("2025-01-01T01:00:00.000Z"); // 08:00 Beijing + 1 h
    expect(item.loopDueAt.toISOString()).toBe("2025-01-04T00:00:00.000Z"); // + 3 days
    expect((await intelLoopCounts(t.db, scope, new Date("2025-01-03T00:00:00Z"))).overdue).toBe(0);
    expect((await intelLoopCounts(t.db, scope, new Date("2025-01-05T00:00:00Z"))).overdue).toBe(1);
  });

  it("linking to an intelligence item of another county is refused as not found and writes nothing", async () => {
    const tianshui = await makeUser(t.db, "OFFICER", "620502");
    const lanzhou = await makeUser(t.db, "OFFICER", "620102");
    const theirs = await create(tianshui, "intel", "620502", LEDGER_SAMPLES.intel);
    const before = await snapshot(t.db);
    const r = await executeAction(ledgerCreateAction, t.db, lanzhou, null, { ledger: "analysis", unitId: (await unitByCode(t.db, "620102")).id, ...LEDGER_SAMPLES.analysis, intelCodes: theirs.code });
    expect(!r.ok && r.code).toBe("NOT_FOUND");
    expect(!r.ok && r.fieldErrors?.intelCodes).toMatch(/不存在或不在您的管辖范围内/);
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe("命案风险预警", () => {
  it("scores a dispute by the configured rules and flags it above the threshold", async () => {
    const officer = await makeUser(t.db, "OFFICER", "620105");
    const calm = await create(officer, "disputes", "620105", LEDGER_SAMPLES.disputes);
    const risky = await create(officer, "disputes", "620105", { ...LEDGER_SAMPLES.disputes, category: "婚恋纠葛", threats: "是", weapons: "是", repeatCalls: "4" });
    const [a, b] = await Promise.all([t.db.dispute.findUniqueOrThrow({ where: { id: calm.id } }), t.db.dispute.findUniqueOrThrow({ where: { id: risky.id } })]);
    expect(a).toMatchObject({ warningScore: 0, warningFlagged: false });
    expect(b.warningScore).toBe(10 + 30 + 40 + 25);
    expect(b.warningFlagged).toBe(true);
    expect(b.warningReasons).toMatch(/凶器/);
    const flagged = await listLedger(t.db, LEDGERS.disputes, scopeFor((await unitByCode(t.db, "620105")).path), parseLedgerParams(LEDGERS.disputes, { preset: "warning" }));
    expect(flagged.rows.map((r) => r.id)).toEqual([risky.id]);
    const d = delegate(t.db, LEDGERS.disputes);
    expect(await d.findUnique({ where: { id: risky.id } })).toBeTruthy();
  });
});
