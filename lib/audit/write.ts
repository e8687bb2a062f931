// Writing audit rows. Every mutation calls writeAudit inside its own transaction, so the row exists exactly when
// the change does. The table is append-only (database trigger).
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditActor {
  userId: number | null;
  username: string | null;
  unitId: number | null;
  unitPath: string | null;
  role: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: "system", unitId: null, unitPath: null, role: null };

export type AuditResult = "success" | "denied" | "failure";

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entity: string;
  entityId?: string | number | bigint | null;
  before?: unknown;
  after?: unknown;
  result?: AuditResult;
  reason?: string | null;
  ip?: string | null;
}

type AuditClient = { auditLog: { create: (args: { data: Prisma.AuditLogUncheckedCreateInput }) => Promise<unknown> } };

const SECRET_KEYS = /password|secret|token|totp|recovery/i;

/** JSON-safe copy without secrets (password hashes and the like never reach the audit log). */
export function auditSnapshot(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (key && SECRET_KEYS.test(key)) return "[已隐藏]";
      if (typeof v === "bigint") return v.toString();
      return v;
    }),
  );
}

export async function writeAudit(db: AuditClient, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      userId: e.actor.userId,
      username: e.actor.username,
      unitId: e.actor.unitId,
      unitPath: e.actor.unitPath,
      role: e.actor.role,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      before: auditSnapshot(e.before),
      after: auditSnapshot(e.after),
      result: e.result ?? "success",
      reason: e.reason ?? null,
      ip: e.ip ?? null,
    },
  });
}
