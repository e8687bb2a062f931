// Password rules (等保 2.0 身份鉴别): length, character classes, not the username, not a common password, not one of
// the last N. The values come from the security policy the 安全管理员 sets (lib/security/policy.ts).
import { randomInt } from "node:crypto";
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from "@/lib/security/policy";
import { BASE_WORDS, COMMON_PASSWORDS } from "./common-passwords";
import { verifyPassword } from "./password";

export type PasswordPolicy = SecurityPolicy["password"];
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = DEFAULT_SECURITY_POLICY.password;

const CLASSES: RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** A common password, or one of the common base words dressed up with digits and symbols ("Pingan@2024"). */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON_PASSWORDS.has(p)) return true;
  const core = p.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (core && BASE_WORDS.has(core) && core.length >= p.length / 3) return true;
  // one character repeated
  if (/^(.)\1+$/.test(p)) return true;
  return false;
}

/** Problems with a proposed password, in Chinese; empty when it is acceptable (history is checked separately). */
export function checkPassword(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`至少 ${policy.minLength} 位`);
  if (password.length > 128) problems.push("不能超过 128 位");
  const classes = CLASSES.filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) problems.push(`需包含大写字母、小写字母、数字、特殊字符中的至少 ${policy.minClasses} 类`);
  if (policy.forbidUsername && username && password.toLowerCase().includes(username.toLowerCase())) problems.push("不能包含用户名");
  if (policy.forbidCommon && isCommonPassword(password)) problems.push("过于常见，容易被猜中");
  return problems;
}

/** True when the password matches the current hash or one of the last `history - 1` earlier hashes. */
export async function reusesRecentPassword(password: string, hashes: string[]): Promise<boolean> {
  for (const h of hashes) if (await verifyPassword(h, password)) return true;
  return false;
}

/** Whether a password set at `changedAt` has passed the policy's maximum age. */
export function passwordExpired(changedAt: Date, policy: PasswordPolicy, now = new Date()): boolean {
  return policy.maxAgeDays > 0 && now.getTime() - changedAt.getTime() > policy.maxAgeDays * 86_400_000;
}

/** A random initial/reset password that satisfies the policy (shown once to the administrator). */
export function generateTemporaryPassword(length = 14): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "@#%&*+=?"];
  const all = sets.join("");
  const chars = sets.map((s) => s[randomInt(s.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}
