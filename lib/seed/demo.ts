// Demo accounts (only with DEMO=1 or on the embedded default). Listed in README.md.
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/auth/password";
import { createPasswordAccounts } from "./accounts";

export const DEMO_PASSWORD = "Pingan@2023";

export interface DemoAccount {
  username: string;
  name: string;
  badgeNo: string;
  unitCode: string;
  role: Role;
  title: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "sheng_zhihui", name: "王建国", badgeNo: "620001", unitCode: "62", role: "COMMANDER", title: "省厅指挥员" },
  { username: "lanzhou_zhihui", name: "李志强", badgeNo: "620101", unitCode: "6201", role: "COMMANDER", title: "兰州市局指挥员" },
  { username: "tianshui_zhihui", name: "赵永平", badgeNo: "620501", unitCode: "6205", role: "COMMANDER", title: "天水市局指挥员" },
  { username: "chengguan_minjing", name: "张伟", badgeNo: "620102", unitCode: "620102", role: "OFFICER", title: "城关分局民警" },
  { username: "qinzhou_minjing", name: "刘洋", badgeNo: "620502", unitCode: "620502", role: "OFFICER", title: "秦州分局民警" },
  { username: "lanzhou_shenhe", name: "陈静", badgeNo: "620111", unitCode: "6201", role: "REVIEWER", title: "兰州市局审核人" },
  { username: "sheng_fenxi", name: "孙丽", badgeNo: "620002", unitCode: "62", role: "ANALYST", title: "省厅分析员" },
  { username: "lanzhou_fenxi", name: "周敏", badgeNo: "620112", unitCode: "6201", role: "ANALYST", title: "兰州市局分析员" },
  { username: "xitong_admin", name: "吴刚", badgeNo: "620091", unitCode: "62", role: "SYSADMIN", title: "系统管理员" },
  { username: "anquan_admin", name: "郑红", badgeNo: "620092", unitCode: "62", role: "SECADMIN", title: "安全管理员" },
  { username: "shenji_admin", name: "冯军", badgeNo: "620093", unitCode: "62", role: "AUDITOR", title: "审计管理员" },
];

/** Creates the demo accounts that are missing. Existing accounts (and their passwords) are left alone. */
export async function seedDemoAccounts(db: Db): Promise<number> {
  const existing = new Set((await db.user.findMany({ where: { username: { in: DEMO_ACCOUNTS.map((a) => a.username) } }, select: { username: true } })).map((u) => u.username));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username));
  if (!missing.length) return 0;
  const units = new Map((await db.unit.findMany({ where: { code: { in: missing.map((a) => a.unitCode) } }, select: { id: true, code: true } })).map((u) => [u.code, u.id]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // demo accounts only: no first-login change and no second factor, so that the demo opens with one password
  const created = await createPasswordAccounts(
    db,
    missing.map((a) => ({ username: a.username, name: a.name, badgeNo: a.badgeNo, unitId: units.get(a.unitCode)!, role: a.role, passwordHash, demoLike: true })),
  );
  return created.length;
}
