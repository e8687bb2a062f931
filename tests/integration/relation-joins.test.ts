// Relations read with JOINs (prisma/schema.prisma: previewFeatures = ["relationJoins"]): Prisma loads an include
// in the same statement (LATERAL joins, JSON aggregation) instead of one statement per relation. The task page's read
// went from ~25 statements to a handful — each statement costs the web process ~0.9 ms of CPU. Checked here on a
// real PostgreSQL: the statement count, and that values read through a nested relation (exact decimals, dates,
// timestamps with milliseconds, text with quotes and escapes, empty lists, absent optional relations) are the same as
// read directly.
// One limit of JOIN loading: a nested relation arrives as JSON, and Prisma reads a JSON number as a double, so a
// Decimal read THROUGH A RELATION keeps 15 significant digits (a Decimal(18,2) of 16 digits or more would be rounded;
// read at the top level it is exact). Every Decimal this app stores is far inside that: statistics are validated to at
// most 10,000,000.00 (lib/stats/validate.ts MAX_VALUE), assessment points are Decimal(6,2), plan targets come from the
// plan file as JSON numbers. The last test holds those bounds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { type Db, createPrismaClient, poolOf } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { MAX_VALUE } from "@/lib/stats/validate";
import { getAssignment } from "@/lib/tasks/queries";
import { setupTestDatabase } from "./helpers/db";
import { unitByCode } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";

const t = setupTestDatabase();
let db: Db;
let statements = 0;

beforeAll(() => {
  // a client of its own whose connections count the statements they send
  db = createPrismaClient(t.url, { max: 3 });
  poolOf(db)!.on("connect", (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
});
afterAll(async () => {
  await db?.$disconnect();
});

async function counted<T>(f: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const before = statements;
  const value = await f();
  return { value, statements: statements - before };
}

describe("relations read with JOINs", () => {
  it("the task page's read sends a handful of statements, not one per relation", async () => {
    const a = await makeAssignment(t.db, "620102");
    const province = await unitByCode(t.db, "62");
    const viewer = { unitPath: province.path, unitId: province.id };
    await getAssignment(db, viewer, a.id); // the connection is opened (and counted from then on)
    const { value, statements: n } = await counted(() => getAssignment(db, viewer, a.id));
    expect(value.id).toBe(a.id);
    expect(value.milestones).toHaveLength(1);
    // the assignment with all its includes in one statement, the review chain, the chain's units (one statement per
    // relation, as before, was 20 and more)
    expect(n).toBeLessThanOrEqual(4);
  });

  it("values read through a nested relation equal the values read directly", async () => {
    const a = await makeAssignment(t.db, "620103");
    // 15 significant digits (what a double keeps exactly), a timestamp with milliseconds, text with escapes
    await t.db.planTask.update({ where: { id: a.taskId }, data: { targetValue: new Prisma.Decimal("9999999999999.99") } });
    const milestone = await t.db.milestone.findFirstOrThrow({ where: { assignmentId: a.id } });
    await t.db.milestone.update({ where: { id: milestone.id }, data: { doneAt: new Date("2026-03-05T01:02:03.456Z"), note: "引号\"与反斜杠\\、换行\n与表情😀" } });
    const province = await unitByCode(t.db, "62");
    const nested = await getAssignment(db, { unitPath: province.path, unitId: province.id }, a.id);

    const task = await t.db.planTask.findUniqueOrThrow({ where: { id: a.taskId } });
    expect(nested.task.targetValue?.toString()).toBe("9999999999999.99");
    expect(nested.task.targetValue?.toString()).toBe(task.targetValue?.toString());
    expect(nested.task.deadline?.toISOString()).toBe(task.deadline?.toISOString());

    const [m] = nested.milestones;
    const direct = await t.db.milestone.findUniqueOrThrow({ where: { id: milestone.id } });
    expect(m.doneAt?.toISOString()).toBe("2026-03-05T01:02:03.456Z");
    expect(m.dueDate.toISOString()).toBe(direct.dueDate.toISOString());
    expect(m.note).toBe("引号\"与反斜杠\\、换行\n与表情😀");
    // no updates, no reviews: empty lists; no successor: null
    expect(nested.updates).toEqual([]);
    expect(nested.reviews).toEqual([]);
    expect(nested.successor).toBeNull();
    expect(nested.unit.code).toBe("620103");
  });

  it("every Decimal the app stores stays within the 15 digits a nested read keeps exactly", async () => {
    // statistics: at most MAX_VALUE with 2 decimals
    expect(String(Math.round(MAX_VALUE * 100)).length).toBeLessThanOrEqual(15);
    // the Decimal columns of the schema and their precision: a new one, or a wider one, is looked at here first
    const cols = await t.db.$queryRawUnsafe<{ col: string; p: number; s: number }[]>(
      `SELECT table_name || '.' || column_name AS col, numeric_precision AS p, numeric_scale AS s FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'numeric' ORDER BY 1`,
    );
    expect(cols.map((c) => `${c.col}(${c.p},${c.s})`)).toEqual(["assessment_adjustments.points(6,2)", "plan_tasks.target_value(18,2)", "stat_values.value(18,2)"]);
    // plan targets are read from the plan file as JSON numbers (lib/plan/plan-file.ts): a double already
    const nested = new Prisma.Decimal(JSON.parse("123456789012.34") as number);
    expect(nested.toString()).toBe("123456789012.34");
  });
});
