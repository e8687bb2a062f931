// 情指行闭环 at a period's end when a loop is reopened later: a verification closed in October and reopened (and
// closed again) in December leaves October's 未闭环 / 逾期未闭环 counts as they were — in the KPIs (value and monthly
// series, whose open count the rollup keeps), in the loop counts the report lists, and in the independent SQL.
import { beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiSeries, kpiValue } from "@/lib/kpi/engine";
import { intelLoopCounts } from "@/lib/kpi/loops";
import { asOf, parsePeriod } from "@/lib/kpi/period";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { kpiOracles } from "./helpers/kpi-oracles";
import { LEDGER_SAMPLES } from "./helpers/work-factories";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();
const UNIT = "620121";
const OCT = parsePeriod("2025-10")!;
const NOV_2026 = parsePeriod("2026-11")!;

type Actor = Awaited<ReturnType<typeof makeUser>>;
let officer: Actor;

async function create(ledger: string, values: Record<string, unknown>) {
  const r = await executeAction(ledgerCreateAction, t.db, officer, null, { ledger, unitId: (await unitByCode(t.db, UNIT)).id, ...values });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: number; code: string } }).data;
}

async function setClosed(verificationId: number, intelCode: string, closedAt: string) {
  const v = await t.db.verification.findUniqueOrThrow({ where: { id: verificationId } });
  const r = await executeAction(ledgerUpdateAction, t.db, officer, null, { ledger: "verification", id: v.id, version: v.version, ...LEDGER_SAMPLES.verification, intelCodes: intelCode, closedAt });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
}

/** every way the platform counts the loops of the unit at the end of a period, and the independent SQL */
async function figures(p: NonNullable<ReturnType<typeof parsePeriod>>) {
  const unit = await unitByCode(t.db, UNIT);
  const scope = kpiScopeFor({ path: unit.path, code: UNIT });
  const city = kpiScopeFor({ path: "/62/6201/", code: "6201" });
  const o = kpiOracles(t.db, new Date());
  const [open, overdue] = [KPI_MAP.get("loops.open")!, KPI_MAP.get("loops.overdue")!];
  const month = p.months[p.months.length - 1];
  const counts = await intelLoopCounts(t.db, scopeFor(unit.path), asOf(p));
  return {
    open: await kpiValue(t.db, open, scope, p),
    overdue: await kpiValue(t.db, overdue, scope, p),
    cityOpen: await kpiValue(t.db, open, city, p),
    seriesOpen: (await kpiSeries(t.db, open, scope, [month]))[0].value,
    seriesOverdue: (await kpiSeries(t.db, overdue, scope, [month]))[0].value,
    listedOpen: counts.open,
    listedOverdue: counts.overdue,
    oracleOpen: await o["loops.open"](unit.path, p),
    oracleOverdue: await o["loops.overdue"](unit.path, p),
  };
}

const all = (open: number, overdue: number) => ({ open, overdue, cityOpen: open, seriesOpen: open, seriesOverdue: overdue, listedOpen: open, listedOverdue: overdue, oracleOpen: open, oracleOverdue: overdue });

describe("a loop reopened later (intel_loop_history)", () => {
  let a: { id: number; code: string };
  let va: { id: number; code: string };

  beforeAll(async () => {
    officer = await makeUser(t.db, "OFFICER", UNIT);
    // A: received 3 October, its verification closed 10 October; B: received 5 October, never closed (overdue by
    // the end of October: grade 3 loops are due in 15 days)
    a = await create("intel", { ...LEDGER_SAMPLES.intel, receivedAt: "2025-10-03 08:00", reportedAt: "2025-10-03 09:00" });
    await create("intel", { ...LEDGER_SAMPLES.intel, receivedAt: "2025-10-05 08:00", reportedAt: "2025-10-05 09:00" });
    va = await create("verification", { ...LEDGER_SAMPLES.verification, startedOn: "2025-10-04", intelCodes: a.code, closedAt: "2025-10-10 17:00" });
  });

  it("a closed period's open and overdue loops stay the same after a later reopening and a second closure", async () => {
    expect((await t.db.intelItem.findUniqueOrThrow({ where: { id: a.id } })).loopClosedAt?.toISOString()).toBe("2025-10-10T09:00:00.000Z");
    const october = await figures(OCT);
    expect(october).toEqual(all(1, 1));

    // reopened now: open today, October unchanged, the closure it had is kept with the moment it was undone
    await setClosed(va.id, a.code, "");
    expect((await t.db.intelItem.findUniqueOrThrow({ where: { id: a.id } })).loopClosedAt).toBeNull();
    expect(await t.db.intelLoopHistory.findMany({ where: { intelId: a.id }, select: { closedAt: true } })).toEqual([{ closedAt: new Date("2025-10-10T09:00:00Z") }]);
    expect((await intelLoopCounts(t.db, scopeFor((await unitByCode(t.db, UNIT)).path))).open).toBe(2);
    expect(await figures(OCT)).toEqual(october);

    // closed again (dated 20 November 2026): October still as it was; November 2026 counts A once as closed (the
    // closure in force and the undone one overlap there — no double subtraction)
    await setClosed(va.id, a.code, "2026-11-20 10:00");
    expect(await figures(OCT)).toEqual(october);
    expect(await figures(NOV_2026)).toEqual(all(1, 1));
  });
});
