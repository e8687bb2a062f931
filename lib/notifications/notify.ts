// 站内消息: the one way a message is made. Called inside the transaction of the event it reports (a task returned, a
// 督办 issued, an import finished …), so a message exists exactly when its event does.
//
// A message is addressed to users — named ones, or the users of a unit holding given roles — and is written only for
// recipients who may open the record: the recipient's unit must contain the record's unit (scope) and the recipient's
// role must hold the permission the message's kind needs. Lists re-check the scope when they read (a user moved to
// another unit no longer sees messages about the old one). Messages are kept 184 days (pruneNotifications).
import type { NotificationKind } from "@/lib/generated/prisma/client";
import { type Permission, type RoleName, can } from "@/lib/auth/permissions";
import { contains, userScope } from "@/lib/auth/scope";
import type { Db, Tx } from "@/lib/db/client";

/** How long a message is kept. */
export const NOTIFICATION_RETENTION_DAYS = 184;

/** The permission a recipient needs for each kind (null: the recipient's own record, e.g. their import job). */
export const NOTIFICATION_PERMISSION: Record<NotificationKind, Permission | null> = {
  TASK_RETURNED: "task:read",
  TASK_CLOSED: "task:read",
  REVIEW_REQUESTED: "task:review",
  SUPERVISION_RECEIVED: "supervision:read",
  SUPERVISION_REPLIED: "supervision:read",
  SUPERVISION_ACCEPTED: "supervision:read",
  SUPERVISION_RETURNED: "supervision:read",
  SUPERVISION_OVERDUE: "supervision:read",
  DEADLINE_SOON: "task:read",
  DEADLINE_PASSED: "task:read",
  HOMICIDE_WARNING: "ledger:read",
  IMPORT_DONE: null,
  IMPORT_FAILED: null,
};

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  TASK_RETURNED: "任务退回",
  TASK_CLOSED: "任务销号",
  REVIEW_REQUESTED: "待审核",
  SUPERVISION_RECEIVED: "收到督办",
  SUPERVISION_REPLIED: "督办答复",
  SUPERVISION_ACCEPTED: "督办办结",
  SUPERVISION_RETURNED: "督办退回",
  SUPERVISION_OVERDUE: "督办逾期",
  DEADLINE_SOON: "即将到期",
  DEADLINE_PASSED: "已逾期",
  HOMICIDE_WARNING: "命案风险预警",
  IMPORT_DONE: "导入完成",
  IMPORT_FAILED: "导入失败",
};

export type Recipients =
  /** named users (still filtered by scope and permission) */
  | { userIds: number[] }
  /** the active users of one unit holding one of the roles */
  | { unitId: number; roles: RoleName[] }
  /** the active users holding one of the roles in the unit at `unitPath` and in every unit above it */
  | { unitAndAncestorsOf: string; roles: RoleName[] };

/** "/62/6201/620102/" → ["/62/", "/62/6201/", "/62/6201/620102/"] */
export function pathAndAncestors(path: string): string[] {
  const codes = path.split("/").filter(Boolean);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join("/")}/`);
}

function recipientWhere(r: Recipients) {
  if ("userIds" in r) return { id: { in: r.userIds } };
  if ("unitId" in r) return { unitId: r.unitId, role: { in: r.roles } };
  return { role: { in: r.roles }, unit: { path: { in: pathAndAncestors(r.unitAndAncestorsOf) } } };
}

export interface NotificationInput {
  kind: NotificationKind;
  /** one line, e.g. 「任务 1.1.01 被退回：佐证材料不全」 — never data the recipient could not open */
  title: string;
  body?: string | null;
  /** the record's page inside the app */
  href?: string | null;
  /** the record's unit path; null only for kinds without a permission (own import jobs) */
  unitPath: string | null;
  /** sweeps: at most one message per recipient and key */
  dedupKey?: string | null;
}

/** Writes the message for every eligible recipient; returns how many were written. */
export async function notify(tx: Tx | Db, recipients: Recipients, input: NotificationInput): Promise<number> {
  const users = await tx.user.findMany({
    where: {
      status: "ACTIVE",
      ...recipientWhere(recipients),
    },
    select: { id: true, role: true, unit: { select: { path: true } } },
  });
  const permission = NOTIFICATION_PERMISSION[input.kind];
  const eligible = users.filter((u) => {
    if (permission === null) return true;
    if (!can(u.role, permission)) return false;
    return input.unitPath !== null && contains(userScope({ unitPath: u.unit.path }), input.unitPath);
  });
  if (eligible.length === 0) return 0;
  const created = await tx.notification.createMany({
    data: eligible.map((u) => ({
      userId: u.id,
      kind: input.kind,
      title: input.title.slice(0, 200),
      body: input.body?.slice(0, 1000) ?? null,
      href: input.href ?? null,
      unitPath: input.unitPath,
      dedupKey: input.dedupKey ?? null,
    })),
    skipDuplicates: true,
  });
  return created.count;
}

/** Deletes messages older than the retention period; returns how many. */
export async function pruneNotifications(db: Db, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000);
  const { count } = await db.notification.deleteMany({ where: { createdAt: { lt: cutoff } } });
  return count;
}
