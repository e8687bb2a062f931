// Fuzzing every server action with ≥ 1,000 generated inputs (fast-check): whole random values, and valid inputs
// with fields replaced by junk, extra fields smuggled in, ids pointed elsewhere. Never a 500 (an "ERROR" result),
// and whenever the action refuses, nothing is written (a row trigger on every table counts committed writes).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { ROLES, can } from "@/lib/auth/permissions";
import { ACTION_FIXTURES } from "./helpers/action-fixtures";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";
import { ACTION_DEFINITIONS } from "../support/registries";

const t = setupTestDatabase();
const RUNS = 1000;

beforeAll(async () => {
  const tables = await t.db.$queryRawUnsafe<{ tablename: string }[]>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('audit_logs', '_prisma_migrations')",
  );
  await t.db.$executeRawUnsafe("CREATE TABLE fuzz_writes (id bigserial PRIMARY KEY, tbl text NOT NULL)");
  await t.db.$executeRawUnsafe(`CREATE FUNCTION fuzz_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fuzz_writes (tbl) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`);
  for (const { tablename } of tables) {
    await t.db.$executeRawUnsafe(`CREATE TRIGGER fuzz_w AFTER INSERT OR UPDATE OR DELETE ON "${tablename}" FOR EACH ROW EXECUTE FUNCTION fuzz_note()`);
  }
});

const writes = async () => Number((await t.db.$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM fuzz_writes"))[0].n);

const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map(String),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constantFrom("", " ", "-1", "0", "1e309", "NaN", "Infinity", "<script>alert(1)</script>", "'; DROP TABLE users;--", "\u0000", "９９", "2025-02-30", "2099-13-01", "x".repeat(5000), "/62/", "62", "true", "[]", "{}"),
);

describe.each(ACTION_DEFINITIONS.map((d) => [d.name, d] as const))("%s", (name, def) => {
  it(`${RUNS} invalid inputs: never a 500, never a write`, async () => {
    const fixture = ACTION_FIXTURES[name];
    const role = ROLES.find((r) => can(r, def.permission))!;
    const actor = await makeUser(t.db, role, fixture.actorUnit ?? "6201");
    const base = await fixture.input(t.db, "620102", fixture.variants?.[0], actor.id);
    const keys = Object.keys(base);
    const mutated = fc.record({ drop: fc.subarray(keys), change: fc.subarray(keys, { minLength: 1 }), values: fc.array(junk, { minLength: keys.length + 3, maxLength: keys.length + 3 }), extra: fc.dictionary(fc.constantFrom("unitId", "unitPath", "id", "role", "version", "ledger", "__proto__", "constructor", "userId"), junk, { maxKeys: 2 }) }).map(
      ({ drop, change, values, extra }) => {
        const out: Record<string, unknown> = { ...base };
        change.forEach((k, i) => (out[k] = values[i]));
        drop.forEach((k) => delete out[k]);
        return { ...out, ...extra };
      },
    );
    const inputs = fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: fc.anything(), weight: 1 });
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const before = await writes();
        const r = await executeAction(def, t.db, actor, "10.6.6.6", input);
        if (!r.ok) {
          if (r.code === "ERROR") throw new Error(`${name}: 500 for ${JSON.stringify(input)?.slice(0, 300)}: ${r.error}`);
          refused++;
          const after = await writes();
          if (after !== before) throw new Error(`${name}: refused (${r.code}) but wrote ${after - before} row(s) for ${JSON.stringify(input)?.slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
    // the generated inputs really are (mostly) invalid
    expect(refused).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);
});
