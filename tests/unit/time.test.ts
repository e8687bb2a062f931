// Beijing time from lib/time.ts, at the day boundaries: 23:59 Beijing is 15:59 UTC (same day), 00:00 Beijing is
// 16:00 UTC of the day before. The expectations are written as UTC instants, independently of the code.
import { describe, expect, it } from "vitest";
import { daysUntil, dayString, isPastDay, parseDay, parseShanghaiDateTime, shanghaiDayStart, shanghaiIso, shanghaiToday, shanghaiYearMonth, toShanghaiInput } from "@/lib/time";
import { fileStamp } from "@/lib/io/export-response";
import { currentMonth } from "@/lib/stats/validate";
import { asOf, parsePeriod } from "@/lib/kpi/period";

const utc = (iso: string) => new Date(`${iso}Z`);

describe("Beijing calendar day", () => {
  it.each([
    ["2025-03-04T15:59:59", "2025-03-04"], // 23:59:59 Beijing on the 4th
    ["2025-03-04T16:00:00", "2025-03-05"], // 00:00 Beijing on the 5th
    ["2025-03-05T00:00:00", "2025-03-05"], // 08:00 Beijing: UTC and Beijing agree
    ["2025-12-31T16:00:00", "2026-01-01"], // new year in Beijing while still 2025 in UTC
    ["2024-02-28T16:00:00", "2024-02-29"], // leap day
  ])("at %s UTC today is %s", (at, day) => {
    expect(dayString(shanghaiToday(utc(at)))).toBe(day);
  });

  it("a day starts at 16:00 UTC the day before, and parseShanghaiDateTime agrees", () => {
    expect(shanghaiDayStart(parseDay("2025-03-05")!).toISOString()).toBe("2025-03-04T16:00:00.000Z");
    expect(parseShanghaiDateTime("2025-03-05 00:00")!.toISOString()).toBe("2025-03-04T16:00:00.000Z");
    expect(parseShanghaiDateTime("2025-03-04 23:59")!.toISOString()).toBe("2025-03-04T15:59:00.000Z");
  });

  it("wall-clock strings, year and month are Beijing's", () => {
    expect(shanghaiIso(utc("2025-12-31T16:00:00"))).toBe("2026-01-01T00:00:00");
    expect(toShanghaiInput(utc("2025-03-04T15:59:30"))).toBe("2025-03-04T23:59");
    expect(shanghaiYearMonth(utc("2025-12-31T15:59:59"))).toEqual({ year: 2025, month: 12 });
    expect(shanghaiYearMonth(utc("2025-12-31T16:00:00"))).toEqual({ year: 2026, month: 1 });
    expect(fileStamp(utc("2025-12-31T16:05:00"))).toBe("202601010005");
  });

  it("a deadline is due through 23:59 Beijing of its day and overdue from 00:00", () => {
    const deadline = parseDay("2025-03-04")!;
    expect(isPastDay(deadline, utc("2025-03-04T15:59:59"))).toBe(false);
    expect(daysUntil(deadline, utc("2025-03-04T15:59:59"))).toBe(0);
    expect(isPastDay(deadline, utc("2025-03-04T16:00:00"))).toBe(true);
    expect(daysUntil(deadline, utc("2025-03-04T16:00:00"))).toBe(-1);
  });

  it("the users of lib/time see the Beijing month and day", () => {
    expect(currentMonth(utc("2025-02-28T15:59:59"))).toBe("2025-02");
    expect(currentMonth(utc("2025-02-28T16:00:00"))).toBe("2025-03");
    // a month's figures are counted up to 00:00 Beijing of the 1st of the next month
    const now = utc("2026-01-01T00:00:00");
    expect(asOf(parsePeriod("2025-03", now)!, now).toISOString()).toBe("2025-03-31T16:00:00.000Z");
  });
});
