import { headers } from "next/headers";
import Link from "@/components/link";
import { redirect, unstable_rethrow } from "next/navigation";
import type { ReactNode } from "react";
import { DraftOwner } from "@/components/forms/draft-keeper";
import { LiveRegion } from "@/components/shell/live-region";
import { LogoutButton } from "@/components/shell/logout-button";
import { IdleWarning } from "@/components/shell/idle-warning";
import { GlobalSearch } from "@/components/shell/global-search";
import { MenuButton, MenuProvider, Nav } from "@/components/shell/nav";
import { NotificationBell, navBadge } from "@/components/shell/notification-bell";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { ServerErrorPage, reportServerError } from "@/components/shell/server-error";
import { UnitPicker } from "@/components/shell/unit-picker";
import { BUSINESS_ROLES, ROLE_LABELS, can } from "@/lib/auth/permissions";
import { RESTRICTED_PAGE, getCurrentUser } from "@/lib/auth/session";
import { NOTIFICATIONS_HREF, navBadges } from "@/lib/notifications/queries";
import { listUnitsInScope, resolveViewUnit } from "@/lib/units/queries";
import { unitPickerOptions } from "@/lib/units/picker";

async function loadShell() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const pathname = (await headers()).get("x-pathname") ?? "/";
  // restricted sessions: the password first, then the second factor; nothing else until both are done. This is the
  // convenience for full page loads; the boundary is requireUser() in every page (an RSC request may skip layouts).
  if (user.restriction && pathname !== RESTRICTED_PAGE[user.restriction]) redirect(`${RESTRICTED_PAGE[user.restriction]}?required=1`);

  // a restricted session sees no menu and no unit list: nothing of the business until it is a full session
  const showPicker = !user.restriction && BUSINESS_ROLES.includes(user.role);
  const [units, viewUnit, badges] = showPicker ? await Promise.all([listUnitsInScope(user), resolveViewUnit(user), navBadges(user)]) : [[], null, {} as Record<string, number>];
  return { user, units, viewUnit, badges };
}

export default async function AppLayout({ children }: { children: ReactNode }) {
  let shell: Awaited<ReturnType<typeof loadShell>>;
  try {
    shell = await loadShell();
  } catch (e) {
    // redirects and 404s go on; anything else (the database unreachable …) is the product's error page, rendered
    // here on the server so that it is readable without JavaScript — not Next.js's empty error shell
    unstable_rethrow(e);
    return <ServerErrorPage id={reportServerError("page", e)} />;
  }
  const { user, units, viewUnit, badges } = shell;
  const items = user.restriction ? [] : NAV_ITEMS.filter((i) => i.permission === null || can(user.role, i.permission));
  const rootDepth = units[0]?.depth ?? 0;

  const accountLinks = (
    <>
      <Link href="/account/password" className="flex min-h-11 items-center rounded-md px-3 text-sm text-slate-200 hover:bg-police-800 hover:text-white md:min-h-0 md:px-0 md:text-white/80 md:hover:bg-transparent">
        修改密码
      </Link>
      <Link href="/account/mfa" className="flex min-h-11 items-center rounded-md px-3 text-sm text-slate-200 hover:bg-police-800 hover:text-white md:min-h-0 md:px-0 md:text-white/80 md:hover:bg-transparent">
        动态口令
      </Link>
    </>
  );

  return (
    <MenuProvider>
      <div className="flex min-h-screen flex-col">
        <a href="#main" className="no-print sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:text-police-800 focus:shadow-lg" data-testid="skip-link">
          跳到主要内容
        </a>
        <LiveRegion />
        {/* a phone: row 1 the name and 「菜单」, row 2 the unit picker and 退出登录; from 768 px one row */}
        <header className="no-print flex flex-wrap items-center gap-x-3 gap-y-2 bg-police-900 px-3 py-2 text-white shadow md:flex-nowrap md:gap-4 md:px-5 md:py-3">
          <Link href="/" className="mr-auto flex min-h-11 min-w-0 items-center gap-3">
            <span aria-hidden className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-white/10 text-lg font-bold">
              安
            </span>
            <span className="min-w-0">
              <span className="block text-base font-semibold tracking-wide">
                平安甘肃<span className="hidden sm:inline"> · 主动创稳指挥平台</span>
              </span>
              <span className="hidden text-xs text-white/60 sm:block">甘肃省公安机关</span>
            </span>
          </Link>
          {NOTIFICATIONS_HREF in badges ? <NotificationBell unread={badges[NOTIFICATIONS_HREF]} /> : null}
          {items.length ? <MenuButton /> : null}
          {!user.restriction && (can(user.role, "task:read") || can(user.role, "ledger:read")) ? <GlobalSearch /> : null}
          <div className="flex w-full min-w-0 flex-wrap items-center justify-between gap-3 md:w-auto md:flex-nowrap md:justify-end">
            {viewUnit ? (
              <UnitPicker
                units={unitPickerOptions(units, { by: "code" })}
                current={{ value: viewUnit.code, code: viewUnit.code, name: viewUnit.name, level: viewUnit.level, depth: viewUnit.depth - rootDepth }}
              />
            ) : (
              <span className="md:hidden">{user.name}</span>
            )}
            <div className="hidden text-right text-sm leading-tight md:block" data-testid="current-user">
              <div className="font-medium">
                {user.name} <span className="text-white/60">（{user.username}）</span>
              </div>
              <div className="text-xs text-white/70">
                {user.unitName} · {ROLE_LABELS[user.role]}
              </div>
            </div>
            <div className={items.length ? "hidden items-center gap-3 md:flex" : "flex items-center gap-3"}>{accountLinks}</div>
            <LogoutButton />
          </div>
        </header>
        <div className="flex flex-1 flex-col md:flex-row">
          <Nav
            items={items.map(({ href, label }) => ({ href, label, badge: navBadge(badges[href]) }))}
            extra={
              <>
                <p className="px-3 py-2 text-xs leading-relaxed text-white/70">
                  {user.name}（{user.username}）
                  <br />
                  {user.unitName} · {ROLE_LABELS[user.role]}
                </p>
                {accountLinks}
              </>
            }
          />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-3 focus:outline-none sm:p-6">
            {children}
          </main>
        </div>
      </div>
      <IdleWarning />
      <DraftOwner userId={String(user.id)} />
    </MenuProvider>
  );
}
