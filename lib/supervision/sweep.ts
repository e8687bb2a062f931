// The overdue sweep of 督办: a 督办单 whose reply day has ended without a reply (or without a new reply after a
// return) is reported once — SUPERVISION_OVERDUE to the user who issued it and to the commanders of the issuing
// unit's parent (the issuer's superior). One message per recipient and 督办单 (dedupKey), however often it runs.
// The runner (scheduler) is wired elsewhere; this is a plain function of the database and the time.
import type { Db } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
import { dayString, shanghaiToday } from "@/lib/time";
import { SUPERVISION_LEVEL_LABELS, overdueDays, supervisionHref } from "./rules";

export const supervisionOverdueKey = (id: number) => `supervision-overdue-${id}`;

/** Writes the overdue messages not yet written; returns how many messages were written. */
export async function sweepOverdueSupervisions(db: Db, now: Date = new Date()): Promise<number> {
  const today = shanghaiToday(now);
  const due = await db.supervision.findMany({
    where: { status: { in: ["OPEN", "RETURNED"] }, replyDue: { lt: today } },
    select: { id: true, code: true, level: true, subject: true, status: true, replyDue: true, unitPath: true, issuedById: true, issuerUnitId: true, unitId: true },
    orderBy: { id: "asc" },
  });
  if (!due.length) return 0;
  const units = await db.unit.findMany({ where: { id: { in: [...new Set(due.flatMap((s) => [s.issuerUnitId, s.unitId]))] } }, select: { id: true, name: true, parentId: true } });
  const unitById = new Map(units.map((u) => [u.id, u]));
  let written = 0;
  for (const s of due) {
    const input = {
      kind: "SUPERVISION_OVERDUE" as const,
      title: `${SUPERVISION_LEVEL_LABELS[s.level]} ${s.code} 逾期 ${overdueDays(s, now)} 天未答复：${s.subject}`,
      body: `${unitById.get(s.unitId)?.name ?? ""}应于 ${dayString(s.replyDue)} 前答复。`,
      href: supervisionHref(s.code),
      unitPath: s.unitPath,
      dedupKey: supervisionOverdueKey(s.id),
    };
    await db.$transaction(async (tx) => {
      if (s.issuedById) written += await notify(tx, { userIds: [s.issuedById] }, input);
      const parentId = unitById.get(s.issuerUnitId)?.parentId;
      if (parentId) written += await notify(tx, { unitId: parentId, roles: ["COMMANDER"] }, input);
    });
  }
  return written;
}
