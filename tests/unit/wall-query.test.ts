import { describe, expect, it } from "vitest";
import { ZWallQuery, parseQuery } from "@/lib/http/query";

describe("the wall's query (rotation through units)", () => {
  it("reads a tour of unit codes and its interval", () => {
    const q = parseQuery(ZWallQuery, { tour: "6201,6205， 6201 620102", every: "45" });
    expect(q.tour).toEqual(["6201", "6205", "620102"]);
    expect(q.every).toBe(45);
  });

  it("drops a malformed tour and keeps the interval within 10 s … 1 h (default 30 s)", () => {
    expect(parseQuery(ZWallQuery, { tour: "6201,<script>" }).tour).toBeUndefined();
    expect(parseQuery(ZWallQuery, { tour: Array.from({ length: 30 }, (_, i) => String(6200 + i)).join(",") }).tour).toBeUndefined();
    expect(parseQuery(ZWallQuery, { every: "1" }).every).toBe(30);
    expect(parseQuery(ZWallQuery, { every: "99999" }).every).toBe(30);
    expect(parseQuery(ZWallQuery, {}).every).toBe(30);
  });
});
