// Password rules (等保 2.0 身份鉴别). Defaults here; issue-level configuration by the 安全管理员 builds on this.
import { randomInt } from "node:crypto";

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, "小写字母"],
  [/[A-Z]/, "大写字母"],
  [/[0-9]/, "数字"],
  [/[^A-Za-z0-9]/, "特殊字符"],
];

/** Problems with a proposed password, in Chinese; empty when it is acceptable. */
export function checkPassword(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`至少 ${policy.minLength} 位`);
  if (password.length > 128) problems.push("不能超过 128 位");
  const classes = CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < policy.minClasses) problems.push(`需包含大写字母、小写字母、数字、特殊字符中的至少 ${policy.minClasses} 类`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push("不能包含用户名");
  return problems;
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
