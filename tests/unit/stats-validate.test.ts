import { describe, expect, it } from "vitest";
import {
  LOCAL_ONLY_MESSAGE,
  NOT_ENTERABLE_MESSAGE,
  PROVINCE_ONLY_MESSAGE,
  enterableMetrics,
  addMonths,
  currentMonth,
  isEnterable,
  lastCompletedMonth,
  monthError,
  parseLooseMonth,
  parseStatInput,
  sameValue,
  validateStatMonth,
} from "@/lib/stats/validate";

const NOW = new Date("2025-06-15T04:00:00Z"); // 2025-06-15 12:00 in Beijing: the last completed month is 2025-05
const v = (values: Record<string, number>, extra: Partial<Parameters<typeof validateStatMonth>[0]> = {}) => validateStatMonth({ month: "2025-05", values, now: NOW, ...extra });
const errorsOf = (r: ReturnType<typeof validateStatMonth>) => r.errors.map((e) => `${e.metric ?? "-"}:${e.message}`);

describe("blocking errors", () => {
  it("a negative value", () => {
    expect(errorsOf(v({ "criminal.filed": -1 }))).toEqual(["criminal.filed:不能为负数"]);
  });

  it("decimals only where the metric allows them, at most two", () => {
    expect(errorsOf(v({ "criminal.filed": 12.5 }))).toEqual(["criminal.filed:应为整数"]);
    expect(v({ "telecom_fraud.loss": 12.25 }).errors).toEqual([]);
    expect(v({ "economic.recovered": 0.1 }).errors).toEqual([]);
    expect(errorsOf(v({ "telecom_fraud.loss": 12.255 }))).toEqual(["telecom_fraud.loss:最多保留 2 位小数"]);
  });

  it("values above 10,000,000", () => {
    expect(v({ "public_order.accepted": 10_000_000 }).errors).toEqual([]);
    expect(errorsOf(v({ "public_order.accepted": 10_000_001 }))[0]).toMatch(/^public_order\.accepted:数值过大/);
  });

  it("only completed months: not the current one, not a future one, not before 2020-01", () => {
    expect(v({ "criminal.filed": 1 }, { month: "2025-05" }).errors).toEqual([]);
    expect(errorsOf(v({ "criminal.filed": 1 }, { month: "2025-06" }))).toEqual(["-:2025年6月尚未结束，只能填报已结束的月份（最晚 2025年5月）"]);
    expect(errorsOf(v({ "criminal.filed": 1 }, { month: "2025-09" }))).toEqual(["-:不能填报未来的月份（最晚 2025年5月）"]);
    expect(errorsOf(v({ "criminal.filed": 1 }, { month: "2019-12" }))).toEqual(["-:月份不能早于 2020年1月"]);
    expect(v({ "criminal.filed": 1 }, { month: "2020-01" }).errors).toEqual([]);
    expect(monthError("2025-13", NOW)).toMatch(/YYYY-MM/);
  });

  it("the month boundary is Beijing's: at 2025-11-30T16:00Z it is already December, so November can be entered", () => {
    const before = new Date("2025-11-30T15:59:59Z");
    const at = new Date("2025-11-30T16:00:00Z");
    expect(currentMonth(before)).toBe("2025-11");
    expect(lastCompletedMonth(before)).toBe("2025-10");
    expect(monthError("2025-11", before)).toMatch(/尚未结束/);
    expect(currentMonth(at)).toBe("2025-12");
    expect(lastCompletedMonth(at)).toBe("2025-11");
    expect(monthError("2025-11", at)).toBeNull();
    // and across a year
    expect(lastCompletedMonth(new Date("2025-12-31T16:00:00Z"))).toBe("2025-12");
    expect(lastCompletedMonth(new Date("2025-12-31T15:59:00Z"))).toBe("2025-11");
  });

  it("a 市州 or the province cannot enter local figures (they are sums); counties, stations and 嘉峪关 (no counties) can", () => {
    expect(isEnterable({ level: "COUNTY" })).toBe(true);
    expect(isEnterable({ level: "STATION" })).toBe(true);
    expect(isEnterable({ level: "CITY", hasCounties: false })).toBe(true);
    expect(isEnterable({ level: "CITY", hasCounties: true })).toBe(false);
    expect(isEnterable({ level: "DEPARTMENT" })).toBe(false);
    expect(v({ "criminal.filed": 1 }, { unit: { level: "CITY", hasCounties: true } }).errors).toEqual([{ message: NOT_ENTERABLE_MESSAGE }]);
    expect(errorsOf(v({ "criminal.filed": 1 }, { unit: { level: "PROVINCE" } }))).toEqual([`criminal.filed:${PROVINCE_ONLY_MESSAGE}`]);
  });

  it("the province enters only the province-level policies (服务事项、省司法厅的人民调解统计), which counties do not enter", () => {
    expect(enterableMetrics({ level: "PROVINCE" })).toEqual(["service.online", "service.fully_online", "service.cross_province", "people_mediation.mediated", "people_mediation.succeeded"]);
    expect(enterableMetrics({ level: "COUNTY" })).toContain("criminal.filed");
    expect(enterableMetrics({ level: "COUNTY" })).not.toContain("service.online");
    expect(v({ "service.online": 180 }, { unit: { level: "PROVINCE" } }).errors).toEqual([]);
    expect(errorsOf(v({ "service.online": 180 }, { unit: { level: "COUNTY" } }))).toEqual([`service.online:${LOCAL_ONLY_MESSAGE}`]);
  });

  it("an unknown metric", () => {
    expect(errorsOf(v({ "nope.x": 1 }))).toEqual(["nope.x:未知的统计指标"]);
  });
});

