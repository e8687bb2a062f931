// Reading 站内消息 and the navigation badges. Every read re-checks the message's unit against the reader's scope
// now (a user moved to another unit no longer sees messages about the old one); messages without a unit are the
// reader's own (import jobs).
import "server-only";
import { cache } from "react";
import { z } from "zod";
import { type Permission, can } from "@/lib/auth/permissions";
import { recordsIn, userScope } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type RawQuery, parseQuery, qEnum, qPage } from "@/lib/http/query";
import { reviewQueueWhere } from "@/lib/tasks/queries";

export const NOTIFICATION_PAGE_SIZE = 20;

export interface Reader {
  id: number;
  role: string;
  unitId: number;
  unitPath: string;
}

/** The messages a reader may see: their own, and still in their scope. */
export function visibleTo(reader: Reader): Prisma.NotificationWhereInput {
  return { userId: reader.id, OR: [{ unitPath: null }, recordsIn(userScope(reader))] };
}

export const NOTIFICATION_FILTERS = { unread: "未读", read: "已读", all: "全部" } as const;
export type NotificationFilter = keyof typeof NOTIFICATION_FILTERS;

/** ?filter=unread|read|all (absent or anything else: 未读) & page */
export const ZNotificationQuery = z.object({ filter: qEnum(["unread", "read", "all"] as const), page: qPage });
export type NotificationQuery = z.output<typeof ZNotificationQuery>;

export function parseNotificationQuery(raw: RawQuery): NotificationQuery {
  return parseQuery(ZNotificationQuery, raw);
}

/** One page of a reader's messages, newest first. */
export async function listNotifications(db: Db, reader: Reader, filter: NotificationFilter, page: number) {
  const where: Prisma.NotificationWhereInput = {
    ...visibleTo(reader),
    ...(filter === "unread" ? { readAt: null } : filter === "read" ? { readAt: { not: null } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * NOTIFICATION_PAGE_SIZE,
      take: NOTIFICATION_PAGE_SIZE,
      select: { id: true, kind: true, title: true, body: true, href: true, readAt: true, createdAt: true },
    }),
  ]);
  return { total, rows, pageCount: Math.max(1, Math.ceil(total / NOTIFICATION_PAGE_SIZE)) };
}

/** The /notifications page: one page of the chosen filter (default 未读) and the unread count. */
export async function notificationPage(reader: Reader, q: NotificationQuery) {
  const db = getDb();
  const filter = q.filter ?? "unread";
  const [list, unread, newest] = await Promise.all([
    listNotifications(db, reader, filter, q.page),
    unreadCount(db, reader),
    db.notification.findFirst({ where: visibleTo(reader), orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  // 「全部标为已读」 marks up to the newest message on the reader's screen, never one that arrives after it was drawn
  return { filter, page: q.page, ...list, unread, newestId: newest?.id ?? 0 };
}

export async function unreadCount(db: Db, reader: Reader): Promise<number> {
  return db.notification.count({ where: { ...visibleTo(reader), readAt: null } });
}

/** The navigation entries that carry a count, and how each is counted (href → count). */
export const NOTIFICATIONS_HREF = "/notifications";
export const REVIEWS_HREF = "/reviews";
export const SUPERVISION_HREF = "/supervision";

interface BadgeSource {
  permission: Permission;
  count: (db: Db, reader: Reader) => Promise<number>;
}

const BADGES: Record<string, BadgeSource> = {
  [NOTIFICATIONS_HREF]: { permission: "dashboard:read", count: unreadCount },
  // 待我审核: submitted work waiting for the reader's own unit (the queue of /reviews)
  [REVIEWS_HREF]: {
    permission: "task:review",
    count: (db, r) => db.taskAssignment.count({ where: reviewQueueWhere(r) }),
  },
  // 督办 received by the reader's unit and waiting for its (new) reply
  [SUPERVISION_HREF]: {
    permission: "supervision:read",
    count: (db, r) => db.supervision.count({ where: { unitId: r.unitId, status: { in: ["OPEN", "RETURNED"] }, ...recordsIn(userScope(r)) } }),
  },
};

/** The labels a screen reader hears with a badge: 「待我审核，36 条」. */
export function badgeLabel(label: string, count: number): string {
  return `${label}，${count} 条`;
}

async function computeBadges(db: Db, reader: Reader): Promise<Record<string, number>> {
  const entries = Object.entries(BADGES).filter(([, b]) => can(reader.role, b.permission));
  const counts = await Promise.all(entries.map(([, b]) => b.count(db, reader)));
  return Object.fromEntries(entries.map(([href], i) => [href, counts[i]]));
}

/** The counts of the navigation (href → count) for the signed-in reader: one set of counts per request. */
export const navBadges = cache(async (reader: Reader): Promise<Record<string, number>> => computeBadges(getDb(), reader));

/** For tests and tools: the same counts on a given database. */
export const navBadgesOn = computeBadges;
