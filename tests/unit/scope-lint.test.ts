// The unit scope is spelled once: lib/auth/scope.ts turns a `Scope` into every unit-path filter (Prisma `where`,
// SQL `LIKE`, `contains`). This scan fails the build when product code writes one by hand — a `startsWith` or a
// `LIKE` on a unit path — or mints a `Scope` outside the few places that establish whose subtree is being read.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contains, makeScope, narrowScope, noRecords, recordsIn, sqlIn, unitRelationIn, unitsIn, userScope } from "@/lib/auth/scope";

const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["app", "lib", "components"];
const SKIP_DIRS = new Set(["generated", "node_modules"]);
const SCOPE_MODULE = "lib/auth/scope.ts";

/** Where a `Scope` may be minted from a path: the scope module, the view-unit resolution, and system runs. */
const MINTERS = new Set([
  SCOPE_MODULE,
  "lib/units/queries.ts", // resolveViewUnit / findViewUnit: the unit a page or route looks at
  "lib/ledgers/import.ts", // import worker: the job's unit, checked against its creator's scope when the job was made
  "lib/stats/import.ts", // idem
  "lib/population/import.ts", // idem
  "lib/reports/scheduler.ts", // scheduled report: the schedule's unit, checked when the schedule was made
  "lib/assessment/scores.ts", // peer ranking: always province-wide
]);

/** Hand-written unit-path filters, in every spelling the code base has used. */
const FORBIDDEN: { name: string; re: RegExp }[] = [
  { name: "Prisma startsWith on a unit path", re: /\b(?:unitPath|path)\s*:\s*\{\s*startsWith\b/ },
  { name: "SQL LIKE on a unit path", re: /\b(?:unit_path|path)\s+(?:NOT\s+)?I?LIKE\b/i },
  { name: "startsWith on a unit path value", re: /(?:\bunitPath|\bscopePath|\.path)\??\.startsWith\(/ },
  { name: "startsWith with a path argument", re: /\.startsWith\([^)]*\b(?:unitPath|scopePath|\.path)\b/ },
  { name: "hand-built LIKE pattern of a path", re: /`\$\{[^}`]*(?:[pP]ath)[^}`]*\}_?%`/ },
];

function productFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(path.join(dir, e.name));
      } else if (/\.(?:ts|tsx|mts|js|mjs)$/.test(e.name)) out.push(path.relative(ROOT, path.join(dir, e.name)).split(path.sep).join("/"));
    }
  };
  for (const d of SCANNED) walk(path.join(ROOT, d));
  return out;
}

