// A large dispute-ledger import file as a county would send it: GBK-encoded CSV (Excel's default in Chinese
// Windows), ~66 bytes a row — 100,000 rows ≈ 6.6 MB, the size that once stalled the server. Used by the import
// tests and by the import section of `npm run bench`.
import iconv from "iconv-lite";

export const DISPUTE_CSV_HEADERS = ["纠纷概况", "纠纷类型", "当事人", "排查日期", "来源", "状态", "风险等级", "已调解", "调解成功", "调解组织", "化解日期"];
const CATS = ["邻里冲突", "家庭矛盾", "婚恋纠葛", "劳资债务"];

/** n rows, all valid; `tag` makes the content (and so the import keys) differ between files */
export function disputeCsvGbk(n: number, tag: string): Buffer {
  const lines = [DISPUTE_CSV_HEADERS.join(",")];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 600) * 86_400_000).toISOString().slice(0, 10);
    const resolved = i % 3 === 0;
    lines.push([`${tag}${i}琐事`, CATS[i % 4], `甲${i}`, day, "排查", resolved ? "已化解" : "调解中", i % 50 === 0 ? "黄" : "蓝", resolved ? "是" : "", resolved ? "是" : "", resolved ? "司法所" : "", resolved ? day : ""].join(","));
  }
  return iconv.encode(lines.join("\r\n") + "\r\n", "gbk");
}
