import { describe, expect, it } from "vitest";
import { LEDGERS, scoreDispute } from "@/lib/ledgers/configs";
import { runSeed } from "@/lib/seed";
import { SETTINGS, getSetting } from "@/lib/settings";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

const TABLES = {
  problems: { table: "problem_items", date: "found_on", timestamp: false },
  mechanisms: { table: "mechanisms", date: "issued_on", timestamp: false },
  stability: { table: "stability_events", date: "occurred_at", timestamp: true },
  intel: { table: "intel_items", date: "received_at", timestamp: true },
  analysis: { table: "analysis_sessions", date: "held_on", timestamp: false },
  verification: { table: "verifications", date: "started_on", timestamp: false },
  disputes: { table: "disputes", date: "found_on", timestamp: false },
} as const;

const num = (v: unknown) => Number(v);

async function q<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return t.db.$queryRawUnsafe<T[]>(sql);
}

async function tableCounts() {
  const tables = ["task_assignments", "milestones", "progress_updates", "attachments", "review_records", "code_counters", "analysis_intel", "verification_intel", ...Object.values(TABLES).map((x) => x.table)];
  const out: Record<string, number> = {};
  for (const name of tables) out[name] = num((await q<{ n: bigint }>(`SELECT count(*) AS n FROM ${name}`))[0].n);
  return out;
}

