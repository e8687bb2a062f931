// The view unit (lib/units/queries.ts findViewUnit/resolveViewUnit) is answered from the process's cached unit list of
// the user's subtree: the same answers as reading the unit and checking its path — a unit of the subtree by code, none
// for a unit outside it, a malformed or unknown code, a picked unit (cookie) only inside the subtree — and a changed
// unit is seen at the next request (the cache is dropped through the units NOTIFY).
import { beforeAll, describe, expect, it, vi } from "vitest";

const request = vi.hoisted(() => ({ picked: undefined as string | undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (name === "pingan_view_unit" && request.picked ? { name, value: request.picked } : undefined) }),
  headers: async () => new Headers(),
}));

import { findViewUnit } from "@/lib/units/queries";
import { setupTestDatabase } from "./helpers/db";
import { unitByCode } from "./helpers/factories";

const t = setupTestDatabase();
let city: { id: number; path: string; code: string };
let county: { id: number; path: string; code: string };

beforeAll(async () => {
  city = await unitByCode(t.db, "6201");
  county = await unitByCode(t.db, "620102");
});

describe("findViewUnit", () => {
  const viewer = () => ({ unitId: city.id, unitPath: city.path });

  it("gives a unit of the subtree by code, with its scope, and the user's own unit without a code", async () => {
    request.picked = undefined;
    const u = await findViewUnit(viewer(), "620102");
    expect(u).toMatchObject({ id: county.id, code: "620102", path: county.path, scope: { path: county.path } });
    expect(Object.keys(u!).sort()).toEqual(["active", "code", "depth", "id", "kind", "level", "name", "parentId", "path", "scope", "shortName"]);
    expect(await findViewUnit(viewer())).toMatchObject({ id: city.id, code: "6201" });
    expect(await findViewUnit(viewer(), ["620102", "6202"])).toMatchObject({ id: county.id });
  });

  it("gives nothing for a unit outside the subtree, an unknown code or a malformed one", async () => {
    expect(await findViewUnit(viewer(), "62")).toBeNull();
    expect(await findViewUnit(viewer(), "6202")).toBeNull();
    expect(await findViewUnit(viewer(), "620199")).toBeNull();
    expect(await findViewUnit(viewer(), "62' OR 1=1")).toBeNull();
    expect(await findViewUnit({ unitId: county.id, unitPath: county.path }, "6201")).toBeNull();
  });

  it("follows a picked unit (cookie) only inside the subtree", async () => {
    request.picked = "620102";
    expect(await findViewUnit(viewer())).toMatchObject({ id: county.id });
    request.picked = "6202";
    expect(await findViewUnit(viewer())).toMatchObject({ id: city.id });
    request.picked = "junk";
    expect(await findViewUnit(viewer())).toMatchObject({ id: city.id });
    request.picked = undefined;
  });

  it("sees a renamed unit at the next call (the cached list is dropped when a unit changes)", async () => {
    const before = await findViewUnit(viewer(), "620102");
    await t.db.unit.update({ where: { id: county.id }, data: { name: `${before!.name}（改）` } });
    expect((await findViewUnit(viewer(), "620102"))!.name).toBe(`${before!.name}（改）`);
    await t.db.unit.update({ where: { id: county.id }, data: { name: before!.name } });
    expect((await findViewUnit(viewer(), "620102"))!.name).toBe(before!.name);
  });
});
