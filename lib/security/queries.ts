// What the security pages read (the page-facing functions of the query-module contract in README).
import "server-only";
import { getDb } from "@/lib/db";
import { SECURITY_POLICY_KEY, getSecurityPolicy } from "./policy";

/** The security policy in force, and when and by whom it was last saved (null while the defaults apply). */
export async function currentPolicy() {
  const db = getDb();
  const [policy, row] = await Promise.all([getSecurityPolicy(db), db.setting.findUnique({ where: { key: SECURITY_POLICY_KEY }, select: { updatedAt: true, updatedById: true } })]);
  const by = row?.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true, username: true } }) : null;
  return { policy, saved: row ? { at: row.updatedAt, by } : null };
}
