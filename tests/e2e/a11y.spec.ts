// Accessibility of every page, for every role: axe-core's WCAG 2.1 A/AA rules find no serious or critical violation,
// and no page scrolls sideways at 1366 px. The page list is generated from the navigation (components/shell/nav-items.ts
// filtered by the one permission table) plus one detail page per list, so a new page in the navigation is checked
// automatically. One login per role (demo accounts have no TOTP); roles run in parallel.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { NAV_ITEMS } from "../../components/shell/nav-items";
import { type RoleName, can } from "../../lib/auth/permissions";
import { login, open } from "./helpers";
import { DETAILS, EXTRA, firstLink } from "./pages";

// a 大屏 display (DISPLAY) has no demo account and no page but its wall: tests/e2e/wall.spec.ts runs axe on the wall
const ACCOUNTS: Record<Exclude<RoleName, "DISPLAY">, string> = {
  COMMANDER: "sheng_zhihui",
  OFFICER: "chengguan_minjing",
  REVIEWER: "lanzhou_shenhe",
  ANALYST: "sheng_fenxi",
  SYSADMIN: "xitong_admin",
  SECADMIN: "anquan_admin",
  AUDITOR: "shenji_admin",
};



const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface Finding {
  url: string;
  violations: { id: string; impact: string; count: number; help: string; sample: string }[];
  sideways: number;
  /** tables (scroll boxes in main) wider than their box, i.e. with columns cut off at 1366 px */
  cut: string[];
}

async function check(page: Page, url: string): Promise<Finding> {
  const res = await open(page, url);
  expect(res?.status(), `${url} opens`).toBeLessThan(400);
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact!, count: v.nodes.length, help: v.help, sample: v.nodes[0]?.target.join(" ") ?? "" }));
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  // the 挂图作战 grids are two-dimensional by design (data-scroll-ok: a focusable region scrolled with the keyboard)
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("main .overflow-x-auto, main .overflow-auto")]
      .filter((e) => !e.closest("[data-scroll-ok]") && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.querySelector("[data-testid]")?.getAttribute("data-testid") ?? e.className}: ${e.scrollWidth} > ${e.clientWidth}`),
  );
  return { url, violations, sideways, cut };
}


test.describe.configure({ mode: "parallel" });
test.use({ viewport: { width: 1366, height: 900 } });

test("the sign-in page has no serious accessibility violation", async ({ page }) => {
  const f = await check(page, "/login");
  expect(f.violations, JSON.stringify(f.violations, null, 1)).toEqual([]);
  expect(f.sideways).toBeLessThanOrEqual(0);
});

for (const [role, username] of Object.entries(ACCOUNTS) as [RoleName, string][]) {
  test(`every page of the ${role} (${username}) passes axe WCAG 2.1 AA and fits 1366 px`, async ({ page }) => {
    test.setTimeout(480_000);
    await login(page, username);
    const urls = [
      ...NAV_ITEMS.filter((n) => n.permission === null || can(role, n.permission)).map((n) => n.href),
      ...EXTRA.filter((e) => e.permission === null || can(role, e.permission)).map((e) => e.href),
    ];
    for (const d of DETAILS.filter((d) => can(role, d.permission))) {
      const href = await firstLink(page, d.list, d.link);
      expect(href, `a detail link on ${d.list}`).not.toBeNull();
      urls.push(href!);
    }
    const findings: Finding[] = [];
    for (const url of urls) findings.push(await check(page, url));
    fs.mkdirSync("test-results/a11y", { recursive: true });
    fs.writeFileSync(`test-results/a11y/${role}.json`, JSON.stringify(findings, null, 1));
    for (const f of findings) {
      expect.soft(f.violations, `${f.url}: ${JSON.stringify(f.violations, null, 1)}`).toEqual([]);
      expect.soft(f.sideways, `${f.url} scrolls sideways at 1366 px`).toBeLessThanOrEqual(0);
      expect.soft(f.cut, `${f.url} has a table cut off at 1366 px`).toEqual([]);
    }
    expect(findings.length).toBeGreaterThanOrEqual(4); // the auditor: 工作首页, 审计日志 and the two account pages
  });
}

test("status is never colour alone: badges carry a shape, the matrix and the cockpit bars carry words", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "sheng_zhihui");
  await open(page, "/tasks");
  const badges = page.locator('main [data-tone="red"], main [data-tone="amber"], main [data-tone="green"]');
  expect(await badges.count()).toBeGreaterThan(0);
  const shapes = await badges.evaluateAll((els) => els.map((e) => `${e.getAttribute("data-tone")}:${e.querySelector("svg[data-shape]")?.getAttribute("data-shape") ?? "none"}`));
  for (const s of shapes) expect(s).toMatch(/^(red:filled|amber:half|green:check)$/);
  await open(page, "/battle-map");
  const cells = page.getByTestId("status-matrix").locator("[data-rag]");
  expect(await cells.count()).toBeGreaterThan(0);
  for (const t of await cells.evaluateAll((els) => els.slice(0, 50).map((e) => e.textContent ?? ""))) expect(t).toMatch(/红|黄|绿/);
  for (const k of ["red", "amber", "green"]) await expect(page.getByTestId(`legend-${k}`)).toContainText(/逾期|临期|正常/);
  await open(page, "/cockpit");
  const bars = page.getByTestId("battle-summary");
  if (await bars.count()) await expect(bars.locator("li").first()).toContainText(/红（逾期或退回）\d+/);
});