/** Offences in one file's text: the scope filters written outside the scope module, and scopes minted elsewhere. */
export function scopeOffences(file: string, text: string): string[] {
  const found: string[] = [];
  if (file === SCOPE_MODULE) return found;
  text.split("\n").forEach((line, i) => {
    if (/^\s*(?:\/\/|\*)/.test(line)) return; // comments may talk about paths
    for (const f of FORBIDDEN) if (f.re.test(line)) found.push(`${file}:${i + 1} ${f.name}: ${line.trim().slice(0, 140)}`);
    // pages and components read through lib/<feature>/queries.ts: they hold a Scope but build no filter from it
    if (/^(?:app|components)\//.test(file) && /\b(?:unitsIn|recordsIn|unitRelationIn|sqlIn|noRecords|noUnitRelation)\(/.test(line))
      found.push(`${file}:${i + 1} scope filter built in a page or component (query in lib/<feature>/queries.ts instead): ${line.trim().slice(0, 140)}`);
    if (/\bmakeScope\(/.test(line) && !MINTERS.has(file)) found.push(`${file}:${i + 1} Scope minted outside the allow-list: ${line.trim().slice(0, 140)}`);
  });
  return found;
}

describe("unit scope is written only in lib/auth/scope.ts", () => {
  it("no product file filters by unit path by hand or mints a Scope outside the allow-list", () => {
    const files = productFiles();
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((f) => scopeOffences(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(offences, `use a Scope from lib/auth/scope.ts instead:\n${offences.join("\n")}`).toEqual([]);
  });

  it("the allow-listed minters exist (a renamed file must not silently widen the list)", () => {
    for (const f of MINTERS) expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
  });

  it("catches every spelling the code used before the Scope (the scan can fail)", () => {
    const old = [
      "const and = [{ unitPath: { startsWith: scopePath } }];",
      "where: { path: { startsWith: job.unitPath } },",
      "SELECT count(*) FROM intel_items WHERE unit_path LIKE ${`${scopePath}%`}",
      "WHERE a.unit_path LIKE ${p} AND status = 'RETURNED'",
      "const scopeOf = (unitPath: string) => (p: string) => p.startsWith(unitPath);",
      "const bad = named.filter((c) => !found.get(c)?.unitPath.startsWith(job.unitPath));",
      "const like = (scopePath: string) => `${scopePath}%`;",
      "units.filter((u) => u.path.startsWith(a.unitPath))",
      "const scope = makeScope(user.unitPath);",
    ];
    for (const line of old) expect(scopeOffences("lib/example.ts", line).length, line).toBeGreaterThan(0);
    expect(scopeOffences("lib/example.ts", "const where = recordsIn(scope);")).toEqual([]);
    expect(scopeOffences("app/(app)/example/page.tsx", "const where = recordsIn(unit.scope);")).toHaveLength(1);
    expect(scopeOffences("lib/http/safe-redirect.ts", 'if (!path.startsWith("/")) return "/";')).toEqual([]); // a URL path is not a unit path
    expect(scopeOffences("lib/units/queries.ts", "return { ...unit, scope: makeScope(unit.path) };")).toEqual([]);
  });
});

describe("Scope", () => {
  const city = makeScope("/62/6201/");

  it("fails closed: an empty or malformed path throws", () => {
    for (const bad of ["", null, undefined, "/", "62/6201/", "/62/6201", "/62//", "/62/6201/%/", "/62/_/", "/62/../"]) {
      expect(() => makeScope(bad), String(bad)).toThrow(/invalid unit scope/);
      expect(() => userScope({ unitPath: bad }), String(bad)).toThrow(/invalid unit scope/);
    }
  });

  it("knows its depth and what it contains (own subtree yes, sibling prefix and parent no)", () => {
    expect(makeScope("/62/").depth).toBe(0);
    expect(city.depth).toBe(1);
    expect(contains(city, "/62/6201/")).toBe(true);
    expect(contains(city, "/62/6201/620102/")).toBe(true);
    expect(contains(city, "/62/62010/")).toBe(false);
    expect(contains(city, "/62/6205/")).toBe(false);
    expect(contains(city, "/62/")).toBe(false);
    expect(contains(city, null)).toBe(false);
    expect(narrowScope(city, "/62/6201/620102/")?.path).toBe("/62/6201/620102/");
    expect(narrowScope(city, "/62/6205/")).toBeNull();
  });

  it("builds Prisma filters and a bound SQL LIKE (the path is a parameter, never SQL text)", () => {
    expect(unitsIn(city)).toEqual({ path: { startsWith: "/62/6201/" } });
    expect(recordsIn(city)).toEqual({ unitPath: { startsWith: "/62/6201/" } });
    expect(unitRelationIn(city)).toEqual({ unit: { path: { startsWith: "/62/6201/" } } });
    expect(noRecords().unitPath.startsWith("/")).toBe(false);
    const sql = sqlIn(city);
    expect(sql.sql).toBe("unit_path LIKE ?");
    expect(sql.values).toEqual(["/62/6201/%"]);
    const below = sqlIn(city, "a.unit_path", { below: true });
    expect(below.sql).toBe("a.unit_path LIKE ?");
    expect(below.values).toEqual(["/62/6201/_%"]);
  });
});
