import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type GansuGeo, LABEL_PX, layoutMap } from "@/lib/cockpit/map-layout";

const geo = JSON.parse(fs.readFileSync(path.resolve("public/geo/gansu.json"), "utf8")) as GansuGeo;

describe("map layout", () => {
  it("the province by 市州: all 14, the whole viewBox, no outlines, labels that do not overlap", () => {
    const l = layoutMap(geo, "city", 420);
    expect(l.features).toHaveLength(14);
    expect(`${l.viewBox.x} ${l.viewBox.y} ${l.viewBox.w} ${l.viewBox.h}`).toBe(geo.viewBox.trim().split(/\s+/).join(" "));
    expect(l.outlines).toEqual([]);
    expect(l.labels.length).toBeGreaterThan(8);
    expect(l.fontSize * l.scale).toBeCloseTo(LABEL_PX);
    const boxes = l.labels.map((x) => ({ x0: x.x - (x.text.length * l.fontSize) / 2, x1: x.x + (x.text.length * l.fontSize) / 2, y0: x.y - l.fontSize * 0.6, y1: x.y + l.fontSize * 0.6 }));
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
  });

  it("the province by county: every county, the 14 市州 outlines over them, 市州 names as labels", () => {
    const l = layoutMap(geo, "county", 420);
    expect(l.features).toHaveLength(geo.counties.length);
    expect(l.outlines).toHaveLength(14);
    expect(l.labels.every((x) => geo.cities.some((c) => c.code === x.code))).toBe(true);
  });

  it("a city's counties: only its counties, a viewBox around them, its outline, county names", () => {
    const l = layoutMap(geo, "county", 380, ["6201"]);
    expect(l.features.length).toBeGreaterThan(3);
    expect(l.features.every((f) => f.cityCode === "6201")).toBe(true);
    expect(l.outlines.map((c) => c.code)).toEqual(["6201"]);
    for (const f of l.features) {
      expect(f.bbox[0]).toBeGreaterThanOrEqual(l.viewBox.x);
      expect(f.bbox[2]).toBeLessThanOrEqual(l.viewBox.x + l.viewBox.w);
    }
    expect(l.labels.every((x) => l.features.some((f) => f.code === x.code))).toBe(true);
  });
});
