// The pages every role-wide e2e sweep visits besides the navigation (a11y.spec.ts at 1366 px, phone.spec.ts at
// 390 px): pages reached from a list or a button, and one detail page per list.
import type { Page } from "@playwright/test";
import type { Permission } from "../../lib/auth/permissions";
import { open } from "./helpers";

/** Pages reached from a list or a button rather than the navigation, per permission. */
export const EXTRA: { href: string; permission: Permission | null }[] = [
  { href: "/account/password", permission: null },
  { href: "/account/mfa", permission: null },
  { href: "/ledgers/disputes", permission: "ledger:read" },
  { href: "/ledgers/disputes/new", permission: "ledger:write" },
  { href: "/ledgers/disputes/import", permission: "ledger:import" },
  { href: "/stats/entry", permission: "stats:write" },
  { href: "/stats/import", permission: "stats:write" },
  { href: "/stats/population", permission: "stats:read" },
  { href: "/cockpit?period=2025-10&kpi=criminal.filed&basis=per100k", permission: "cockpit:read" },
  { href: "/assessment/scheme", permission: "assessment:read" },
  { href: "/reports/schedules", permission: "report:generate" },
  { href: "/reports/view?unit=6201&period=2025-10", permission: "report:read" },
  { href: "/admin/users/new", permission: "user:manage" },
  { href: "/supervision/new", permission: "supervision:issue" },
];

/** One detail page per list: the first link on the list page whose href matches. */
export const DETAILS: { list: string; link: RegExp; permission: Permission }[] = [
  { list: "/ledgers/disputes", link: /^\/ledgers\/disputes\/(?!new|import)[^/?#]+$/, permission: "ledger:read" },
  { list: "/ledgers/problems", link: /^\/ledgers\/problems\/(?!new|import)[^/?#]+$/, permission: "ledger:read" },
  { list: "/tasks", link: /^\/tasks\/[^/?#]+$/, permission: "task:read" },
  { list: "/supervision", link: /^\/supervision\/DB-[^/?#]+$/, permission: "supervision:read" },
  { list: "/plan", link: /^\/plan\/tasks\/[^/?#]+$/, permission: "plan:read" },
  { list: "/admin/users", link: /^\/admin\/users\/(?!new)[^/?#]+$/, permission: "user:read" },
  { list: "/admin/units", link: /^\/admin\/units\/[^/?#]+$/, permission: "unit:read" },
  { list: "/assessment", link: /^\/assessment\/(?!scheme)[^/?#]+(\?.*)?$/, permission: "assessment:read" },
  { list: "/cockpit", link: /^\/cockpit\/[^/?#]+(\?.*)?$/, permission: "cockpit:read" },
];

/** The first link on a list page (after its streamed rows arrived) whose href matches. */
export async function firstLink(page: Page, list: string, pattern: RegExp): Promise<string | null> {
  await open(page, list);
  const hrefs = await page.locator("main a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}
