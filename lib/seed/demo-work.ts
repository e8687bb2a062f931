// Demo work data (only with the demo accounts): plan execution for every unit and the seven work ledgers (the four
// enterprise ledgers: demo-enterprises.ts) for every county-level unit, from 2023-01 to today, so that every screen
// shows plausible records. Deterministic (seeded PRNG; only "today" moves), written in bulk inside one transaction,
// and done once: when any task assignment exists, nothing happens.
import fs from "node:fs";
import path from "node:path";
import type { Db, Tx } from "@/lib/db/client";
import { importPlan } from "@/lib/plan/import-plan";
import { getSetting } from "@/lib/settings";
import { shanghaiToday, shanghaiYearMonth } from "@/lib/time";
import { DEMO_ACCOUNTS } from "./demo";
import { type AssignmentData, generateAssignments } from "./demo-work/assignments";
import { generateCurrentWork } from "./demo-work/current-plan";
import type { DemoContext, UnitInfo } from "./demo-work/context";
import { Coder, generateLedgers } from "./demo-work/ledgers";
import { Rng } from "./demo-work/random";

export interface DemoWorkReport {
  assignments: number;
  ledgerRows: number;
}

const SEED = 20230101;
/** the built-in 2023—2025 plan's code (lib/seed/data/plan-2023-2025.json) */
const DEFAULT_PLAN_CODE = "GSGA-ZDCW-2023-2025";
const CHUNK = 1000;
const LOCK_KEY = 62_2023_11; // pg_advisory_xact_lock: one demo seeding at a time

const hasAssignments = async (db: Db | Tx) => (await db.$queryRaw<{ e: boolean }[]>`SELECT EXISTS (SELECT 1 FROM task_assignments) AS e`)[0].e;

