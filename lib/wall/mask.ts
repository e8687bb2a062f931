// No personal data on a wall (指挥中心大屏): every text a wall shows about people passes through here. Names keep
// their first character (张三 → 张*), ID numbers their region and last four digits (620102********1234), mobile
// numbers their first three and last four (138****1234). Pure: the ticker's loader and the tests call it.

/** 18-digit (last may be X) or old 15-digit 居民身份证号码, not inside a longer run of digits */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const ID_18 = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const ID_15 = /(?<![0-9A-Za-z])(\d{6})\d{5}(\d{4})(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** a name as the ledgers write one: 2–4 Chinese characters (a 少数民族 name may carry a middle dot) */
const NAME = /^[\u4e00-\u9fa5]{1,3}(?:[·•][\u4e00-\u9fa5]{1,6}|[\u4e00-\u9fa5]{0,3})$/;

/** 张三 → 张*, 欧阳娜娜 → 欧***; an empty string stays empty. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("");
  return chars[0] + "*".repeat(Math.min(chars.length - 1, 6));
}

/** 620102199001011234 → 620102********1234; anything that is not an ID number comes back unchanged. */
export function maskIdNumber(id: string): string {
  return id.replace(ID_18, (_m, head: string, tail: string) => `${head}********${tail}`).replace(ID_15, (_m, head: string, tail: string) => `${head}*****${tail}`);
}

/** The names in a 当事人 field (张三、李四；王五): the parts that look like a personal name. */
export function namesIn(parties: string | null | undefined): string[] {
  if (!parties) return [];
  return parties
    .split(/[、，,；;\s（）()：:]+/)
    .map((s) => s.trim())
    .filter((s) => s && NAME.test(s) && !s.includes("某"));
}

/**
 * A free text with every ID number, mobile number and each of `names` masked. Longer names first, so that 张三丰 is
 * not left as 张*丰 by the name 张三.
 */
export function maskText(text: string, names: readonly string[] = []): string {
  let out = text.replace(ID_NUMBER, (m) => maskIdNumber(m)).replace(MOBILE, (_m, head: string, tail: string) => `${head}****${tail}`);
  for (const n of [...new Set(names.map((x) => x.trim()).filter((x) => [...x].length >= 2))].sort((a, b) => b.length - a.length)) {
    out = out.split(n).join(maskName(n));
  }
  return out;
}
