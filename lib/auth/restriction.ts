// Restricted sessions: what a signed-in user must do before anything else. The password first (initial or reset
// password, or older than the policy allows), then the second factor (when the policy requires one and the user
// has none). Demo accounts (created by the demo seed only) are exempt from both.
import type { SecurityPolicy } from "@/lib/security/policy";
import { passwordExpired } from "./password-policy";

export type SessionRestriction = "password" | "mfa" | null;

export interface RestrictionFacts {
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  totpEnabledAt: Date | null;
  mfaExempt: boolean;
}

export function sessionRestriction(u: RestrictionFacts, policy: SecurityPolicy, now = new Date()): SessionRestriction {
  if (u.mfaExempt) return null;
  if (u.mustChangePassword || passwordExpired(u.passwordChangedAt, policy.password, now)) return "password";
  if (policy.mfa.required && !u.totpEnabledAt) return "mfa";
  return null;
}
