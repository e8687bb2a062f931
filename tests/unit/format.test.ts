import { describe, expect, it } from "vitest";
import { KPIS, type KpiDef } from "@/lib/kpi/definitions";
import { change } from "@/lib/kpi/engine";
import { perCapitaRate, populationYear } from "@/lib/kpi/per-capita";
import { formatChange, formatCount, formatDate, formatDateCn, formatDateTime, formatKpiValue, formatNumber, formatPerCapita, formatPercent, formatPeriodKey, kpiCell, roundHalfUp } from "@/lib/format";

describe("Chinese conventions", () => {
  it("shows times in Beijing whatever the server zone", () => {
    expect(formatDateTime(new Date("2025-03-04T16:30:05Z"))).toBe("2025-03-05 00:30:05");
    expect(formatDate(new Date("2025-03-04T15:59:59Z"))).toBe("2025-03-04");
    expect(formatDate(new Date("2025-03-04T16:00:00Z"))).toBe("2025-03-05");
    expect(formatDateCn(new Date("2025-03-04T16:00:00Z"))).toBe("2025年3月5日");
    expect(formatDate(new Date("2025-12-31T00:00:00Z"), { utcDate: true })).toBe("2025-12-31");
  });

  it("uses 万 and 亿 for large figures", () => {
    expect(formatCount(4850)).toBe("4,850");
    expect(formatCount(44_000)).toBe("4.4万");
    expect(formatCount(1_000_000_000)).toBe("10亿");
    expect(formatCount(3_834_000_000)).toBe("38.3亿");
    expect(formatCount(null)).toBe("—");
  });

  it("rounds percentages to one decimal", () => {
    expect(formatPercent(57_454 / 58_408)).toBe("98.4%");
    expect(formatPercent(-0.015, { signed: true })).toBe("-1.5%");
    expect(formatPercent(0.1435)).toBe("14.4%");
    expect(formatPercent(0.125, { signed: true })).toBe("+12.5%");
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

const def = (format: KpiDef["format"], unit: string): KpiDef => ({ id: `t.${format}.${unit}`, name: "测试", caliber: "测试", unit, direction: "up", format, group: "测试", daily: true });
const text = (d: KpiDef, v: number) => {
  const f = formatKpiValue(d, v);
  return `${f.text}${f.unit}`;
};

describe("四舍五入 on the exact decimal value (never binary toFixed)", () => {
  it("rounds ties half up where toFixed rounds down", () => {
    expect((14.35).toFixed(1)).toBe("14.3"); // the bug this module exists for
    expect(roundHalfUp(287 / 20, 1)).toBe("14.4");
    expect(roundHalfUp(1.005, 2)).toBe("1.01");
    expect(roundHalfUp(2.675, 2)).toBe("2.68");
    expect(roundHalfUp(0.125, 2)).toBe("0.13");
    expect(roundHalfUp(2.5, 0)).toBe("3");
    expect(roundHalfUp(-14.35, 1)).toBe("-14.4");
    expect(roundHalfUp(-0.04, 1)).toBe("0.0");
    expect(roundHalfUp(1e21 + 0.5, 0)).toBe("1000000000000000000000");
    expect(roundHalfUp(123_456_789_012.345, 2)).toBe("123456789012.35");
    expect(formatNumber(87.345, 2)).toBe("87.35");
    expect(formatNumber(-1234.55, 1)).toBe("−1,234.6");
  });

  // every unit a KPI has, ties at the shown precision (x.x5 / x.xx5), negative and large values
  const cases: [KpiDef["format"], string, number, string][] = [
    ["percent", "%", 0.1435, "14.4%"],
    ["percent", "%", 0.98445, "98.4%"], // 98.445 → 98.4: the tie is at the second decimal
    ["percent", "%", 0.0005, "0.1%"],
    ["percent", "%", -0.1435, "−14.4%"],
    ["percent", "%", 12.345, "1,234.5%"],
    ["days", "天", 14.35, "14.4天"],
    ["days", "天", 287 / 20, "14.4天"],
    ["days", "天", 0.05, "0.1天"],
    ["days", "天", -2.25, "−2.3天"],
    ["days", "天", 12_345.65, "12,345.7天"],
    ["money", "万元", 1_234.55, "1,234.6万元"],
    ["money", "万元", 0.05, "0.1万元"],
    ["money", "万元", -3.45, "−3.5万元"],
    ["money", "万元", 9_999.95, "1亿元"],
    ["money", "万元", 12_345.005, "1.23亿元"],
    ["money", "万元", 12_345, "1.23亿元"],
    ["money", "万元", 12_355, "1.24亿元"],
    ["money", "万元", 383_400, "38.34亿元"],
    ["money", "万元", -123_450, "−12.35亿元"],
    ["count", "个", 4_850, "4,850个"],
    ["count", "人", 12.5, "13人"],
    ["count", "起", 14_350, "1.4万起"],
    ["count", "起", 14_500, "1.5万起"],
    ["count", "起", 99_995, "10万起"],
    ["count", "起", 99_999_999, "1亿起"],
    ["count", "起", 3_835_000_000, "38.4亿起"],
    ["count", "起", -14_500, "−1.5万起"],
    ["count", "起", -2.5, "−3起"],
    ["count", "项", 0, "0项"],
    ["score", "分", 87.25, "87.3分"],
    ["score", "分", -0.05, "−0.1分"],
    ["months", "个月", 22.5, "23个月"],
  ];
  it.each(cases)("%s %s: %d → %s", (format, unit, v, want) => {
    expect(text(def(format, unit), v)).toBe(want);
  });

  it("every KPI's unit is covered by the cases above", () => {
    const covered = new Set(cases.map(([f, u]) => `${f}/${u}`));
    const units = new Set(KPIS.map((k) => `${k.format}/${k.format === "count" ? k.unit : ({ percent: "%", days: "天", money: "万元", score: "分", months: "个月" } as Record<string, string>)[k.format]}`));
    expect([...units].filter((u) => !covered.has(u) && !u.startsWith("count/"))).toEqual([]);
    // counts format the same whatever the unit; every count unit in use appears with its own unit
    for (const k of KPIS.filter((x) => x.format === "count")) expect(text(k, 14_500)).toBe(`1.5万${k.unit}`);
  });

  it("changes: percentages and 个百分点 rounded half up on the exact difference", () => {
    const k = (id: string) => KPIS.find((x) => x.id === id)!;
    // 0.5435 − 0.5 = 4.35 points exactly (binary subtraction gives 4.349999…)
    expect(formatChange(k("mediation.rate"), change(k("mediation.rate"), 0.5435, 0.5)).text).toBe("+4.4个百分点");
    expect(formatChange(k("mediation.rate"), change(k("mediation.rate"), 0.5, 0.5435)).text).toBe("−4.4个百分点");
    // (2287 − 2000) / 2000 = 14.35%
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 2_287, 2_000)).text).toBe("+14.4%");
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 1_713, 2_000)).text).toBe("−14.4%");
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 2_000, 2_000)).text).toBe("+0.0%".replace("+", ""));
  });

  it("spreadsheet cells hold the exact value and a format of the same precision; CSV text at that precision", () => {
    const k = (id: string) => KPIS.find((x) => x.id === id)!;
    expect(kpiCell(k("ent.daysToClose"), 14.35)).toEqual({ num: 14.35, numFmt: "#,##0.0", text: "14.4" });
    expect(kpiCell(k("mediation.rate"), 0.1435)).toEqual({ num: 0.1435, numFmt: "0.0%", text: "14.4" });
    expect(kpiCell(k("telecom.loss"), 1_234.555)).toEqual({ num: 1_234.555, numFmt: "#,##0.0", text: "1234.56" });
    expect(kpiCell(k("criminal.filed"), 12_345)).toEqual({ num: 12_345, numFmt: "#,##0", text: "12345" });
    expect(kpiCell(k("criminal.filed"), null)).toBeNull();
  });

  it("period keys read as Chinese, never raw", () => {
    expect(formatPeriodKey("2026-11")).toBe("2026年11月");
    expect(formatPeriodKey("2026-Q4")).toBe("2026年第四季度");
    expect(formatPeriodKey("2025")).toBe("2025年");
    expect(formatPeriodKey("2026-10-ytd")).toBe("2026年1—10月");
    expect(formatPeriodKey("d7-2026-11-29")).toBe("近7天（截至11月29日）");
  });
});

