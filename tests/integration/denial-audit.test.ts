// Refused page reads are audited, and a burst is coalesced (lib/audit/denials.ts): every page-level lookup that
// answers 404 for a record or unit outside the user's scope writes a "page.view denied" row; a crawler hammering
// them gets one row for the first refusal of each minute plus one summary row with the count — never one row per
// request — and the hash chain stays intact (audit rows are only appended).
import { beforeAll, describe, expect, it, vi } from "vitest";

let currentPath = "/";
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-pathname": currentPath, "x-forwarded-for": "10.9.8.7" }),
  cookies: async () => ({ get: () => undefined }),
}));

import { verifyAuditChain } from "@/lib/audit/chain";
import { flushDenialWindows, recordDenial } from "@/lib/audit/denials";
import type { SessionUser } from "@/lib/auth/session";
import { denyPage } from "@/lib/auth/session";
import { LEDGERS } from "@/lib/ledgers/configs";
import { getLedgerRecord } from "@/lib/ledgers/queries";
import { getAssignment } from "@/lib/tasks/queries";
import { resolveViewUnit } from "@/lib/units/queries";
import { getUserInScope } from "@/lib/users/queries";
import { setupTestDatabase } from "./helpers/db";
import { type TestUser, makeUser } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";

const t = setupTestDatabase();

function sessionUser(u: TestUser, unitCode: string): SessionUser {
  return { id: u.id, username: u.username, name: u.name, badgeNo: null, role: u.role as SessionUser["role"], unitId: u.unitId, unitCode, unitName: "", unitLevel: "CITY", unitPath: u.unitPath, mustChangePassword: false, restriction: null };
}

const denials = (userId: number) => t.db.auditLog.findMany({ where: { userId, action: "page.view", result: "denied" }, orderBy: { seq: "asc" } });

async function expect404(p: Promise<unknown>) {
  await expect(p).rejects.toMatchObject({ digest: expect.stringContaining("404") });
}

/** ages every open window by two minutes, as if the minute had passed */
const endMinute = () => t.db.$executeRawUnsafe(`UPDATE audit_denial_windows SET window_start = window_start - interval '2 minutes'`);

describe("refused page reads", () => {
  let tianshui: TestUser;
  let viewer: SessionUser;
  beforeAll(async () => {
    tianshui = await makeUser(t.db, "COMMANDER", "6205");
    viewer = sessionUser(tianshui, "6205");
  });

  it("every page-level lookup outside the scope answers 404 and writes one denial row naming the page", async () => {
    // records of Lanzhou, looked at by a Tianshui commander
    const lanzhouAssignment = await makeAssignment(t.db, "6201");
    const lanzhouUser = await makeUser(t.db, "OFFICER", "6201");
    const cases: [string, () => Promise<unknown>][] = [
      [`/tasks/${lanzhouAssignment.id}`, () => getAssignment(t.db, viewer, lanzhouAssignment.id)],
      ["/tasks/999999999", () => getAssignment(t.db, viewer, 999_999_999)],
      ["/tasks/abc", () => getAssignment(t.db, viewer, Number.NaN)],
      [`/admin/users/${lanzhouUser.id}`, () => getUserInScope(viewer, lanzhouUser.id)],
      ["/stats?unit=6201", () => resolveViewUnit(viewer, "6201")],
      ["/ledgers/disputes/2147483647", () => getLedgerRecord(t.db, LEDGERS.disputes, viewer, 2_147_483_647)],
    ];
    for (const [path, run] of cases) {
      await endMinute();
      currentPath = path;
      await expect404(run());
      const rows = await denials(tianshui.id);
      const last = rows.at(-1)!;
      expect(last.entityId).toBe(path);
      expect(last.entity).toBe("Page");
      expect(last.reason).toMatch(/超出管辖范围|不存在|编号无效/);
      expect(last.ip).toBe("10.9.8.7");
    }
    expect((await denials(tianshui.id)).filter((r) => !r.after).length).toBe(cases.length);
  });

  it("a crawler's burst becomes one row for the first refusal and one summary row with the count", async () => {
    const crawler = await makeUser(t.db, "OFFICER", "620102");
    const v = sessionUser(crawler, "620102");
    const before = await t.db.auditLog.count();
    for (let i = 0; i < 60; i++) {
      currentPath = `/tasks/${1_000_000 + i}`;
      await expect404(getAssignment(t.db, v, 1_000_000 + i));
    }
    // concurrent refusals count exactly once each
    await Promise.all(Array.from({ length: 20 }, (_, i) => expect404(denyPage("超出管辖范围", v).finally(() => void i))));
    let rows = await denials(crawler.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].entityId).toBe("/tasks/1000000");
    expect(await t.db.auditLog.count()).toBe(before + 1);

    // the minute ends: the next refusal (of anyone) writes the summary first
    await endMinute();
    currentPath = "/tasks/5";
    await expect404(denyPage("超出管辖范围", viewer));
    rows = await denials(crawler.id);
    expect(rows).toHaveLength(2);
    expect(rows[1].after).toMatchObject({ coalesced: 79 });
    expect(rows[1].reason).toContain("另被拒绝 79 次");
    expect(rows[1].result).toBe("denied");
    expect(await t.db.auditLog.count()).toBe(before + 3);

    // a window with a single refusal needs no summary; the audit page flush writes what is pending
    await denyPage("超出管辖范围", v).catch(() => {});
    await denyPage("超出管辖范围", v).catch(() => {});
    await endMinute();
    expect(await flushDenialWindows(t.db)).toBe(1);
    expect(await flushDenialWindows(t.db)).toBe(0);
    expect(await t.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM audit_denial_windows`)).toHaveLength(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("coalesces per actor and kind: another user or another kind is recorded on its own", async () => {
    const a = await makeUser(t.db, "OFFICER", "620102");
    const b = await makeUser(t.db, "OFFICER", "620102");
    const entry = (u: TestUser, action: string) => ({ actor: { userId: u.id, username: u.username, unitId: u.unitId, unitPath: u.unitPath, role: u.role }, action, entity: "Page", entityId: "/x", reason: "超出管辖范围" });
    expect(await recordDenial(t.db, entry(a, "page.view"))).toBe(true);
    expect(await recordDenial(t.db, entry(a, "page.view"))).toBe(false);
    expect(await recordDenial(t.db, entry(b, "page.view"))).toBe(true);
    expect(await recordDenial(t.db, entry(a, "action.origin"))).toBe(true);
    // without a session the client address is the actor
    const anon = { actor: { userId: null, username: null, unitId: null, unitPath: null, role: null }, action: "action.origin", entity: "Action", reason: "来源", ip: "192.0.2.1" };
    expect(await recordDenial(t.db, anon)).toBe(true);
    expect(await recordDenial(t.db, anon)).toBe(false);
    expect(await recordDenial(t.db, { ...anon, ip: "192.0.2.2" })).toBe(true);
  });
});
