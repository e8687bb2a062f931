// The scope helper on the real organisation tree: each user sees exactly their unit and its subtree, checked
// against an independent recursive walk of the parent links (not the materialised paths the helper uses).
import { beforeAll, describe, expect, it } from "vitest";
import { auditFacets, auditOverview, listAudit } from "@/lib/audit/queries";
import { writeAudit } from "@/lib/audit/write";
import { contains, unitsIn, userScope } from "@/lib/auth/scope";
import { ledgerOverview } from "@/lib/ledgers/queries";
import { listSchedules } from "@/lib/reports/queries";
import { assignmentsOfTask } from "@/lib/tasks/queries";
import { activeUnitsByLevel, activeUsersByUnit, unitDetail } from "@/lib/units/queries";
import { accountOverview, lockedAndDisabled, pendingActivations, securityUsers } from "@/lib/users/queries";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";

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

// The queries the pages read through (moved out of page.tsx): each returns the subtree's rows only, checked against
// the same question asked of the whole province.
describe("page queries read the given scope only", () => {
  const scopeOf = async (code: string) => userScope({ unitPath: (await t.db.unit.findUniqueOrThrow({ where: { code } })).path });

  it("units, users, assignments, schedules and ledgers of a county exclude its parent and siblings", async () => {
    const county = await scopeOf("620102");
    const province = await scopeOf("62");
    const [city, sibling] = await Promise.all([t.db.unit.findUniqueOrThrow({ where: { code: "6201" } }), t.db.unit.findUniqueOrThrow({ where: { code: "620103" } })]);
    const own = await t.db.unit.findUniqueOrThrow({ where: { code: "620102" } });
    const inCounty = new Set((await t.db.unit.findMany({ where: { path: { startsWith: own.path } }, select: { id: true } })).map((u) => u.id));

    expect(await unitDetail(county, city.id)).toBeNull();
    expect(await unitDetail(county, sibling.id)).toBeNull();
    expect((await unitDetail(county, own.id))?.code).toBe("620102");

    await Promise.all([makeUser(t.db, "OFFICER", "620102"), makeUser(t.db, "OFFICER", "620103"), makeUser(t.db, "OFFICER", "6201")]);
    const users = await activeUsersByUnit(county);
    expect(users.size).toBeGreaterThan(0);
    for (const id of users.keys()) expect(inCounty.has(id), String(id)).toBe(true);
    expect([...(await activeUsersByUnit(province)).keys()]).toEqual(expect.arrayContaining([city.id, sibling.id, own.id]));

    const levels = await activeUnitsByLevel(county);
    expect(levels.get("COUNTY")).toBe(1);
    expect(levels.has("CITY") || levels.has("PROVINCE")).toBe(false);

    const overview = await accountOverview(county);
    const active = overview.byRole.filter((r) => r.status === "ACTIVE").reduce((n, r) => n + r._count._all, 0);
    expect(active).toBe(await t.db.user.count({ where: { unitId: { in: [...inCounty] }, status: "ACTIVE" } }));
    expect(overview.units).toBe(await t.db.unit.count({ where: { id: { in: [...inCounty] }, active: true } }));
    const names = new Set((await t.db.unit.findMany({ where: { id: { in: [...inCounty] } }, select: { name: true } })).map((u) => u.name));
    for (const u of [...overview.recent, ...(await securityUsers(county, "", new Date())), ...(await securityUsers(county, "o", new Date())), ...(await pendingActivations(county))]) expect(names.has(u.unit.name), u.unit.name).toBe(true);
    const { disabled } = await lockedAndDisabled(county);
    expect(disabled).toBe(await t.db.user.count({ where: { unitId: { in: [...inCounty] }, status: "DISABLED" } }));

    const mine = await makeAssignment(t.db, "620102");
    await makeAssignment(t.db, "620103", { taskCode: (await t.db.planTask.findUniqueOrThrow({ where: { id: mine.taskId } })).code });
    const rows = await assignmentsOfTask(t.db, mine.taskId, county);
    expect(rows.map((r) => r.id)).toContain(mine.id);
    const paths = await t.db.taskAssignment.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { unitId: true } });
    for (const r of paths) expect(inCounty.has(r.unitId)).toBe(true);
    expect((await assignmentsOfTask(t.db, mine.taskId, province)).length).toBeGreaterThan(rows.length);

    for (const sch of await listSchedules(county)) expect(inCounty.has(sch.unitId)).toBe(true);

    const [c, p] = await Promise.all([ledgerOverview(t.db, county), ledgerOverview(t.db, province)]);
    for (const [i, card] of c.entries()) {
      expect(card.total, card.c.key).toBeLessThanOrEqual(p[i].total);
      const oracle = await (t.db as unknown as Record<string, { count(a: unknown): Promise<number> }>)[card.c.model].count({ where: { unitId: { in: [...inCounty] } } });
      expect(card.total, card.c.key).toBe(oracle);
    }
  });
});
