// The bell in the header: the unread count of 站内消息 as text (never colour alone), a 44 px target, and the whole
// count for a screen reader (「站内消息，3 条未读」). A plain link: the list is one page load away.
import { formatCount } from "@/lib/format";

/** A navigation entry's count as shown (「99+」 above 99) and as heard after its label (「，36 条」); none for 0. */
export function navBadge(count: number | undefined): { text: string; sr: string } | undefined {
  if (!count) return undefined;
  return { text: count > 99 ? "99+" : formatCount(count), sr: `，${formatCount(count, { compact: false })} 条` };
}

export function NotificationBell({ unread }: { unread: number }) {
  const label = `站内消息，${formatCount(unread, { compact: false })} 条未读`;
  return (
    <a
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      data-unread={unread}
      className="relative inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center gap-1 rounded-md border border-white/30 px-2 text-sm text-white hover:bg-white/10"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.6">
        <path d="M10 2.5a5 5 0 0 0-5 5v3.2L3.5 13.5h13L15 10.7V7.5a5 5 0 0 0-5-5Z" strokeLinejoin="round" />
        <path d="M8 15.5a2 2 0 0 0 4 0" />
      </svg>
      {unread > 0 ? (
        <span aria-hidden="true" className="min-w-5 rounded-full bg-white px-1.5 text-center text-xs font-semibold leading-5 text-police-900 tabular-nums" data-testid="notification-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </a>
  );
}
