// The scope helper on the real organisation tree: each user sees exactly their unit and its subtree, checked
// against an independent recursive walk of the parent links (not the materialised paths the helper uses).
import { describe, expect, it } from "vitest";
import { inScope, unitScopeWhere } from "@/lib/auth/scope";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

async function subtreeByParentLinks(code: string): Promise<string[]> {
  const rows = await t.db.$queryRaw<{ code: string }[]>`
    WITH RECURSIVE sub AS (
      SELECT id, code FROM units WHERE code = ${code}
      UNION ALL
      SELECT u.id, u.code FROM units u JOIN sub ON u.parent_id = sub.id
    ) SELECT code FROM sub ORDER BY code`;
  return rows.map((r) => r.code);
}

async function visibleTo(unitCode: string): Promise<string[]> {
  const unit = await t.db.unit.findUniqueOrThrow({ where: { code: unitCode } });
  const rows = await t.db.unit.findMany({ where: unitScopeWhere({ unitPath: unit.path }), select: { code: true }, orderBy: { code: "asc" } });
  return rows.map((r) => r.code);
}

describe("unit scope", () => {
  // 2 cities × 2 counties (and their stations), plus the province and a station
  const cases = ["62", "6201", "6205", "620102", "620103", "620502", "620503", "620102P01", "6202"];

  it.each(cases)("a user of %s sees exactly that unit and its subtree", async (code) => {
    const expected = await subtreeByParentLinks(code);
    expect(expected.length).toBeGreaterThan(0);
    expect(await visibleTo(code)).toEqual(expected);
  });

  it("a city never sees a sibling city or its parent", async () => {
    const lanzhou = await visibleTo("6201");
    expect(lanzhou).toContain("620102");
    expect(lanzhou).not.toContain("6205");
    expect(lanzhou).not.toContain("620502");
    expect(lanzhou).not.toContain("62");
    expect(lanzhou.every((c) => c.startsWith("6201"))).toBe(true);
  });

  it("a county sees itself and its stations only", async () => {
    const chengguan = await visibleTo("620102");
    expect(chengguan[0]).toBe("620102");
    expect(chengguan.slice(1).every((c) => c.startsWith("620102P"))).toBe(true);
    expect(chengguan).not.toContain("620103");
    expect(chengguan).not.toContain("6201");
  });

  it("fails closed: no unit path, or a malformed one, matches nothing", async () => {
    for (const unitPath of [null, undefined, "", "/", "/62", "62/", "/62/%/", "/62/6201/'--/"]) {
      expect(await t.db.unit.count({ where: unitScopeWhere({ unitPath }) })).toBe(0);
      expect(inScope({ unitPath }, "/62/6201/")).toBe(false);
    }
  });

  it("inScope: own subtree yes, sibling prefix no", () => {
    const user = { unitPath: "/62/6201/" };
    expect(inScope(user, "/62/6201/")).toBe(true);
    expect(inScope(user, "/62/6201/620102/")).toBe(true);
    expect(inScope(user, "/62/6205/")).toBe(false);
    expect(inScope(user, "/62/")).toBe(false);
    expect(inScope({ unitPath: "/62/62/" }, "/62/6201/")).toBe(false);
    expect(inScope(user, null)).toBe(false);
  });
});