describe("demo work seed", () => {
  it("fills plan execution and the seven ledgers for every county, consistently, once", async () => {
    const started = performance.now();
    const report = await runSeed(t.db, { demo: true });
    const firstMs = performance.now() - started;
    const counts = await tableCounts();
    console.log(`demo seed: first run ${(firstMs / 1000).toFixed(1)} s`, report, counts);
    expect(report.demoWork?.assignments).toBeGreaterThan(9000);
    expect(report.demoWork?.ledgerRows).toBeGreaterThan(20_000);

    // every county-level unit (86 + 兰州新区) has all 90 tasks and rows in every ledger
    const perCounty = await q<{ code: string; n: bigint }>(
      `SELECT u.code, count(DISTINCT a.task_id) AS n FROM units u LEFT JOIN task_assignments a ON a.unit_id = u.id WHERE u.level = 'COUNTY' GROUP BY u.code`,
    );
    expect(perCounty).toHaveLength(87);
    expect(perCounty.filter((r) => num(r.n) !== 90)).toEqual([]);
    const perCity = await q<{ n: bigint }>(`SELECT count(DISTINCT a.task_id) AS n FROM units u JOIN task_assignments a ON a.unit_id = u.id WHERE u.level = 'CITY' GROUP BY u.id`);
    expect(perCity.map((r) => num(r.n))).toEqual(Array(14).fill(90));
    for (const { table } of Object.values(TABLES)) {
      const [r] = await q<{ n: bigint }>(`SELECT count(DISTINCT x.unit_id) AS n FROM ${table} x JOIN units u ON u.id = x.unit_id WHERE u.level = 'COUNTY'`);
      expect(num(r.n), table).toBe(87);
      const [p] = await q<{ n: bigint }>(`SELECT count(*) AS n FROM ${table} x JOIN units u ON u.id = x.unit_id WHERE x.unit_path <> u.path OR x.import_key IS NOT NULL`);
      expect(num(p.n), table).toBe(0);
    }

    // status distribution, consistency of each status, and some cities clearly better than others
    const statuses = Object.fromEntries(
      (await q<{ status: string; n: bigint }>(`SELECT status::text, count(*) AS n FROM task_assignments GROUP BY status`)).map((r) => [r.status, num(r.n)]),
    );
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const share = (s: string) => (statuses[s] ?? 0) / total;
    console.log("status shares", Object.fromEntries(Object.keys(statuses).map((s) => [s, share(s).toFixed(3)])));
    expect(share("CLOSED")).toBeGreaterThan(0.75);
    expect(share("CLOSED")).toBeLessThan(0.88);
    expect(share("IN_PROGRESS")).toBeGreaterThan(0.05);
    expect(share("IN_PROGRESS")).toBeLessThan(0.12);
    expect(share("RETURNED")).toBeGreaterThan(0.02);
    expect(share("RETURNED")).toBeLessThan(0.07);
    expect(share("PENDING_REVIEW")).toBeGreaterThan(0.015);
    expect(share("PENDING_REVIEW")).toBeLessThan(0.05);
    expect(share("NOT_STARTED")).toBeGreaterThan(0.003);
    expect(share("NOT_STARTED")).toBeLessThan(0.04);
    const [bad] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM task_assignments WHERE
        (status IN ('CLOSED', 'PENDING_REVIEW') AND progress <> 100)
        OR (status = 'NOT_STARTED' AND progress <> 0)
        OR (status = 'IN_PROGRESS' AND progress NOT BETWEEN 1 AND 99)
        OR ((status = 'CLOSED') <> (closed_at IS NOT NULL))
        OR ((status = 'PENDING_REVIEW') <> (review_unit_id IS NOT NULL))
        OR (status = 'RETURNED' AND last_reason IS NULL)
        OR (status IN ('CLOSED', 'PENDING_REVIEW', 'RETURNED') AND submitted_at IS NULL)
        OR closed_at > now() OR submitted_at > now() OR created_at > now()`);
    expect(num(bad.n)).toBe(0);
    const cityClosed = await q<{ rate: number }>(`
      SELECT avg((a.status = 'CLOSED')::int)::float8 AS rate FROM task_assignments a JOIN units u ON u.id = a.unit_id
      WHERE u.level IN ('COUNTY', 'STATION') GROUP BY split_part(u.path, '/', 3)`);
    const rates = cityClosed.map((r) => r.rate);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.1);

    // the review history ends in the assignment's status; locked or returned work was submitted
    const [history] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM task_assignments a
      LEFT JOIN LATERAL (SELECT r.to_status, r.decision FROM review_records r WHERE r.assignment_id = a.id ORDER BY r.at DESC, r.id DESC LIMIT 1) l ON true
      WHERE (a.status IN ('CLOSED', 'PENDING_REVIEW', 'RETURNED') AND (l.to_status IS NULL OR l.to_status <> a.status))
         OR (a.status IN ('NOT_STARTED', 'IN_PROGRESS') AND l.to_status IS NOT NULL)
         OR (a.status = 'CLOSED' AND l.decision <> 'CLOSE')`);
    expect(num(history.n)).toBe(0);
    const [updates] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM task_assignments a WHERE
        (a.status = 'NOT_STARTED') <> ((SELECT count(*) FROM progress_updates p WHERE p.assignment_id = a.id) = 0)
        OR (a.status <> 'NOT_STARTED' AND (SELECT count(*) FROM progress_updates p WHERE p.assignment_id = a.id) NOT BETWEEN 2 AND 6)
        OR (a.status <> 'NOT_STARTED' AND a.progress <> (SELECT p.percent FROM progress_updates p WHERE p.assignment_id = a.id ORDER BY p.created_at DESC, p.id DESC LIMIT 1))`);
    expect(num(updates.n)).toBe(0);
    const [updateTimes] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM (
        SELECT created_at, unit_path, percent < lag(percent) OVER (PARTITION BY assignment_id ORDER BY created_at, id) AS falling FROM progress_updates
      ) p WHERE p.falling OR p.created_at < '2023-04-01 00:00+08' OR p.created_at > now()`);
    expect(num(updateTimes.n)).toBe(0);
    const [milestones] = await q<{ n: bigint }>(`SELECT count(*) AS n FROM task_assignments a WHERE (SELECT count(*) FROM milestones m WHERE m.assignment_id = a.id) <> 4
      OR EXISTS (SELECT 1 FROM milestones m WHERE m.assignment_id = a.id AND (m.done_at > now() OR m.due_date > a.deadline))`);
    expect(num(milestones.n)).toBe(0);

    // 交办 tree: every county / station assignment was passed down by its city from the city's assignment
    const [orphans] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM task_assignments a JOIN units u ON u.id = a.unit_id
      LEFT JOIN task_assignments p ON p.id = a.parent_id
      WHERE u.level IN ('COUNTY', 'STATION') AND (p.id IS NULL OR p.unit_id <> u.parent_id OR a.assigned_by_id <> u.parent_id OR p.task_id <> a.task_id)`);
    expect(num(orphans.n)).toBe(0);

    // the demo accounts find work
    const lanzhou = await t.db.unit.findUniqueOrThrow({ where: { code: "6201" } });
    const pending = await t.db.taskAssignment.findMany({ where: { status: "PENDING_REVIEW", unit: { parentId: lanzhou.id, level: "COUNTY" } }, select: { reviewUnitId: true } });
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(pending.every((p) => p.reviewUnitId === lanzhou.id)).toBe(true);
    for (const code of ["620102", "620502"]) expect(await t.db.taskAssignment.count({ where: { unit: { code }, status: "IN_PROGRESS" } }), code).toBeGreaterThanOrEqual(3);
    const [wrongReviewer] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM task_assignments a WHERE a.status = 'PENDING_REVIEW' AND a.review_unit_id <> a.assigned_by_id`);
    expect(num(wrongReviewer.n)).toBe(0);

    // evidence files: valid size and checksum
    const [files] = await q<{ n: bigint; bad: bigint }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE size <> length(data) OR sha256 <> encode(sha256(data), 'hex') OR progress_update_id IS NULL) AS bad FROM attachments`,
    );
    expect(num(files.n)).toBeGreaterThanOrEqual(150);
    expect(num(files.n)).toBeLessThanOrEqual(250);
    expect(num(files.bad)).toBe(0);

    // codes: prefix, unit and year of the record's main date (Beijing); counters never behind the codes used
    for (const [key, { table, date, timestamp }] of Object.entries(TABLES)) {
      const prefix = LEDGERS[key as keyof typeof LEDGERS].codePrefix;
      const year = timestamp ? `extract(year FROM x.${date} AT TIME ZONE 'Asia/Shanghai')` : `extract(year FROM x.${date})`;
      const [wrong] = await q<{ n: bigint }>(
        `SELECT count(*) AS n FROM ${table} x JOIN units u ON u.id = x.unit_id WHERE x.code <> '${prefix}-' || u.code || '-' || ${year}::int || '-' || lpad(substring(x.code FROM '(\\d+)$'), 4, '0') OR x.code !~ '-\\d{4}$'`,
      );
      expect(num(wrong.n), `${table} codes`).toBe(0);
      const [behind] = await q<{ n: bigint }>(`
        SELECT count(*) AS n FROM (
          SELECT substring(code FROM '^(.*)-\\d+$') AS k, max(substring(code FROM '(\\d+)$')::int) AS m FROM ${table} GROUP BY 1
        ) used LEFT JOIN code_counters c ON c.key = used.k WHERE c.value IS NULL OR c.value < used.m`);
      expect(num(behind.n), `${table} counters`).toBe(0);
    }

    // intelligence: deadlines from the grade, loops closed exactly by the linked verifications
    const d = SETTINGS["intel.deadlines"].default;
    const [deadlines] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM intel_items WHERE
        report_due_at <> received_at + make_interval(hours => (ARRAY[${d.reportHours.join(",")}])[grade])
        OR loop_due_at <> received_at + make_interval(days => (ARRAY[${d.loopDays.join(",")}])[grade])
        OR reported_at < received_at OR received_at > now()`);
    expect(num(deadlines.n)).toBe(0);
    const [loops] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM intel_items i
      WHERE i.loop_closed_at IS DISTINCT FROM (SELECT max(v.closed_at) FROM verification_intel vi JOIN verifications v ON v.id = vi.verification_id WHERE vi.intel_id = i.id)`);
    expect(num(loops.n)).toBe(0);
    const [intel] = await q<Record<string, bigint>>(`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE loop_closed_at IS NULL) AS open,
             count(*) FILTER (WHERE loop_closed_at IS NULL AND loop_due_at < now()) AS overdue,
             count(*) FILTER (WHERE reported_at IS NULL AND report_due_at < now()) AS unreported,
             count(*) FILTER (WHERE reported_at > report_due_at) AS late,
             count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM verification_intel vi WHERE vi.intel_id = intel_items.id)) AS unverified
      FROM intel_items`);
    console.log("intel", intel);
    expect(num(intel.open)).toBeGreaterThan(0);
    expect(num(intel.overdue)).toBeGreaterThan(0);
    expect(num(intel.overdue)).toBeLessThan(num(intel.total) * 0.08);
    expect(num(intel.unreported)).toBeGreaterThan(0);
    expect(num(intel.late) / num(intel.total)).toBeGreaterThan(0.03);
    expect(num(intel.unverified) / num(intel.total)).toBeLessThan(0.1);
    const [links] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM analysis_sessions a WHERE
        (SELECT count(*) FROM analysis_intel ai WHERE ai.analysis_id = a.id) NOT BETWEEN 1 AND 4
        OR EXISTS (SELECT 1 FROM analysis_intel ai JOIN intel_items i ON i.id = ai.intel_id WHERE ai.analysis_id = a.id AND i.unit_id <> a.unit_id)`);
    expect(num(links.n)).toBe(0);
    const [vlinks] = await q<{ n: bigint }>(`
      SELECT count(*) AS n FROM verifications v WHERE
        (SELECT count(*) FROM verification_intel vi WHERE vi.verification_id = v.id) NOT BETWEEN 1 AND 3
        OR EXISTS (SELECT 1 FROM verification_intel vi JOIN intel_items i ON i.id = vi.intel_id WHERE vi.verification_id = v.id AND i.unit_id <> v.unit_id)
        OR (v.closed_at IS NOT NULL AND v.result IS NULL)`);
    expect(num(vlinks.n)).toBe(0);
    const [closedShare] = await q<{ r: number }>(`SELECT avg((closed_at IS NOT NULL)::int)::float8 AS r FROM verifications`);
    console.log("verifications closed", closedShare.r.toFixed(3));
    expect(closedShare.r).toBeGreaterThan(0.9);
    expect(closedShare.r).toBeLessThan(0.985);

    // disputes: ~98.4 % of mediations succeed, a few flagged by the early warning (scores as the configured rules say)
    const [m] = await q<{ mediated: bigint; ok: bigint; flagged: bigint; total: bigint }>(`
      SELECT count(*) FILTER (WHERE mediated) AS mediated, count(*) FILTER (WHERE mediation_succeeded) AS ok,
             count(*) FILTER (WHERE warning_flagged) AS flagged, count(*) AS total FROM disputes`);
    const rate = num(m.ok) / num(m.mediated);
    console.log("disputes", m, "success rate", rate.toFixed(4));
    expect(rate).toBeGreaterThan(0.975);
    expect(rate).toBeLessThan(0.99);
    expect(num(m.flagged)).toBeGreaterThan(0);
    expect(num(m.flagged) / num(m.total)).toBeGreaterThan(0.005);
    expect(num(m.flagged) / num(m.total)).toBeLessThan(0.03);
    const disputes = await t.db.dispute.findMany({
      select: { category: true, riskTier: true, repeatCalls: true, threats: true, weapons: true, domesticViolence: true, partyCount: true, warningScore: true, warningReasons: true, warningFlagged: true, mediated: true, mediationSucceeded: true, mediationBody: true, status: true, resolvedOn: true, foundOn: true },
    });
    const cfg = await getSetting(t.db, "dispute.warning");
    const mismatched = disputes.filter((x) => {
      const s = scoreDispute(x, cfg);
      return s.warningScore !== x.warningScore || s.warningReasons !== x.warningReasons || s.flagged !== x.warningFlagged;
    });
    expect(mismatched).toEqual([]);
    const inconsistent = disputes.filter(
      (x) => (x.mediationSucceeded && !x.mediated) || (x.mediated && !x.mediationBody) || ((x.status === "已化解") !== !!x.resolvedOn) || (x.resolvedOn && x.resolvedOn < x.foundOn),
    );
    expect(inconsistent).toEqual([]);
    const [problems] = await q<{ overdue: bigint; open: bigint; bad: bigint }>(`
      SELECT count(*) FILTER (WHERE stage <> '销号' AND deadline < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue,
             count(*) FILTER (WHERE stage <> '销号') AS open,
             count(*) FILTER (WHERE (stage = '销号') <> (closed_on IS NOT NULL) OR deadline < found_on) AS bad FROM problem_items`);
    expect(num(problems.overdue)).toBeGreaterThan(0);
    expect(num(problems.bad)).toBe(0);
    const [future] = await q<{ n: bigint }>(`
      SELECT (SELECT count(*) FROM disputes WHERE found_on > (now() AT TIME ZONE 'Asia/Shanghai')::date OR resolved_on > (now() AT TIME ZONE 'Asia/Shanghai')::date)
           + (SELECT count(*) FROM problem_items WHERE found_on > (now() AT TIME ZONE 'Asia/Shanghai')::date OR closed_on > (now() AT TIME ZONE 'Asia/Shanghai')::date)
           + (SELECT count(*) FROM verifications WHERE closed_at > now())
           + (SELECT count(*) FROM stability_events WHERE occurred_at > now()) AS n`);
    expect(num(future.n)).toBe(0);
    const [range] = await q<{ first: Date }>(`SELECT min(found_on) AS first FROM disputes`);
    expect(range.first.toISOString().slice(0, 7)).toBe("2023-01");

    // a second run adds nothing and is quick
    const again = performance.now();
    const second = await runSeed(t.db, { demo: true });
    const secondMs = performance.now() - again;
    console.log(`demo seed: second run ${secondMs.toFixed(0)} ms`, second);
    expect(second).toEqual({
      units: 0,
      plan: false,
      demoAccounts: 0,
      demoWork: { assignments: 0, ledgerRows: 0 },
      demoEnterprises: { enterprises: 0, visits: 0, demands: 0, cases: 0 },
      demoStats: 0,
      demoPopulation: 0,
    });
    expect(await tableCounts()).toEqual(counts);
  }, 300_000);
});