describe("warnings (need confirmation)", () => {
  it("破案 more than 1.5 × 立案, with the pair from the proposal or from the stored month", () => {
    expect(v({ "criminal.filed": 40, "criminal.solved": 120 }).warnings).toEqual([{ metric: "criminal.solved", message: "破案数（120）远高于立案数（40），请核实" }]);
    expect(v({ "criminal.filed": 40, "criminal.solved": 60 }).warnings).toEqual([]);
    expect(v({ "criminal.solved": 61 }, { same: { "criminal.filed": 40 } }).warnings).toHaveLength(1);
    expect(v({ "criminal.solved": 61 }).warnings).toEqual([]); // 立案 not reported: nothing to compare
    expect(v({ "public_order.accepted": 10, "public_order.handled": 30 }).warnings[0].message).toBe("查处数（30）远高于受理数（10），请核实");
    expect(v({ "telecom_fraud.cases": 0, "telecom_fraud.solved": 2 }).warnings[0].message).toBe("破案数（2）远高于发案数（0），请核实");
  });

  it("a jump of more than 3× on last month, only when last month was above 5", () => {
    expect(v({ "criminal.filed": 37 }, { previous: { "criminal.filed": 12 } }).warnings).toEqual([{ metric: "criminal.filed", message: "较上月（12）增长超过 3 倍，请核实" }]);
    expect(v({ "criminal.filed": 36 }, { previous: { "criminal.filed": 12 } }).warnings).toEqual([]);
    expect(v({ "criminal.filed": 20 }, { previous: { "criminal.filed": 5 } }).warnings).toEqual([]);
    expect(v({ "criminal.filed": 20 }, { previous: {} }).warnings).toEqual([]);
  });

  it("a stock falling by more than half (flows may fall)", () => {
    expect(v({ "infra.command_rooms": 4 }, { previous: { "infra.command_rooms": 9 } }).warnings).toEqual([{ metric: "infra.command_rooms", message: "较上月（9）减少超过一半，请核实" }]);
    expect(v({ "infra.command_rooms": 5 }, { previous: { "infra.command_rooms": 9 } }).warnings).toEqual([]);
    expect(v({ "criminal.filed": 1 }, { previous: { "criminal.filed": 90 } }).warnings).toEqual([]);
  });

  it("no warning is computed for a value that is already an error", () => {
    const r = v({ "criminal.filed": 40, "criminal.solved": 120.5 }, { previous: { "criminal.solved": 10 } });
    expect(errorsOf(r)).toEqual(["criminal.solved:应为整数"]);
    expect(r.warnings).toEqual([]);
  });
});

describe("parsing what people type", () => {
  it("numbers with separators and full-width digits; empty is not reported", () => {
    expect(parseStatInput("1,234")).toEqual({ value: 1234 });
    expect(parseStatInput("１２３")).toEqual({ value: 123 });
    expect(parseStatInput(" 12.50 ")).toEqual({ value: 12.5 });
    expect(parseStatInput("")).toEqual({ value: null });
    expect(parseStatInput("  ")).toEqual({ value: null });
    expect(parseStatInput("十二").error).toBe("应为数字");
    expect(parseStatInput("1e3").error).toBe("应为数字");
  });

  it("months in the usual spellings", () => {
    expect(parseLooseMonth("2025-03")).toBe("2025-03");
    expect(parseLooseMonth("2025/3")).toBe("2025-03");
    expect(parseLooseMonth("2025年3月")).toBe("2025-03");
    expect(parseLooseMonth("202503")).toBe("2025-03");
    expect(parseLooseMonth("2025-03-01")).toBe("2025-03");
    expect(parseLooseMonth("2025/3/31 00:00")).toBe("2025-03");
    expect(parseLooseMonth("2025-02-30")).toBeNull();
    expect(parseLooseMonth("2025-13")).toBeNull();
    expect(parseLooseMonth("三月")).toBeNull();
    expect(addMonths("2025-01", -1)).toBe("2024-12");
    expect(addMonths("2024-12", 13)).toBe("2026-01");
  });

  it("compares stored decimals in hundredths", () => {
    expect(sameValue(12.5, 12.5)).toBe(true);
    expect(sameValue(0.1 + 0.2, 0.3)).toBe(true);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
  });
});
