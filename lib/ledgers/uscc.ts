// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (digits and capital letters without
// I, O, Z, S, V):
//   1      registration authority (1 机构编制, 5 民政, 9 工商, Y 其他 …)
//   2      organisation category (e.g. 91 企业, 92 个体工商户, 93 农民专业合作社)
//   3–8    administrative division code of the registering authority (digits, e.g. 620102 城关区)
//   9–17   organisation code (GB 11714)
//   18     check character: C18 = 31 − (Σ value(Ci) × Wi mod 31), with 31 written as 0
// The check character is what catches typing mistakes; lowercase input is accepted after normalising to upper case.

export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (position 18) of the first 17 characters of a code (already upper case). */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`usccCheckChar needs 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`usccCheckChar: character ${first17[i]} is not allowed`);
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c];
}

/** The code as it is checked and stored: trimmed, upper case (what a ledger field with `upper: true` stores). */
export function normaliseUscc(code: string): string {
  return code.trim().toUpperCase();
}

/** null when `code` is a valid 统一社会信用代码 (after normalising to upper case), else the problem in Chinese. */
export function checkUscc(code: string): string | null {
  const s = normaliseUscc(code);
  if (s.length !== 18) return `统一社会信用代码应为 18 位（当前 ${s.length} 位）`;
  const bad = [...new Set([...s].filter((ch) => !USCC_ALPHABET.includes(ch)))].map((ch) => (/\s/.test(ch) ? "空格" : ch));
  if (bad.length) return `含有不允许的字符 ${bad.join("、")}（只能使用数字和除 I、O、Z、S、V 以外的大写字母）`;
  if (s[0] === "0") return "第 1 位登记管理部门代码不能为 0";
  if (!/^\d{6}$/.test(s.slice(2, 8))) return "第 3–8 位应为行政区划代码（6 位数字）";
  const expected = usccCheckChar(s.slice(0, 17));
  if (s[17] !== expected) return `校验位错误，应为 ${expected}`;
  return null;
}
