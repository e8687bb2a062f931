// Demo work data (only with the demo accounts): plan execution for every unit and the seven work ledgers (the four
// enterprise ledgers: demo-enterprises.ts) for every county-level unit, from 2023-01 to today, so that every screen
// shows plausible records. Deterministic (seeded PRNG; only "today" moves), written in bulk inside one transaction,
// and done once: when any task assignment exists, nothing happens.
import type { Db, Tx } from "@/lib/db/client";
import { getSetting } from "@/lib/settings";
import { shanghaiToday } from "@/lib/time";
import { DEMO_ACCOUNTS } from "./demo";
import { generateAssignments } from "./demo-work/assignments";
import type { DemoContext, UnitInfo } from "./demo-work/context";
import { Coder, generateLedgers } from "./demo-work/ledgers";
import { Rng } from "./demo-work/random";

export interface DemoWorkReport {
  assignments: number;
  ledgerRows: number;
}

const SEED = 20230101;
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

      // task execution: ids reserved from the sequences so that children can point at their parents
      const aIds = await reserveIds(tx, "task_assignments", work.assignments.length);
      const uIds = await reserveIds(tx, "progress_updates", work.updates.length);
      const A = (local: number) => aIds[local - 1];
      await insertRows(tx, "task_assignments", work.assignments.map((r) => ({ ...r, id: A(r.id), parentId: r.parentId ? A(r.parentId) : null })));
      await insertRows(tx, "milestones", work.milestones.map((r) => ({ ...r, assignmentId: A(r.assignmentId) })));
      await insertRows(tx, "progress_updates", work.updates.map((r) => ({ ...r, id: uIds[r.id - 1], assignmentId: A(r.assignmentId) })));
      await bulk(work.attachments.map((r) => ({ ...r, progressUpdateId: r.progressUpdateId ? uIds[r.progressUpdateId - 1] : null })), (data) => tx.attachment.createMany({ data }), 100);
      await insertRows(tx, "review_records", work.reviews.map((r) => ({ ...r, assignmentId: A(r.assignmentId) })));

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

async function loadContext(db: Db): Promise<DemoContext | null> {
  const now = new Date();
  const units: UnitInfo[] = await db.unit.findMany({
    where: { active: true },
    select: { id: true, code: true, name: true, shortName: true, level: true, kind: true, path: true, parentId: true },
    orderBy: [{ depth: "asc" }, { sortOrder: "asc" }, { code: "asc" }],
  });
  if (!units.some((u) => u.code === "62")) return null;
  const plan = await db.plan.findFirst({
    where: { active: true },
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
