import { describe, expect, it } from "vitest";
import { formatCount, formatDate, formatDateCn, formatDateTime, formatPercent } from "@/lib/format";

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
    expect(formatPercent(0.125, { signed: true })).toBe("+12.5%");
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
