// The pages every role-wide e2e sweep visits besides the navigation (a11y.spec.ts at 1366 px, phone.spec.ts at
// 390 px): pages reached from a list or a button, and one detail page per list.
import type { Page } from "@playwright/test";
import { NAV_ITEMS } from "../../components/shell/nav-items";
import { type Permission, can } from "../../lib/auth/permissions";
import type { Role } from "../../lib/generated/prisma/client";
import type { LedgerKey } from "../../lib/ledgers/types";
import { open } from "./helpers";

/** Pages reached from a list or a button rather than the navigation, per permission. */
export const EXTRA: { href: string; permission: Permission | null }[] = [
  { href: "/account/password", permission: null },
  { href: "/account/mfa", permission: null },
  { href: "/ledgers/disputes", permission: "ledger:read" },
  { href: "/search?q=%E7%BA%A0%E7%BA%B7", permission: "dashboard:read" },
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

/** Every kind of ledger record (lib/ledgers/configs/index.ts): the phone sweep and the transfer budget open one of each. */
export const LEDGER_KINDS = ["problems", "mechanisms", "stability", "intel", "analysis", "verification", "disputes", "enterprises", "visits", "demands", "ent_cases"] as const satisfies readonly LedgerKey[];
// a ledger added to the platform without being added here fails the type check
const everyLedger: Exclude<LedgerKey, (typeof LEDGER_KINDS)[number]> extends never ? true : never = true;
void everyLedger;

/** Every page of a role's work: its navigation, the pages reached from lists and buttons, a detail page of each list
 *  and a record of each ledger kind (the first on its list). */
export async function rolePages(page: Page, role: Role): Promise<string[]> {
  const allowed = (p: Permission | null) => p === null || can(role, p);
  const urls = [...NAV_ITEMS.filter((n) => allowed(n.permission)).map((n) => n.href), ...EXTRA.filter((e) => allowed(e.permission)).map((e) => e.href)];
  const details = DETAILS.filter((d) => allowed(d.permission));
  if (allowed("ledger:read"))
    for (const key of LEDGER_KINDS) if (!details.some((d) => d.list === `/ledgers/${key}`)) details.push({ list: `/ledgers/${key}`, link: new RegExp(`^/ledgers/${key}/(?!new|import)[^/?#]+$`), permission: "ledger:read" });
  for (const d of details) {
    const href = await firstLink(page, d.list, d.link);
    if (!href) throw new Error(`no detail link on ${d.list}`);
    urls.push(href);
  }
  return urls;
}
