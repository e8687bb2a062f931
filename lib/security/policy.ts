// The security policy, set by the 安全管理员 (等保 2.0 level 3 defaults). Stored in the settings table; every read
// falls back to these defaults when nothing (or something invalid) is stored.
import { z } from "zod";
import type { Db } from "@/lib/db/client";

export const ZSecurityPolicy = z.object({
  password: z.object({
    minLength: z.number().int().min(8, "口令长度不得少于 8 位").max(64),
    minClasses: z.number().int().min(3, "至少包含 3 类字符").max(4),
    forbidUsername: z.boolean(),
    forbidCommon: z.boolean(),
    /** none of the last N passwords may be reused */
    history: z.number().int().min(0).max(24),
    /** change every N days (0: never) — 等保 requires periodic change */
    maxAgeDays: z.number().int().min(0).max(365),
  }),
  lockout: z.object({
    maxFailures: z.number().int().min(3).max(10),
    lockMinutes: z.number().int().min(5).max(1440),
    /** this many lockouts in one (Beijing) day: locked until a 安全管理员 unlocks */
    manualAfter: z.number().int().min(2).max(10),
  }),
  throttle: z.object({
    /** failed logins from one address within the window before that address is refused */
    maxFailures: z.number().int().min(5).max(1000),
    windowMinutes: z.number().int().min(1).max(1440),
  }),
  mfa: z.object({ required: z.boolean() }),
  audit: z.object({ retentionDays: z.number().int().min(184, "审计记录至少保存 184 天").max(3650) }),
});

export type SecurityPolicy = z.infer<typeof ZSecurityPolicy>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  password: { minLength: 8, minClasses: 3, forbidUsername: true, forbidCommon: true, history: 5, maxAgeDays: 90 },
  lockout: { maxFailures: 5, lockMinutes: 15, manualAfter: 3 },
  throttle: { maxFailures: 20, windowMinutes: 10 },
  mfa: { required: true },
  audit: { retentionDays: 184 },
};

export const SECURITY_POLICY_KEY = "security.policy";

export async function getSecurityPolicy(db: Pick<Db, "setting">): Promise<SecurityPolicy> {
  const row = await db.setting.findUnique({ where: { key: SECURITY_POLICY_KEY } });
  if (!row) return DEFAULT_SECURITY_POLICY;
  const parsed = ZSecurityPolicy.safeParse(row.value);
  return parsed.success ? parsed.data : DEFAULT_SECURITY_POLICY;
}
