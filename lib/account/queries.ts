// What the account pages read (the page-facing functions of the query-module contract in README).
import "server-only";
import { getDb } from "@/lib/db";

/** The signed-in user's second factor: when it was enrolled, whether the account is exempt (demo), unused recovery codes. */
export async function mfaState(userId: number) {
  return getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpEnabledAt: true, mfaExempt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
}
