// The scope helper on the real organisation tree: each user sees exactly their unit and its subtree, checked
// against an independent recursive walk of the parent links (not the materialised paths the helper uses).
import { beforeAll, describe, expect, it } from "vitest";
import { auditFacets, auditOverview, listAudit } from "@/lib/audit/queries";
import { writeAudit } from "@/lib/audit/write";
import { contains, unitsIn, userScope } from "@/lib/auth/scope";
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
  const rows = await t.db.unit.findMany({ where: unitsIn(userScope({ unitPath: unit.path })), select: { code: true }, orderBy: { code: "asc" } });
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

  it("fails closed: no unit path, or a malformed one, throws before any query is built", () => {
    for (const unitPath of [null, undefined, "", "/", "/62", "62/", "/62/%/", "/62/6201/'--/"]) {
      expect(() => unitsIn(userScope({ unitPath })), String(unitPath)).toThrow(/invalid unit scope/);
    }
  });

  it("contains: own subtree yes, sibling prefix no", () => {
    const user = userScope({ unitPath: "/62/6201/" });
    expect(contains(user, "/62/6201/")).toBe(true);
    expect(contains(user, "/62/6201/620102/")).toBe(true);
    expect(contains(user, "/62/6205/")).toBe(false);
    expect(contains(user, "/62/")).toBe(false);
    expect(contains(userScope({ unitPath: "/62/62/" }), "/62/6201/")).toBe(false);
    expect(contains(user, null)).toBe(false);
  });
});

// Every audit query an auditor's page runs reads only the auditor's subtree (a province auditor reads everything,
// including rows without a unit). Before the Scope, the overview and the facets read the whole province.
describe("audit queries follow the auditor's scope", () => {
  const AUDITORS = ["62", "6201", "620102", "6205"];
  const ROWS = [
    { code: "6201", action: "scopetest.lanzhou" },
    { code: "620102", action: "scopetest.chengguan" },
    { code: "6205", action: "scopetest.tianshui" },
    { code: null, action: "scopetest.nounit" },
  ];

  beforeAll(async () => {
    for (const r of ROWS) {
      const u = r.code ? await t.db.unit.findUniqueOrThrow({ where: { code: r.code } }) : null;
      await writeAudit(t.db, { actor: { userId: null, username: "scopetest", unitId: u?.id ?? null, unitPath: u?.path ?? null, role: null }, action: r.action, entity: `ScopeTest${r.code ?? ""}`, result: "denied" });
    }
  });

  it.each(AUDITORS)("an auditor of %s sees (overview, facets, list) only the rows of their subtree", async (auditor) => {
    const me = await t.db.unit.findUniqueOrThrow({ where: { code: auditor } });
    const scope = userScope({ unitPath: me.path });
    const visible = (row: (typeof ROWS)[number]) => auditor === "62" || (row.code !== null && row.code.startsWith(auditor));
    const want = ROWS.filter(visible).map((r) => r.action).sort();
    expect(want.length).toBeGreaterThan(0);

    const overview = await auditOverview(scope);
    const seen = overview.recent.map((r) => r.action).filter((a) => a.startsWith("scopetest.")).sort();
    expect(seen).toEqual(want);
    // every counted row lies in the subtree: the 24-hour counts equal a count over the auditor's rows only
    const since = new Date(Date.now() - 24 * 3600 * 1000);
    const denied = await t.db.auditLog.count({ where: { at: { gte: since }, result: "denied", ...(auditor === "62" ? {} : { unitPath: { startsWith: me.path } }) } });
    expect(overview.count("denied")).toBe(denied);

    const facets = await auditFacets(scope);
    expect(facets.actions.filter((a) => a.startsWith("scopetest.")).sort()).toEqual(want);
    expect(facets.entities.filter((e) => e.startsWith("ScopeTest")).sort()).toEqual(ROWS.filter(visible).map((r) => `ScopeTest${r.code ?? ""}`).sort());

    const list = await listAudit(scope, { action: "scopetest." });
    expect([...new Set(list.rows.map((r) => r.action))].sort()).toEqual(want);
    // naming a unit outside the subtree in the filter matches nothing
    if (auditor !== "62") expect((await listAudit(scope, { action: "scopetest.", unit: auditor === "6205" ? "6201" : "6205" })).rows).toEqual([]);
  });
});
