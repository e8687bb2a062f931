// KPI arithmetic on the source article's figures and on edge cases.
import { describe, expect, it } from "vitest";
import { KPI_MAP, KPIS } from "@/lib/kpi/definitions";
import { change, seriesMonths, streakAt } from "@/lib/kpi/engine";
import { formatChange, formatKpiValue } from "@/lib/format";
import { asOf, defaultPeriod, monthKey, parsePeriod, previousPeriod, sameLastYear } from "@/lib/kpi/period";

const k = (id: string) => KPI_MAP.get(id)!;
const NOW = new Date("2026-11-30T04:00:00Z"); // 2026-11-30 12:00 in Beijing

describe("definitions", () => {
  it("every KPI has a Chinese name, a 口径, a unit, a direction and a way to compute it", () => {
    const ids = new Set<string>();
    for (const d of KPIS) {
      expect(ids.has(d.id), d.id).toBe(false);
      ids.add(d.id);
      expect(d.name).toMatch(/[\u4e00-\u9fa5]/);
      expect(d.caliber.length).toBeGreaterThan(10);
      expect(["up", "down", "neutral"]).toContain(d.direction);
      expect(!!d.num || !!d.custom).toBe(true);
      if (d.format === "percent") expect(d.den).toBeTruthy();
    }
  });
});

describe("the article's figures", () => {
  it("mediation success 57,454 ÷ 58,408 reads 98.4%", () => {
    expect(formatKpiValue(k("mediation.rate"), 57_454 / 58_408)).toEqual({ text: "98.4", unit: "%" });
  });

  it("criminal cases filed −1.5% year on year is good news; solved +12.5% is good news", () => {
    const filed = change(k("criminal.filed"), 9_850, 10_000);
    expect(formatChange(k("criminal.filed"), filed)).toEqual({ text: "−1.5%", good: true, arrow: "▼" });
    const solved = change(k("criminal.solved"), 5_625, 5_000);
    expect(formatChange(k("criminal.solved"), solved)).toEqual({ text: "+12.5%", good: true, arrow: "▲" });
    // and the reverse is bad news
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 10_125, 10_000)).good).toBe(false);
  });

  it("economic crime: ¥1.0 bn recovered reads 10亿元 (values are kept in 万元)", () => {
    expect(formatKpiValue(k("economic.recovered"), 100_000)).toEqual({ text: "10", unit: "亿元" });
    expect(formatKpiValue(k("economic.recovered"), 383_400)).toEqual({ text: "38.34", unit: "亿元" });
    expect(formatKpiValue(k("economic.solved"), 1_441)).toEqual({ text: "1,441", unit: "起" });
    expect(formatKpiValue(k("disputes.screened"), 44_000)).toEqual({ text: "4.4", unit: "万起" });
  });

  it("rates change in percentage points, not percent", () => {
    const c = change(k("mediation.rate"), 0.984, 0.972);
    expect(c?.kind).toBe("points");
    expect(formatChange(k("mediation.rate"), c).text).toBe("+1.2个百分点");
  });
});