describe("formatPerCapita (每10万人口)", () => {
  const crimes = { unit: "起" };
  it("two decimals rounded half up on the exact value, the KPI's unit per 10万人", () => {
    expect(formatPerCapita(crimes, 12.345)).toEqual({ text: "12.35", unit: "起/10万人" });
    expect(formatPerCapita(crimes, 0.005)).toEqual({ text: "0.01", unit: "起/10万人" });
    expect(formatPerCapita(crimes, 1.005)).toEqual({ text: "1.01", unit: "起/10万人" });
    expect(formatPerCapita(crimes, 1234.5)).toEqual({ text: "1,234.50", unit: "起/10万人" });
    expect(formatPerCapita(crimes, 0)).toEqual({ text: "0.00", unit: "起/10万人" });
    expect(formatPerCapita({ unit: "人" }, 3.1)).toEqual({ text: "3.10", unit: "人/10万人" });
  });
  it("「—」 without a rate (no population: never a division by zero)", () => {
    expect(formatPerCapita(crimes, null)).toEqual({ text: "—", unit: "" });
    expect(formatPerCapita(crimes, Infinity)).toEqual({ text: "—", unit: "" });
    expect(formatPerCapita(crimes, perCapitaRate(12, 0))).toEqual({ text: "—", unit: "" });
    expect(formatPerCapita(crimes, perCapitaRate(12, null))).toEqual({ text: "—", unit: "" });
  });
  it("the rate: count ÷ population × 100,000, the population of the period's last year", () => {
    expect(perCapitaRate(2465, 24_650_000)).toBe(10);
    expect(perCapitaRate(null, 24_650_000)).toBeNull();
    expect(perCapitaRate(5, -1)).toBeNull();
    expect(populationYear({ to: new Date(Date.UTC(2024, 0, 1)) })).toBe(2023);
    expect(populationYear({ to: new Date(Date.UTC(2025, 10, 1)) })).toBe(2025);
  });
});

describe("formatDecimal (chart axes, tooltips and data tables)", () => {
  it("rounds half up to at most the given decimals, drops trailing zeros, groups thousands", async () => {
    const { formatDecimal } = await import("@/lib/format");
    expect(formatDecimal(2781, 1)).toBe("2,781");
    expect(formatDecimal(2581.45, 1)).toBe("2,581.5");
    expect(formatDecimal(287 / 20, 1)).toBe("14.4");
    expect(formatDecimal(10.04, 1)).toBe("10");
    expect(formatDecimal(-14.35, 1)).toBe("-14.4");
    expect(formatDecimal(0.05, 1)).toBe("0.1");
    expect(formatDecimal(1234567.25, 1)).toBe("1,234,567.3");
    expect(formatDecimal(null, 1)).toBe("—");
    expect(formatDecimal(Number.NaN, 1)).toBe("—");
  });
});
