import { describe, expect, it } from "vitest";
import { maskIdNumber, maskName, maskText, namesIn } from "@/lib/wall/mask";

describe("wall masking (no personal data on a wall)", () => {
  it("names keep their first character", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("张小明")).toBe("张**");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("张")).toBe("张");
    expect(maskName("")).toBe("");
  });

  it("ID numbers keep the region and the last four", () => {
    expect(maskIdNumber("620102199001011234")).toBe("620102********1234");
    expect(maskIdNumber("62010219900101123X")).toBe("620102********123X");
    expect(maskIdNumber("620102900101123")).toBe("620102*****1123");
    expect(maskIdNumber("ZF-2026-0001")).toBe("ZF-2026-0001");
  });

  it("free text: ID numbers, mobile numbers and the parties' names are masked wherever they occur", () => {
    const t = maskText("张三（身份证620102199001011234，电话13812345678）与李四丰因宅基地发生争执，张三扬言报复", namesIn("张三、李四丰"));
    expect(t).toBe("张*（身份证620102********1234，电话138****5678）与李**因宅基地发生争执，张*扬言报复");
    expect(t).not.toMatch(/\d{17}/);
    expect(t).not.toMatch(/张三|李四丰/);
  });

  it("a longer name is masked whole even when a shorter one is its prefix", () => {
    expect(maskText("张三丰与张三", ["张三", "张三丰"])).toBe("张**与张*");
  });

  it("numbers that are not ID or mobile numbers stay (codes, amounts, dates)", () => {
    expect(maskText("QB-620102-20261130-0001 损失 12345.6 万元 2026-11-30")).toBe("QB-620102-20261130-0001 损失 12345.6 万元 2026-11-30");
  });

  it("namesIn reads the names of a 当事人 field and skips already-masked ones and organisations", () => {
    expect(namesIn("张三、李四；王某某，某建筑公司")).toEqual(["张三", "李四"]);
    expect(namesIn(null)).toEqual([]);
  });
});