export async function seedDemoWork(db: Db): Promise<DemoWorkReport> {
  const none = { assignments: 0, ledgerRows: 0 };
  if (await hasAssignments(db)) return none;
  const ctx = await loadContext(db);
  if (!ctx) return none;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      if (await hasAssignments(tx)) return none;
      const counters = new Map((await tx.codeCounter.findMany()).map((c) => [c.key, c.value]));
      const before = new Map(counters);
      const rng = new Rng(SEED);
      const work = generateAssignments(rng.fork(1), ctx);
      const ledgers = generateLedgers(rng.fork(2), ctx, new Coder(counters));

      await writeWork(tx, work);

      // ledgers
      const iIds = await reserveIds(tx, "intel_items", ledgers.intel.length);
      const anIds = await reserveIds(tx, "analysis_sessions", ledgers.analyses.length);
      const vIds = await reserveIds(tx, "verifications", ledgers.verifications.length);
      await insertRows(tx, "problem_items", ledgers.problems);
      await insertRows(tx, "mechanisms", ledgers.mechanisms);
      await insertRows(tx, "stability_events", ledgers.stability);
      await insertRows(tx, "intel_items", ledgers.intel.map((r) => ({ ...r, id: iIds[r.id - 1] })));
      await insertRows(tx, "analysis_sessions", ledgers.analyses.map((r) => ({ ...r, id: anIds[r.id - 1] })));
      await insertRows(tx, "analysis_intel", ledgers.analysisIntel.map((r) => ({ analysisId: anIds[r.analysisId - 1], intelId: iIds[r.intelId - 1] })));
      await insertRows(tx, "verifications", ledgers.verifications.map((r) => ({ ...r, id: vIds[r.id - 1], analysisId: r.analysisId ? anIds[r.analysisId - 1] : null })));
      await insertRows(tx, "verification_intel", ledgers.verificationIntel.map((r) => ({ verificationId: vIds[r.verificationId - 1], intelId: iIds[r.intelId - 1] })));
      await insertRows(tx, "disputes", ledgers.disputes);

      // record-code counters: never behind the codes used, so that records added later do not collide
      const changed = [...counters].filter(([k, v]) => before.get(k) !== v);
      if (changed.length)
        await tx.$executeRaw`
          INSERT INTO code_counters (key, value)
          SELECT * FROM unnest(${changed.map(([k]) => k)}::text[], ${changed.map(([, v]) => v)}::int[])
          ON CONFLICT (key) DO UPDATE SET value = GREATEST(code_counters.value, EXCLUDED.value)`;

      const ledgerRows =
        ledgers.problems.length + ledgers.mechanisms.length + ledgers.stability.length + ledgers.intel.length + ledgers.analyses.length + ledgers.verifications.length + ledgers.disputes.length;
      return { assignments: work.assignments.length, ledgerRows };
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

/** Task execution rows: ids reserved from the sequences so that children can point at their parents. */
async function writeWork(tx: Tx, work: AssignmentData): Promise<void> {
  const aIds = await reserveIds(tx, "task_assignments", work.assignments.length);
  const uIds = await reserveIds(tx, "progress_updates", work.updates.length);
  const A = (local: number) => aIds[local - 1];
  await insertRows(tx, "task_assignments", work.assignments.map((r) => ({ ...r, id: A(r.id), parentId: r.parentId ? A(r.parentId) : null })));
  await insertRows(tx, "milestones", work.milestones.map((r) => ({ ...r, assignmentId: A(r.assignmentId) })));
  await insertRows(tx, "progress_updates", work.updates.map((r) => ({ ...r, id: uIds[r.id - 1], assignmentId: A(r.assignmentId) })));
  await bulk(work.attachments.map((r) => ({ ...r, progressUpdateId: r.progressUpdateId ? uIds[r.progressUpdateId - 1] : null })), (data) => tx.attachment.createMany({ data }), 100);
  await insertRows(tx, "review_records", work.reviews.map((r) => ({ ...r, assignmentId: A(r.assignmentId) })));
}

// ── the current plan ─────────────────────────────────────────────────────────────────────────────────────────

export const DEMO_CURRENT_PLAN_FILE = path.resolve("lib/seed/data/plan-2026.json");
const CURRENT_SEED = 20260101;

/**
 * The demo's current plan (lib/seed/data/plan-2026.json, written for 2026): for the seed's own Beijing year (a
 * later seed moves codes, name, years and deadlines to that year), imported next to the 2023—2025 plan and made
 * current, with a few unfinished 2023—2025 assignments carried over (the tasks' carriesOver) and work of every kind
 * placed relative to today (demo-work/current-plan.ts). Done once: when the plan has work of its own, nothing happens.
 */
export async function seedDemoCurrentPlan(db: Db, now: Date = new Date()): Promise<number> {
  const year = shanghaiYearMonth(now).year;
  const text = fs.readFileSync(DEMO_CURRENT_PLAN_FILE, "utf8");
  const raw = JSON.parse(year === 2026 ? text : text.replace(/"2026-(\d\d-\d\d)"/g, `"${year}-$1"`).replace(/2026/g, String(year)));
  if (!(await db.plan.findUnique({ where: { code: raw.code } })) && (await db.plan.count()) === 0) return 0;
  const existing = await db.plan.findUnique({ where: { code: raw.code }, select: { id: true } });
  if (existing && (await db.taskAssignment.count({ where: { task: { planId: existing.id }, predecessorId: null } })) > 0) return 0;
  if (!(await db.plan.findUnique({ where: { code: raw.carriesOverFrom ?? "" } }))) {
    // the demo's earlier plan is not there (an imported real plan): nothing to carry over
    delete raw.carriesOverFrom;
    for (const a of raw.areas) for (const m of a.measures) for (const t of m.tasks) delete t.carriesOver;
  }
  const { planId } = await importPlan(db, raw, { activate: true, carryOver: true, now });
  const ctx = await loadContext(db, planId, now);
  if (!ctx) return 0;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      const taken = new Set((await tx.taskAssignment.findMany({ where: { task: { planId } }, select: { taskId: true, unitId: true, predecessorId: true } })).map((a) => `${a.taskId}|${a.unitId}`));
      if ((await tx.taskAssignment.count({ where: { task: { planId }, predecessorId: null } })) > 0) return 0;
      const work = generateCurrentWork(new Rng(CURRENT_SEED), ctx, taken, year);
      await writeWork(tx, work);
      return work.assignments.length;
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

async function loadContext(db: Db, planId?: number, now: Date = new Date()): Promise<DemoContext | null> {
  const units: UnitInfo[] = await db.unit.findMany({
    where: { active: true },
    select: { id: true, code: true, name: true, shortName: true, level: true, kind: true, path: true, parentId: true },
    orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
  });
  if (!units.some((u) => u.code === "62")) return null;
  // the demo's 2023—2025 work goes to that plan (the built-in one, else the current plan); a given plan otherwise
  const builtIn = await db.plan.findUnique({ where: { code: DEFAULT_PLAN_CODE }, select: { id: true } });
  const plan = await db.plan.findFirst({
    where: planId ? { id: planId } : builtIn ? { id: builtIn.id } : { active: true },
    select: {
      tasks: {
        select: { id: true, code: true, title: true, target: true, deadline: true, departments: { select: { unitId: true, role: true }, orderBy: { unitId: "asc" } } },
        orderBy: { code: "asc" },
      },
    },
  });
  if (!plan) return null;
  const users = await db.user.findMany({ where: { username: { in: DEMO_ACCOUNTS.map((a) => a.username) } }, select: { id: true, unitId: true, role: true }, orderBy: { id: "asc" } });
  const children = new Map<number, UnitInfo[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const [chain, intel, dispute] = await Promise.all([getSetting(db, "review.chain"), getSetting(db, "intel.deadlines"), getSetting(db, "dispute.warning")]);
  return {
    now,
    today: shanghaiToday(now),
    units,
    byId: new Map(units.map((u) => [u.id, u])),
    byCode: new Map(units.map((u) => [u.code, u])),
    children,
    tasks: plan.tasks,
    officerOf: new Map(users.filter((u) => u.role === "OFFICER").map((u) => [u.unitId, u.id])),
    reviewerOf: new Map(users.filter((u) => u.role === "REVIEWER").map((u) => [u.unitId, u.id])),
    reviewLevels: chain.levels,
    intel,
    dispute,
  };
}

/** `n` fresh ids from a table's sequence. */
async function reserveIds(tx: Tx, table: string, n: number): Promise<number[]> {
  if (!n) return [];
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n}::int)`;
  return rows.map((r) => r.id);
}

async function bulk<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>, size = CHUNK): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Bulk insert without a round trip per row or per column: each chunk travels as one JSON parameter and PostgreSQL
 * turns it into rows of the table's own type (enums, dates and timestamps are parsed by the column types).
 * The rows are typed by the Prisma inputs; their keys are the Prisma field names (= snake_case column names).
 */
async function insertRows<T extends object>(tx: Tx, table: string, rows: T[], size = 4 * CHUNK): Promise<void> {
  if (!rows.length) return;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns = keys.map((k) => `"${snake(k)}"`).join(", ");
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
  await bulk(rows, (chunk) => tx.$executeRawUnsafe(sql, JSON.stringify(chunk.map((r) => Object.fromEntries(keys.map((k) => [snake(k), (r as Record<string, unknown>)[k] ?? null]))))), size);
}
