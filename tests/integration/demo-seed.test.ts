// What the demo data must give the product, asserted through the product: every county has open work to do today,
// every demo account signs in and finds its work, every KPI has a figure for the province, every record code is
// well-formed and unique (and the next record continues the numbering), the derived fields agree with the product's
// rules, and a second seed adds nothing. The generator's tuning (how many, which shares) is not asserted here.
import { beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { recordsIn, userScope } from "@/lib/auth/scope";
import { CockpitData } from "@/lib/cockpit/data";
import { KPIS } from "@/lib/kpi/definitions";
import { kpiAvailable, kpiByChildren, kpiValue } from "@/lib/kpi/engine";
import { parsePeriod } from "@/lib/kpi/period";
import { LEDGERS, LEDGER_KEYS, scoreDispute } from "@/lib/ledgers/configs";
import { listLedger, parseLedgerParams } from "@/lib/ledgers/queries";
import { runSeed } from "@/lib/seed";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/seed/demo";
import { getSetting } from "@/lib/settings";
import { addDays, shanghaiToday, shanghaiYearMonth } from "@/lib/time";
import { listAssignments, parseTaskParams, reviewQueue } from "@/lib/tasks/queries";
import { setupTestDatabase } from "./helpers/db";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();
const num = (v: unknown) => Number(v);
const q = <T = Record<string, unknown>>(sql: string) => t.db.$queryRawUnsafe<T[]>(sql);

let first: Awaited<ReturnType<typeof runSeed>>;
beforeAll(async () => {
  first = await runSeed(t.db, { demo: true });
}, 300_000);

describe("the demo data, as the product uses it", () => {
  it("gives every active county-level unit open work today: unfinished tasks in its list and unresolved disputes", async () => {
    const counties = await t.db.unit.findMany({ where: { level: "COUNTY", active: true }, select: { code: true, path: true } });
    expect(counties.length).toBeGreaterThan(80);
    const lacking: string[] = [];
    for (const c of counties) {
      const scope = scopeFor(c.path);
      const all = await listAssignments(t.db, scope, parseTaskParams({}));
      const closed = await listAssignments(t.db, scope, parseTaskParams({ status: "CLOSED" }));
      const disputes = await listLedger(t.db, LEDGERS.disputes, scope, parseLedgerParams(LEDGERS.disputes, { preset: "unresolved" }));
      const open = all.total - closed.total;
      if (!open || !disputes.total) lacking.push(`${c.code}: 未销号任务 ${open}，未化解纠纷 ${disputes.total}`);
    }
    expect(lacking).toEqual([]);
  });

  it("lets every demo account sign in without a second factor, and each business account finds its work", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const user = await authenticate(t.db, { username: a.username, password: DEMO_PASSWORD }, null);
      expect(user?.username, a.username).toBe(a.username);
      const row = await t.db.user.findUniqueOrThrow({ where: { username: a.username }, include: { unit: true } });
      expect(row.unit.code, a.username).toBe(a.unitCode);
      expect(row.mustChangePassword, a.username).toBe(false);
    }
    const viewer = async (username: string) => {
      const u = await t.db.user.findUniqueOrThrow({ where: { username }, include: { unit: true } });
      return { unitId: u.unitId, unitPath: u.unit.path };
    };
    // the 兰州 reviewer has submitted work waiting; the officers have work in progress
    expect((await reviewQueue(await viewer("lanzhou_shenhe"))).length).toBeGreaterThan(0);
    for (const officer of ["chengguan_minjing", "qinzhou_minjing"]) {
      const v = await viewer(officer);
      const list = await listAssignments(t.db, userScope(v), parseTaskParams({ status: "IN_PROGRESS" }));
      expect(list.total, officer).toBeGreaterThan(0);
    }
  });

  it("puts the current plan's work on every business desk: overdue, due within 7 days, milestones, waiting at each review level, returned with a reason, closed, carried over", async () => {
    const now = new Date();
    const today = shanghaiToday(now);
    const in7 = addDays(today, 7);
    const current = await t.db.plan.findFirstOrThrow({ where: { active: true } });
    expect(current).toMatchObject({ startYear: shanghaiYearMonth(now).year, name: expect.stringContaining("主动创稳工作要点") });
    expect(await t.db.plan.findUniqueOrThrow({ where: { code: "GSGA-ZDCW-2023-2025" } })).toMatchObject({ active: false });
    const ofPlan = { task: { planId: current.id } };
    for (const code of ["620102", "620502"]) {
      const rows = await t.db.taskAssignment.findMany({ where: { ...ofPlan, unit: { code } }, include: { milestones: true } });
      const open = rows.filter((r) => r.status !== "CLOSED");
      expect(open.filter((r) => r.deadline < today).length, `${code} overdue`).toBeGreaterThan(0);
      expect(open.filter((r) => r.deadline >= today && r.deadline <= in7).length, `${code} due within 7 days`).toBeGreaterThan(0);
      expect(open.some((r) => r.milestones.some((m) => !m.doneAt && m.dueDate >= today && m.dueDate <= in7 && m.dueDate < r.deadline)), `${code} milestone`).toBe(true);
      expect(rows.filter((r) => r.status === "RETURNED" && r.lastReason).length, `${code} returned`).toBeGreaterThan(0);
      expect(rows.filter((r) => r.status === "PENDING_REVIEW").length, `${code} submitted`).toBeGreaterThan(0);
      expect(rows.filter((r) => r.status === "CLOSED").length, `${code} closed`).toBeGreaterThan(0);
    }
    // submissions wait at each level of the chain: 兰州 (the reviewer's unit) and the province
    for (const code of ["6201", "62"]) expect(await t.db.taskAssignment.count({ where: { ...ofPlan, status: "PENDING_REVIEW", reviewUnit: { code } } }), code).toBeGreaterThan(0);
    // every business account finds current work in its unit's list (the list opens on the current plan)
    for (const a of DEMO_ACCOUNTS.filter((x) => !["SYSADMIN", "SECADMIN", "AUDITOR"].includes(x.role))) {
      const u = await t.db.unit.findUniqueOrThrow({ where: { code: a.unitCode } });
      const list = await listAssignments(t.db, scopeFor(u.path), parseTaskParams({}), now);
      expect(list.total, a.username).toBeGreaterThan(0);
      const current = await t.db.taskAssignment.count({ where: { ...ofPlan, ...recordsIn(scopeFor(u.path)), status: { not: "CLOSED" }, deadline: { gte: addDays(today, -30), lte: addDays(today, 60) } } });
      expect(current, `${a.username}: open work due around today`).toBeGreaterThan(0);
    }
    // a few unfinished 2023—2025 assignments carried over, their history kept on the predecessor
    const carried = await t.db.taskAssignment.findMany({ where: { ...ofPlan, predecessorId: { not: null } }, include: { predecessor: { include: { task: { include: { plan: true } } } } } });
    expect(carried.length).toBeGreaterThan(0);
    for (const c of carried) {
      expect(c.predecessor).toMatchObject({ unitId: c.unitId, carriedOverAt: expect.any(Date), task: { plan: { code: "GSGA-ZDCW-2023-2025" } } });
      expect(c.predecessor!.status).not.toBe("CLOSED");
    }
  });

  it("gives every KPI a figure for the province (the assessment score: for each 市州)", async () => {
    expect(CockpitData).toBeTruthy(); // registers the assessment score with the KPI engine
    const now = new Date();
    const lastYear = parsePeriod(String(now.getUTCFullYear() - 1), now)!;
    const province = await t.db.unit.findUniqueOrThrow({ where: { code: "62" } });
    const cities = await t.db.unit.findMany({ where: { parentId: province.id, level: "CITY" }, select: { code: true } });
    const missing: string[] = [];
    for (const def of KPIS) {
      // a KPI published for one period only (an external statistic) is read in a period it exists for
      const p = kpiAvailable(def, lastYear) ? lastYear : (["2023-04", "2023", "2023-06"].map((k) => parsePeriod(k, now)!).find((x) => kpiAvailable(def, x)) ?? lastYear);
      if (def.custom === "assessment") {
        const byCity = await kpiByChildren(t.db, def, kpiScopeFor(province), cities.map((c) => c.code), p, now);
        if (cities.some((c) => byCity.get(c.code) == null)) missing.push(`${def.id} ${p.key}`);
        continue;
      }
      const v = await kpiValue(t.db, def, kpiScopeFor(province), p, now);
      if (v === null || !Number.isFinite(v)) missing.push(`${def.id} ${p.key}`);
    }
    expect(missing).toEqual([]);
  });

  it("writes every record code well-formed (PREFIX-unit-year-NNNN), unique, with the counters ahead of the codes used", async () => {
    for (const key of LEDGER_KEYS) {
      const c = LEDGERS[key];
      const dateField = c.fields.find((f) => f.key === c.dateField)!;
      const dateCol = `x.${c.dateField.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`;
      const year = dateField.type === "datetime" ? `extract(year FROM ${dateCol} AT TIME ZONE 'Asia/Shanghai')` : `extract(year FROM ${dateCol})`;
      const [wrong] = await q<{ n: bigint; total: bigint; codes: bigint }>(
        `SELECT count(*) FILTER (WHERE x.code <> '${c.codePrefix}-' || u.code || '-' || ${year}::int || '-' || substring(x.code FROM '\\d{4}$') OR x.code !~ '-\\d{4}$') AS n,
                count(*) AS total, count(DISTINCT x.code) AS codes
         FROM ${c.table} x JOIN units u ON u.id = x.unit_id`,
      );
      expect(num(wrong.total), `${key} rows`).toBeGreaterThan(0);
      expect(num(wrong.n), `${key} malformed codes`).toBe(0);
      expect(num(wrong.codes), `${key} duplicate codes`).toBe(num(wrong.total));
      const [behind] = await q<{ n: bigint }>(`
        SELECT count(*) AS n FROM (
          SELECT substring(code FROM '^(.*)-\\d+$') AS k, max(substring(code FROM '(\\d+)$')::int) AS m FROM ${c.table} GROUP BY 1
        ) used LEFT JOIN code_counters c ON c.key = used.k WHERE c.value IS NULL OR c.value < used.m`);
      expect(num(behind.n), `${key} counters`).toBe(0);
    }
  });

  it("keeps the derived fields as the product computes them: intelligence deadlines and loops, dispute warnings", async () => {
    const d = await getSetting(t.db, "intel.deadlines");
    const [deadlines] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM intel_items WHERE
        report_due_at <> received_at + make_interval(hours => (ARRAY[${d.reportHours.join(",")}])[grade])
        OR loop_due_at <> received_at + make_interval(days => (ARRAY[${d.loopDays.join(",")}])[grade])`);
    expect(num(deadlines.n)).toBe(0);
    // 情指行一体化: an item's loop is closed exactly when (and as late as) its last linked verification closed
    const [loops] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM intel_items i
      WHERE i.loop_closed_at IS DISTINCT FROM (SELECT max(v.closed_at) FROM verification_intel vi JOIN verifications v ON v.id = vi.verification_id WHERE vi.intel_id = i.id)`);
    expect(num(loops.n)).toBe(0);
    const disputes = await t.db.dispute.findMany({
      select: { category: true, riskTier: true, repeatCalls: true, threats: true, weapons: true, domesticViolence: true, partyCount: true, warningScore: true, warningReasons: true, warningFlagged: true, mediated: true, mediationSucceeded: true, mediationBody: true, status: true, resolvedOn: true, foundOn: true },
    });
    const cfg = await getSetting(t.db, "dispute.warning");
    const mismatched = disputes.filter((x) => {
      const s = scoreDispute(x, cfg);
      return s.warningScore !== x.warningScore || s.warningReasons !== x.warningReasons || s.flagged !== x.warningFlagged;
    });
    expect(mismatched).toEqual([]);
    // every row would pass the ledger's own checks on save
    for (const key of LEDGER_KEYS) {
      const c = LEDGERS[key];
      if (!c.check) continue;
      const rows = (await (t.db as unknown as Record<string, { findMany(a: unknown): Promise<Record<string, unknown>[]> }>)[c.model].findMany({ take: 2000 })) as Record<string, unknown>[];
      const refused = rows.map((r) => [r.code, c.check!(r)] as const).filter(([, problems]) => problems.length);
      expect(refused.slice(0, 3), key).toEqual([]);
    }
  });

  it("has current 督办 for the demo officer's county: open, answered awaiting the city, overdue, accepted", async () => {
    expect(first.demoSupervision).toBeGreaterThanOrEqual(5);
    const chengguan = await t.db.supervision.findMany({ where: { unitPath: "/62/6201/620102/" }, include: { steps: true } });
    const today = shanghaiToday();
    expect(chengguan.filter((s) => s.status === "OPEN" && s.replyDue >= today).length).toBeGreaterThanOrEqual(2);
    expect(chengguan.filter((s) => s.status === "REPLIED")).toHaveLength(1);
    expect(chengguan.filter((s) => s.status === "OPEN" && s.replyDue < today)).toHaveLength(1);
    expect(chengguan.filter((s) => s.status === "ACCEPTED")).toHaveLength(1);
    expect(new Set(chengguan.map((s) => s.targetKind))).toEqual(new Set(["TASK", "LEDGER", "UNIT"]));
    for (const s of chengguan) expect(s.steps[0]?.action).toBe("ISSUE");
    const officer = await t.db.user.findUniqueOrThrow({ where: { username: "chengguan_minjing" } });
    expect(await t.db.notification.count({ where: { userId: officer.id, kind: "SUPERVISION_RECEIVED" } })).toBe(chengguan.length);
  });

  it("adds nothing when seeded again", async () => {
    expect(first.demoAccounts).toBe(DEMO_ACCOUNTS.length);
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of ["users", "task_assignments", "progress_updates", "attachments", "review_records", "stat_values", "code_counters", "supervisions", "supervision_steps", "notifications", ...LEDGER_KEYS.map((k) => LEDGERS[k].table)]) {
        out[table] = num((await q<{ n: bigint }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
      }
      return out;
    };
    const before = await counts();
    const second = await runSeed(t.db, { demo: true });
    expect(second).toEqual({
      units: 0,
      plan: false,
      demoAccounts: 0,
      demoWork: { assignments: 0, ledgerRows: 0 },
      demoCurrentPlan: 0,
      demoEnterprises: { enterprises: 0, visits: 0, demands: 0, cases: 0 },
      demoStats: 0,
      demoPopulation: 0,
      demoSupervision: 0,
    });
    expect(await counts()).toEqual(before);
  }, 120_000);
});