describe("edge cases", () => {
  it("zero or tiny base: the difference, never infinity or a +100% alarm (minBaseForPct in the 口径)", () => {
    expect(change(k("criminal.filed"), 12, 0)).toMatchObject({ kind: "absolute", value: 12 });
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 12, 0))).toEqual({ text: "+12起", good: null, arrow: "▲" });
    expect(formatChange(k("criminal.filed"), change(k("criminal.filed"), 0, 0)).text).toBe("持平");
    // 2 → 4 is "+2起" in grey, not "+100%" in red; from a base of 20 it is a percentage again
    expect(formatChange(k("traffic.deaths"), change(k("traffic.deaths"), 4, 2))).toEqual({ text: "+2人", good: null, arrow: "▲" });
    expect(formatChange(k("traffic.deaths"), change(k("traffic.deaths"), 40, 20))).toEqual({ text: "+100.0%", good: false, arrow: "▲" });
    expect(formatChange(k("telecom.loss"), change(k("telecom.loss"), 3.5, 5))).toEqual({ text: "−1.5万元", good: null, arrow: "▼" });
  });

  it("a streak has no 同比/环比 percentage", () => {
    expect(change(k("telecom.streak"), 23, 11)).toBeNull();
    expect(formatChange(k("telecom.streak"), change(k("telecom.streak"), 23, 11)).text).toBe("—");
  });

  it("missing values: no change", () => {
    expect(change(k("criminal.filed"), null, 5)).toBeNull();
    expect(change(k("mediation.rate"), 0.9, null)).toBeNull();
    expect(formatKpiValue(k("mediation.rate"), null).text).toBe("—");
  });

  it("the telecom streak counts consecutive double declines and stops at a missing month", () => {
    const series = new Map<string, { cases: number; loss: number }>();
    const end = new Date(Date.UTC(2023, 5)); // 2023-06
    for (let i = 0; i < 48; i++) {
      const m = new Date(Date.UTC(2020, 6 + i)); // 2020-07 … 2024-06
      series.set(monthKey(m), { cases: 1000 - i * 10, loss: 500 - i * 5 });
    }
    // 2021-07 onwards every month is below the year before: from 2021-07 to 2023-06 that is 24 months
    expect(streakAt(series, end)).toBe(24);
    // one month where losses rose breaks it
    series.set("2022-08", { cases: 100, loss: 9_999 });
    expect(streakAt(series, end)).toBe(10); // 2022-09 … 2023-06
    series.delete("2023-06");
    expect(streakAt(series, end)).toBe(0);
  });
});

describe("periods", () => {
  it("month, 环比, 同比, quarter, year, YTD, 7/28 days", () => {
    const m = parsePeriod("2025-10", NOW)!;
    expect(m.label).toBe("2025年10月");
    expect(monthKey(m.from)).toBe("2025-10");
    expect(previousPeriod(m, NOW)!.key).toBe("2025-09");
    expect(sameLastYear(m, NOW)!.key).toBe("2024-10");
    expect(previousPeriod(parsePeriod("2025-01", NOW)!, NOW)!.key).toBe("2024-12");
    const q = parsePeriod("2025-Q1", NOW)!;
    expect(q.months.map(monthKey)).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(previousPeriod(q, NOW)!.key).toBe("2024-Q4");
    expect(parsePeriod("2025-10-ytd", NOW)!.months).toHaveLength(10);
    expect(sameLastYear(parsePeriod("2025-10-ytd", NOW)!, NOW)!.key).toBe("2024-10-ytd");
    const d7 = parsePeriod("d7-2026-11-29", NOW)!;
    expect(d7.from.toISOString().slice(0, 10)).toBe("2026-11-23");
    expect(previousPeriod(d7, NOW)!.key).toBe("d7-2026-11-22");
    expect(sameLastYear(d7, NOW)!.key).toBe("d7-2025-11-30");
    expect(parsePeriod("2027-01", NOW)).toBeNull();
    expect(parsePeriod("2025-13", NOW)).toBeNull();
    expect(parsePeriod("x", NOW)).toBeNull();
  });

  it("defaults to the last complete month in Beijing, and counts state up to the period's end", () => {
    expect(defaultPeriod(new Date("2026-11-30T16:30:00Z")).key).toBe("2026-11"); // already December in Beijing
    expect(defaultPeriod(new Date("2026-11-30T15:30:00Z")).key).toBe("2026-10");
    expect(asOf(parsePeriod("2025-10", NOW)!, NOW).toISOString()).toBe("2025-10-31T16:00:00.000Z");
    const current = parsePeriod("2026-11", NOW)!;
    expect(current.partial).toBe(true);
    expect(asOf(current, NOW)).toEqual(NOW);
    expect(seriesMonths(current, 3, NOW).map(monthKey)).toEqual(["2026-08", "2026-09", "2026-10"]);
  });
});
