import type { Metadata } from "next";
import Link from "@/components/link";
import { ButtonForm } from "@/components/forms/action-form";
import { StatusBadge } from "@/components/status";
import { EmptyState, PageHeader, Pagination, cx } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatCount, formatDateTime } from "@/lib/format";
import { parseQuery } from "@/lib/http/query";
import { NOTIFICATION_KIND_LABELS } from "@/lib/notifications/notify";
import { NOTIFICATION_FILTERS, type NotificationFilter, ZNotificationQuery, notificationPage } from "@/lib/notifications/queries";
import { markAllNotificationsRead } from "@/lib/notifications/server-actions";

export const metadata: Metadata = { title: "站内消息" };

const URGENT = new Set(["TASK_RETURNED", "DEADLINE_PASSED", "HOMICIDE_WARNING", "IMPORT_FAILED", "SUPERVISION_RECEIVED", "SUPERVISION_RETURNED", "SUPERVISION_OVERDUE"]);

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("dashboard:read");
  const { filter, page, rows, total, pageCount, unread, newestId } = await notificationPage(user, parseQuery(ZNotificationQuery, await searchParams));
  const href = (f: NotificationFilter, p = 1) => `/notifications?filter=${f}${p > 1 ? `&page=${p}` : ""}`;
  const chip = (on: boolean) =>
    cx("inline-flex min-h-11 min-w-11 items-center justify-center rounded-full border px-3 py-1 text-sm md:min-h-0", on ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50");
  return (
    <div>
      <PageHeader
        title="站内消息"
        subtitle={`任务退回与销号、待审核、督办、到期提醒、命案风险预警和导入结果。消息保留 184 天；记录已不在您的管辖范围内的消息不再显示。未读 ${formatCount(unread, { compact: false })} 条。`}
        actions={
          // the form stays when nothing is left unread, so its 「已将 N 条消息标为已读」 outlives the refresh that empties the list
          <ButtonForm action={markAllNotificationsRead} fields={{ upTo: newestId }} label="全部标为已读" shown={unread > 0} className="flex flex-col items-end gap-1" />
        }
      />
      <nav aria-label="消息筛选" className="mb-3 flex flex-wrap gap-2">
        {(Object.keys(NOTIFICATION_FILTERS) as NotificationFilter[]).map((f) => (
          <Link key={f} href={href(f)} className={chip(f === filter)} aria-current={f === filter ? "page" : undefined}>
            {NOTIFICATION_FILTERS[f]}
            {f === "unread" ? `（${formatCount(unread, { compact: false })}）` : ""}
          </Link>
        ))}
      </nav>
      {rows.length ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="notification-list">
          {rows.map((n) => (
            <li key={n.id} className={cx("flex flex-col gap-1 px-3 py-3 sm:px-4", !n.readAt && "bg-police-50/40")} data-testid="notification-row" data-read={n.readAt ? "1" : "0"}>
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <StatusBadge tone={URGENT.has(n.kind) ? "red" : n.kind === "DEADLINE_SOON" ? "amber" : "blue"}>{NOTIFICATION_KIND_LABELS[n.kind]}</StatusBadge>
                <span className={cx("font-medium", n.readAt ? "text-slate-500" : "text-police-800")}>{n.readAt ? "已读" : "未读"}</span>
                <time dateTime={n.createdAt.toISOString()}>{formatDateTime(n.createdAt)}</time>
              </div>
              {/* a full page load: opening marks the message read and the header's count is drawn afresh */}
              <a href={`/notifications/${n.id}/open`} className={cx("min-h-11 break-words py-1 text-sm hover:underline md:min-h-0", n.readAt ? "text-slate-700" : "font-medium text-police-700")} data-testid="notification-open">
                {n.title}
              </a>
              {n.body && n.body !== n.title ? <p className="break-words text-xs text-slate-600">{n.body}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title={filter === "unread" ? "没有未读消息" : filter === "read" ? "没有已读消息" : "没有消息"} />
      )}
      <Pagination page={page} pageCount={pageCount} total={total} hrefFor={(p) => href(filter, p)} />
    </div>
  );
}
