// Prepared statements (lib/db/client.ts): each connection parses a statement once and keeps it by name, PostgreSQL
// still plans it for its parameters each time (plan_cache_mode = force_custom_plan), and DB_PREPARED_STATEMENTS=0
// turns it off. Names are stable per SQL text and bounded per process.
import { describe, expect, it } from "vitest";
import { createPrismaClient, preparedLimitFromEnv, statementNames } from "@/lib/db/client";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

describe("prepared statements", () => {
  it("a connection keeps the app's statements by name and plans each execution for its parameters", async () => {
    const db = createPrismaClient(t.url, { max: 1 });
    try {
      const codes = ["62", "6201", "620102"];
      for (let i = 0; i < 8; i++) {
        const u = await db.unit.findUnique({ where: { code: codes[i % 3] }, select: { code: true } });
        expect(u?.code).toBe(codes[i % 3]);
      }
      const all = await db.$queryRawUnsafe<{ name: string; statement: string; custom: bigint; generic: bigint }[]>("SELECT name, statement, custom_plans AS custom, generic_plans AS generic FROM pg_prepared_statements");
      // the unit lookup (Prisma writes it `SELECT "t0"."code" FROM "public"."units" AS "t0" …` since relationJoins)
      const rows = all.filter((r) => /^SELECT\b.* FROM "public"."units"/.test(r.statement));
      expect(rows).toHaveLength(1);
      expect(rows[0].name).toMatch(/^p\d+$/);
      // parsed once, planned eight times, never with a generic plan
      expect(Number(rows[0].custom)).toBe(8);
      expect(Number(rows[0].generic)).toBe(0);
      const [mode] = await db.$queryRawUnsafe<{ m: string }[]>("SELECT current_setting('plan_cache_mode') AS m");
      expect(mode.m).toBe("force_custom_plan");
    } finally {
      await db.$disconnect();
    }
  });

  it("prepared: 0 sends every statement unnamed, as before", async () => {
    const db = createPrismaClient(t.url, { max: 1, prepared: 0 });
    try {
      for (let i = 0; i < 3; i++) await db.unit.findUnique({ where: { code: "62" }, select: { code: true } });
      const [n] = await db.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM pg_prepared_statements");
      expect(Number(n.n)).toBe(0);
      const [mode] = await db.$queryRawUnsafe<{ m: string }[]>("SELECT current_setting('plan_cache_mode') AS m");
      expect(mode.m).toBe("auto");
    } finally {
      await db.$disconnect();
    }
  });

  it("names are stable per text and bounded; the limit comes from DB_PREPARED_STATEMENTS", () => {
    const name = statementNames(2)!;
    expect(name({ sql: "SELECT 1" })).toBe("p1");
    expect(name({ sql: "SELECT 2" })).toBe("p2");
    expect(name({ sql: "SELECT 1" })).toBe("p1");
    // beyond the limit: unnamed
    expect(name({ sql: "SELECT 3" })).toBeUndefined();
    expect(statementNames(0)).toBeNull();
    expect(preparedLimitFromEnv({})).toBe(300);
    expect(preparedLimitFromEnv({ DB_PREPARED_STATEMENTS: "0" })).toBe(0);
    expect(preparedLimitFromEnv({ DB_PREPARED_STATEMENTS: "50" })).toBe(50);
    expect(preparedLimitFromEnv({ DB_PREPARED_STATEMENTS: "many" })).toBe(300);
    expect(preparedLimitFromEnv({ DB_PREPARED_STATEMENTS: "-1" })).toBe(300);
  });
});
