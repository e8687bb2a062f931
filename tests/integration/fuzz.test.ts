// Fuzzing every server action with ≥ 1,000 generated inputs (fast-check): whole random values, and valid inputs
// with fields replaced by junk, extra fields smuggled in, ids pointed elsewhere. Never a 500 (an "ERROR" result),
// and whenever the action refuses, nothing is written (a row trigger on every table counts committed writes).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { executeAction } from "@/lib/actions/core";
import { LEDGERS } from "@/lib/ledgers/configs";
import { ledgerFieldsSchema } from "@/lib/ledgers/schema";
import { FORBIDDEN_CHARS_MESSAGE } from "@/lib/validation";
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
  // NUL, other C0 controls and lone surrogates, alone and inside otherwise valid text
  fc.tuple(fc.string({ maxLength: 10 }), fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0x0e, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0xd800, max: 0xdfff })), fc.string({ maxLength: 10 })).map(([a, c, b]) => `${a}${String.fromCharCode(c)}${b}`),
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

// Issue 9 item 8: NUL, other C0 controls and lone surrogates in any text field are a field error — the shared zod
// helpers and the ledger schema refuse them, the action pipeline refuses them in any string it is given — audited,
// nothing written; never the generic system error.
const BAD_TEXT = ["a\u0000b", "\u0000", "x\uD800", "\uDFFFy", "a\u0007b", "a\u001Bb", "a\u007Fb"];

/** every string (and file name) of an input, by its path */
function stringLeaves(v: unknown, path: string[] = []): { path: string[]; file: boolean }[] {
  if (typeof v === "string") return [{ path, file: false }];
  if (v instanceof File) return [{ path, file: true }];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...path, String(i)]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}

function withValue(base: Record<string, unknown>, path: string[], make: (old: unknown) => unknown): Record<string, unknown> {
  const clone = (v: unknown): unknown => (Array.isArray(v) ? v.map(clone) : v && typeof v === "object" && !(v instanceof File) && !(v instanceof Date) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) : v);
  const copy = clone(base) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = path[path.length - 1];
  at[last] = make(at[last]);
  return copy;
}

describe.each(ACTION_DEFINITIONS.map((d) => [d.name, d] as const))("%s: control characters and lone surrogates", (name, def) => {
  const fixture = ACTION_FIXTURES[name];
  it.each(fixture.variants ?? [undefined])("in every string field (%s): field error, audited, nothing written", async (variant) => {
    const role = ROLES.find((r) => can(r, def.permission))!;
    const actor = await makeUser(t.db, role, fixture.actorUnit ?? "6201");
    const base = await fixture.input(t.db, "620102", variant, actor.id);
    // a smuggled field the schema would drop is refused too (it could reach a handler that reads the raw payload)
    const leaves = [...stringLeaves(base), { path: ["note"], file: false }];
    for (const { path, file } of leaves) {
      for (const bad of file ? BAD_TEXT.slice(0, 2) : BAD_TEXT) {
        const input = withValue(base, path, (old) => (file ? new File([(old as File).slice()], `${bad}.csv`, { type: (old as File).type }) : `${String(old).slice(0, 5)}${bad}`));
        const before = await writes();
        const audits = await t.db.auditLog.count({ where: { action: name, result: "denied", userId: actor.id } });
        const r = await executeAction(def, t.db, actor, "10.6.6.6", input);
        const where = `${name} ${path.join(".")} = ${JSON.stringify(bad)}`;
        expect(r.ok, where).toBe(false);
        if (r.ok) continue;
        expect(r.code, `${where}: ${r.error}`).toBe("INVALID");
        const key = Array.isArray(base[path[0]]) ? path[0] : path.filter((p) => !/^\d+$/.test(p)).join(".");
        expect(r.fieldErrors?.[key], where).toBe(FORBIDDEN_CHARS_MESSAGE);
        expect(await writes(), where).toBe(before);
        expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: actor.id } }), `${where}: refusal audited`).toBe(audits + 1);
      }
    }
  }, 120_000);
});

describe("ledger field schemas (forms, API and import rows) refuse control characters and lone surrogates", () => {
  it.each(Object.values(LEDGERS).map((c) => [c.key, c] as const))("%s: every field", (_key, config) => {
    const schema = ledgerFieldsSchema(config);
    for (const f of config.fields) {
      for (const bad of BAD_TEXT) {
        const r = schema.safeParse({ [f.key]: `${f.type === "links" ? "QB-620102-2025-0001" : "正常"}${bad}` });
        expect(r.success, `${config.key}.${f.key}`).toBe(false);
        const issue = r.error?.issues.find((i) => i.path[0] === f.key);
        expect(issue, `${config.key}.${f.key} ${JSON.stringify(bad)}: no field error`).toBeTruthy();
        if (f.type === "text" || f.type === "longtext") expect(issue!.message).toBe(FORBIDDEN_CHARS_MESSAGE);
      }
    }
  });
});
