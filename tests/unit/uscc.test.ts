import { describe, expect, it } from "vitest";
import { ledgerFieldsSchema } from "@/lib/ledgers/schema";
import type { LedgerConfig } from "@/lib/ledgers/types";
import { LEDGERS } from "@/lib/ledgers/configs";
import { USCC_ALPHABET, checkUscc, usccCheckChar } from "@/lib/ledgers/uscc";

// Codes published by the companies themselves (business licences, annual reports).
const PUBLISHED = [
  "914403001922038216", // 华为技术有限公司
  "91440300708461136T", // 深圳市腾讯计算机系统有限公司
  "91330100716105852F", // 阿里巴巴（中国）网络技术有限公司
  "91110108551385082Q", // 小米科技有限责任公司
  "91110000600037341L", // the example of python-stdnum (cn.uscc) and other validators
];

describe("统一社会信用代码 (GB 32100-2015)", () => {
  it("computes the check character by hand for one published code", () => {
    // 914403001922038216 (华为技术有限公司), first 17 characters and weights:
    //   values  9  1  4  4   0  3  0  0  1  9  2  2  0  3  8  2  1
    //   weights 1  3  9 27  19 26 16 17 20 29 25 13  8 24 10 30 28
    //   products 9+3+36+108+0+78+0+0+20+261+50+26+0+72+80+60+28 = 831
    //   831 mod 31 = 25 (31 × 26 = 806), 31 − 25 = 6 → check character "6"
    expect(usccCheckChar("91440300192203821")).toBe("6");
  });

  it.each(PUBLISHED)("accepts the published code %s", (code) => {
    expect(checkUscc(code)).toBeNull();
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it("accepts lowercase input and surrounding spaces (normalised to upper case before checking)", () => {
    expect(checkUscc("91330100716105852f")).toBeNull();
    expect(checkUscc("  91110108551385082q ")).toBeNull();
  });

  it("rejects a wrong check character and names the right one", () => {
    expect(checkUscc("914403001922038217")).toBe("校验位错误，应为 6");
    expect(checkUscc("91440300708461136A")).toBe("校验位错误，应为 T");
    // one mistyped digit in the body changes the expected check character
    expect(checkUscc("914403001922038316")).toMatch(/^校验位错误，应为 [0-9A-Y]$/);
  });

  it("rejects a wrong length", () => {
    expect(checkUscc("91440300192203821")).toMatch(/^统一社会信用代码应为 18 位/);
    expect(checkUscc("9144030019220382160")).toMatch(/^统一社会信用代码应为 18 位/);
    expect(checkUscc("")).toMatch(/^统一社会信用代码应为 18 位/);
  });

  it("rejects the forbidden letters I, O, Z, S, V and other characters", () => {
    for (const ch of ["I", "O", "Z", "S", "V"]) {
      expect(USCC_ALPHABET).not.toContain(ch);
      expect(checkUscc(`9162010${ch}MA72A0001A`)).toMatch(new RegExp(`^含有不允许的字符 ${ch}`));
    }
    expect(checkUscc("91620102MA72A-001A")).toMatch(/^含有不允许的字符 -/);
    expect(checkUscc("91620102MA72A 001A")).toMatch(/^含有不允许的字符 空格/);
    // lowercase forbidden letters are still forbidden after normalising
    expect(checkUscc("91620102ma72o0001a")).toMatch(/^含有不允许的字符 O/);
  });

  it("rejects a registration authority 0 and a non-numeric division code", () => {
    const zero = "01620102MA72A0001";
    expect(checkUscc(zero + usccCheckChar(zero))).toMatch(/登记管理部门/);
    const division = "9162A102MA72A0001";
    expect(checkUscc(division + usccCheckChar(division))).toMatch(/行政区划代码/);
  });

  it("generated codes are valid (as the demo seed makes them)", () => {
    for (const body of ["91620102MA72A0001", "93621121123456789", "12620000438000123", "Y1620171MA7XYQ0PB"]) {
      expect(checkUscc(body + usccCheckChar(body)), body).toBeNull();
    }
    expect(() => usccCheckChar("9162010")).toThrow();
  });
});

describe("ledger fields: upper and validate", () => {
  const config = {
    key: "enterprises",
    fields: [
      { key: "code", label: "代码", type: "text", required: true, max: 18, upper: true, validate: checkUscc },
      { key: "note", label: "备注", type: "text", validate: (v: string) => (v.startsWith("#") ? null : "备注应以 # 开头") },
    ],
  } as unknown as LedgerConfig;
  const schema = ledgerFieldsSchema(config);

  it("upper-cases and trims before validating, and stores the normalised value", () => {
    expect(schema.parse({ code: " 91330100716105852f ", note: "" })).toEqual({ code: "91330100716105852F", note: null });
  });

  it("reports the validator's message on the field; blanks are left to required", () => {
    const r = schema.safeParse({ code: "91330100716105852A", note: "x" });
    expect(r.success).toBe(false);
    const issues = Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(issues).toEqual({ code: "校验位错误，应为 F", note: "备注应以 # 开头" });
    const blank = schema.safeParse({ code: "  " });
    expect(blank.error?.issues.map((i) => i.message)).toEqual(["请填写代码"]);
  });

  it("the enterprise roster checks its USCC field this way", () => {
    const uscc = LEDGERS.enterprises.fields.find((f) => f.key === "uscc")!;
    expect(uscc).toMatchObject({ type: "text", required: true, upper: true, validate: checkUscc });
    expect(uscc.hint).toMatch(/大写/);
  });
});
