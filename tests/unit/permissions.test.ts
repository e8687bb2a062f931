import { describe, expect, it } from "vitest";
import { ADMIN_ROLES, BUSINESS_ROLES, PERMISSIONS, ROLES, ROLE_PERMISSIONS, can, permissionsOf } from "@/lib/auth/permissions";

describe("role → permission table", () => {
  it("lists every role and only known permissions", () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });

  it("三员分立: the three administrators share no permission and hold no business permission", () => {
    const business = new Set(BUSINESS_ROLES.flatMap((r) => ROLE_PERMISSIONS[r]));
    for (const a of ADMIN_ROLES) {
      for (const p of ROLE_PERMISSIONS[a]) if (p !== "account:self") expect(business.has(p), `${a} holds business permission ${p}`).toBe(false);
      for (const b of ADMIN_ROLES) {
        if (a === b) continue;
        const shared = ROLE_PERMISSIONS[a].filter((p) => p !== "account:self" && ROLE_PERMISSIONS[b].includes(p));
        expect(shared, `${a} and ${b} share ${shared}`).toEqual([]);
      }
    }
    expect(can("SYSADMIN", "audit:read")).toBe(false);
    expect(can("SECADMIN", "audit:read")).toBe(false);
    expect(can("AUDITOR", "user:manage")).toBe(false);
    expect(can("SYSADMIN", "plan:read")).toBe(false);
    expect(can("AUDITOR", "audit:read")).toBe(true);
  });

  it("a 大屏 display device reads walls and nothing else; commanders may open walls too", () => {
    expect(permissionsOf("DISPLAY")).toEqual(["wall:read"]);
    expect(can("DISPLAY", "account:self")).toBe(false);
    expect(can("DISPLAY", "cockpit:read")).toBe(false);
    expect(can("COMMANDER", "wall:read")).toBe(true);
    for (const r of ["OFFICER", "REVIEWER", "ANALYST", "SYSADMIN", "SECADMIN", "AUDITOR"]) expect(can(r, "wall:read")).toBe(false);
  });

  it("unknown roles hold nothing", () => {
    for (const role of [undefined, null, "", "ROOT", "commander", "__proto__", "constructor"]) {
      expect(permissionsOf(role)).toEqual([]);
      for (const p of PERMISSIONS) expect(can(role, p)).toBe(false);
    }
  });
});
