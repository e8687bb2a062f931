import { describe, expect, it } from "vitest";
import { BAD_RAMP, GOOD_RAMP, buildClasses, classifyUnits, formatMapNumber } from "@/lib/cockpit/map-classes";

const codes = (n: number) => Array.from({ length: n }, (_, i) => `62${String(i + 1).padStart(2, "0")}`);
const data = (values: (number | null)[]) => values.map((value, i) => ({ code: codes(values.length)[i], value }));
const classOf = (m: ReturnType<typeof classifyUnits>, code: string) => m.units.get(code)!.classIndex;

describe("map colour classes", () => {
  it("14 distinct values: 5 quantile classes, breaks rounded, every unit in the class whose range holds it", () => {
    const values = [3, 7, 12, 18, 25, 31, 38, 44, 52, 61, 70, 83, 95, 120];
    const m = classifyUnits(codes(14), data(values), "up");
    expect(m.classes).toHaveLength(5);
    expect(m.classes.map((c) => c.colour)).toEqual([...GOOD_RAMP]);
    // the breaks are round numbers and the ranges join up from the smallest to the largest value
    expect(m.classes[0].min).toBe(3);
    expect(m.classes[4].max).toBe(120);
    for (let i = 1; i < 5; i++) {
      expect(m.classes[i].min).toBe(m.classes[i - 1].max);
      expect(m.classes[i].min % 1).toBe(0);
    }
    for (const [i, v] of values.entries()) {
      const k = classOf(m, codes(14)[i])!;
      const c = m.classes[k];
      expect(v).toBeGreaterThanOrEqual(c.min);
      expect(k === 4 ? v <= c.max : v < c.max).toBe(true);
    }
    // lower classes hold lower values: the order of the units is kept
    const ks = values.map((_, i) => classOf(m, codes(14)[i])!);
    expect([...ks].sort((a, b) => a - b)).toEqual(ks);
    expect(m.legend.map((l) => l.text)).toEqual(m.classes.map((c) => c.text));
    expect(m.hasNoData).toBe(false);
    expect(m.reading).toBe("颜色越深越好");
  });

  it("ties: equal values always share a class, and a value on a break goes to the class above", () => {
    const values = [1, 2, 2, 2, 5, 5, 8, 9, 9, 9, 9, 13, 20, 20];
    const m = classifyUnits(codes(14), data(values), "down");
    expect(m.classes.map((c) => c.colour).every((c) => (BAD_RAMP as readonly string[]).includes(c))).toBe(true);
    const byValue = new Map<number, Set<number>>();
    values.forEach((v, i) => byValue.set(v, (byValue.get(v) ?? new Set()).add(classOf(m, codes(14)[i])!)));
    for (const s of byValue.values()) expect(s.size).toBe(1);
    for (const c of m.classes.slice(1)) expect(buildClasses(values, "down").classify(c.min)).toBe(m.classes.indexOf(c));
    expect(m.reading).toBe("颜色越深越差");
  });

  it("all units equal: one class, in the middle of the ramp, the legend shows the one value", () => {
    const m = classifyUnits(codes(14), data(Array(14).fill(42.5)), "up");
    expect(m.classes).toEqual([{ colour: GOOD_RAMP[2], text: "42.5", min: 42.5, max: 42.5 }]);
    expect(codes(14).every((c) => classOf(m, c) === 0)).toBe(true);
    expect(m.reading).toBeNull();
  });

  it("few distinct values (≤ 5): one class each, spread over the ramp from light to dark", () => {
    const m = classifyUnits(codes(6), data([0, 10, 10, 0, 30, 20]), "up");
    expect(m.classes.map((c) => c.text)).toEqual(["0", "10", "20", "30"]);
    expect(m.classes.map((c) => c.colour)).toEqual([GOOD_RAMP[0], GOOD_RAMP[1], GOOD_RAMP[3], GOOD_RAMP[4]]);
    expect(codes(6).map((c) => classOf(m, c))).toEqual([0, 1, 1, 0, 3, 2]);
  });

  it("a single unit: one class, no 'darker is better' line", () => {
    const m = classifyUnits(["6201"], [{ code: "6201", value: 0.5, display: "50.0%" }], "up");
    expect(m.classes).toHaveLength(1);
    expect(m.units.get("6201")).toEqual({ code: "6201", classIndex: 0, colour: GOOD_RAMP[2], value: 0.5, text: "50.0%" });
    expect(m.legend).toEqual([{ colour: GOOD_RAMP[2], text: "0.5" }]);
    expect(m.reading).toBeNull();
  });

  it("missing values (null, NaN, ∞, no datum) get no class, are not counted in the breaks, and add 无数据 to the legend", () => {
    const m = classifyUnits(["a", "b", "c", "d", "e", "f"], [
      { code: "a", value: 1 },
      { code: "b", value: null },
      { code: "c", value: Number.NaN },
      { code: "d", value: Number.POSITIVE_INFINITY },
      { code: "e", value: 3 },
      // f has no datum; a datum for a unit that is not drawn does not move the classes
      { code: "zz", value: 1000 },
    ], "up", "件");
    expect(m.classes.map((c) => c.text)).toEqual(["1", "3"]);
    for (const code of ["b", "c", "d", "f"]) expect(m.units.get(code)).toMatchObject({ classIndex: null, colour: null, value: null, text: "无数据" });
    expect(m.units.get("e")?.text).toBe("3件");
    expect(m.hasNoData).toBe(true);
    expect(m.legend.at(-1)).toEqual({ colour: null, text: "无数据" });
  });

  it("no values at all: no classes, everything hatched", () => {
    const m = classifyUnits(["6201", "6202"], [], "down");
    expect(m.classes).toEqual([]);
    expect(m.legend).toEqual([{ colour: null, text: "无数据" }]);
    expect([...m.units.values()].every((u) => u.classIndex === null)).toBe(true);
    expect(buildClasses([], "up").classes).toEqual([]);
  });

  it("negative changes (同比 −12.5 % … +8 %): ordered classes across zero, minus signs in the legend", () => {
    const values = [-12.5, -9.8, -7.1, -4.4, -3.3, -1.2, 0, 0.4, 1.9, 2.6, 3.3, 5.5, 6.1, 8];
    const m = classifyUnits(codes(14), data(values), "up");
    expect(m.classes).toHaveLength(5);
    expect(m.classes[0].min).toBe(-12.5);
    expect(m.classes[4].max).toBe(8);
    // the legend's ends are rounded like the breaks (whole numbers here), with a real minus sign
    expect(m.classes[0].text).toMatch(/^−13 – −\d+$/);
    const ks = values.map((_, i) => classOf(m, codes(14)[i])!);
    expect([...ks].sort((a, b) => a - b)).toEqual(ks);
    expect(ks[0]).toBe(0);
    expect(ks[13]).toBe(4);
  });

  it("formats map numbers through lib/format: separators, half-up, no trailing zeros unless digits are fixed", () => {
    expect(formatMapNumber(1234.5)).toBe("1,234.5");
    expect(formatMapNumber(1200)).toBe("1,200");
    expect(formatMapNumber(0.125)).toBe("0.13");
    expect(formatMapNumber(-3, 1)).toBe("−3.0");
    expect(formatMapNumber(5, -2)).toBe("5");
  });
});
