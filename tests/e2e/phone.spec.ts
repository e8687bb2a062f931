// The officer's phone (警务通, 390×844): the navigation folds into a 「菜单」 disclosure that works by keyboard, the
// header fits with 退出登录 in reach, no page of the officer scrolls sideways and every control is a 44 px touch
// target; the task list opens on open work, most urgent first, as cards, with page numbers, a page size and the last
// filter remembered; evidence can be photographed; the 2-minute idle warning extends the session; the app has a web
// app manifest with local icons. Screenshots of the officer's home and task list at 390 and 1366 px are kept in
// docs/screenshots/.
import fs from "node:fs";
import { type Page, expect, test } from "@playwright/test";
import { e2eDb, newUser } from "./factories";
import { login, open } from "./helpers";
import { firstLink, rolePages } from "./pages";

const OFFICER = "chengguan_minjing";
const PHONE = { width: 390, height: 844 };
const SHOTS = "docs/screenshots";



/** Visible controls smaller than 44 px on either side (links in running text and breadcrumbs excepted). */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('header a, header button, #main-nav a, main a.rounded-full, main button, main select, main input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]):not([type="range"])')]
      .filter((e) => e.offsetParent !== null && !e.closest(".sr-only"))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.height < 43.5 || r.width < 43.5))
      .map(({ e, r }) => `<${e.tagName.toLowerCase()}> "${(e.innerText || e.getAttribute("aria-label") || e.getAttribute("name") || "").trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`),
  );

test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

test("at 390 px: the menu works by keyboard, the header fits, no officer page scrolls sideways, touch targets are 44 px", async ({ page }) => {
  test.setTimeout(300_000);
  await login(page, OFFICER);
  const menu = page.getByTestId("menu-button");
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  // 退出登录 is on screen, not pushed off it
  const logout = page.getByRole("button", { name: "退出登录" });
  await expect(logout).toBeVisible();
  const box = (await logout.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.height).toBeGreaterThanOrEqual(44);

  // keyboard: Enter opens and focus moves into the menu; Esc closes and focus returns to the button
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  // no trap: Tab through every link of the open menu and out of it; the menu folds behind
  await page.keyboard.press("Space");
  await expect(nav).toBeVisible();
  const stops = await nav.locator("a[href]").count();
  for (let i = 0; i < stops; i++) await page.keyboard.press("Tab");
  const outside = await page.evaluate(() => !document.getElementById("main-nav")?.contains(document.activeElement) && document.activeElement !== document.body);
  expect(outside, "Tab leaves the menu").toBe(true);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  // a link followed from the menu closes it on the new page
  await menu.click();
  await nav.getByRole("link", { name: "任务清单" }).click();
  await expect(page).toHaveURL(/\/tasks/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // every page of the officer's navigation, the pages reached from lists and buttons, and a record of each kind
  const urls = await rolePages(page, "OFFICER");
  expect(urls.length).toBeGreaterThanOrEqual(28);
  for (const url of urls) {
    const res = await open(page, url);
    expect(res?.status(), `${url} opens`).toBeLessThan(400);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect.soft(sideways, `${url} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    expect.soft(await smallTargets(page), `${url}: controls smaller than 44 px`).toEqual([]);
    await expect.soft(page.getByRole("button", { name: "退出登录" }), `${url}: 退出登录 in reach`).toBeInViewport();
    await page.screenshot({ path: `test-results/phone/${url.replace(/[^a-z0-9]+/gi, "_")}.png`, fullPage: true });
  }
});

test("at 390 px the 月度统计 table scrolls inside its own labelled, focusable region, not the page", async ({ page }) => {
  await login(page, OFFICER);
  await open(page, "/stats");
  const region = page.getByRole("region", { name: "月度统计表" });
  await expect(region).toHaveAttribute("tabindex", "0");
  await expect(region.getByTestId("stats-table")).toBeVisible();
  const m = await region.evaluate((el) => ({ inner: el.scrollWidth, box: el.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth }));
  expect(m.inner, "the table is wider than the phone").toBeGreaterThan(m.box);
  expect(m.page, "the page itself does not scroll sideways").toBeLessThanOrEqual(0);
  // by keyboard: the region takes the focus and the arrow keys scroll it
  await region.focus();
  await expect(region).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.scrollX)).toBe(0);
});

test("the officer's home and task list at 390 and 1366 px (screenshots in docs/screenshots)", async ({ page }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  await login(page, OFFICER);
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    await open(page, "/");
    await page.screenshot({ path: `${SHOTS}/officer-home-${width}.png`, fullPage: true });
    await open(page, "/tasks?status=open");
    await page.screenshot({ path: `${SHOTS}/officer-tasks-${width}.png`, fullPage: width === 1366 });
  }
  await page.setViewportSize(PHONE);
  await open(page, "/ledgers/disputes");
  await page.screenshot({ path: `${SHOTS}/officer-ledger-390.png` });
  await page.setViewportSize(PHONE);
  await open(page, "/tasks?status=open");
  await page.getByTestId("menu-button").click();
  await page.screenshot({ path: `${SHOTS}/officer-menu-390.png` });
});

test("the task list: open work most urgent first, as cards on a phone, page numbers and size, the last filter remembered", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, OFFICER);
  await open(page, "/tasks");
  await expect(page).toHaveURL(/\/tasks$/); // nothing remembered yet: the default view
  // one table, each task a card below 768 px (Table stack: the rows are rendered once for every width)
  const cards = page.getByTestId("task-rows").locator("tr");
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeLessThanOrEqual(20);
  expect(await cards.first().evaluate((tr) => getComputedStyle(tr).display)).toBe("flex"); // a card, not a table row
  await expect(cards.first().locator('td[data-label="时限"]')).toBeVisible(); // each line led by its column
  await expect(page.getByTestId("task-rows")).not.toContainText("已销号");
  // overdue first: once a card is not overdue, no later card is
  const texts = await cards.allInnerTexts();
  const firstDue = texts.findIndex((t) => !/逾期/.test(t));
  if (firstDue >= 0) for (const t of texts.slice(firstDue)) expect(t).not.toMatch(/逾期/);
  // closed work a filter away, after the open; page numbers and a page size
  await page.getByLabel("状态").selectOption("all");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/status=all/);
  // the finished 2023—2025 plan holds more than a page of this unit's work (the current plan is the default)
  await page.getByTestId("plan-picker").getByRole("link", { name: /2023—2025年/ }).click();
  await expect(page).toHaveURL(/plan=GSGA-ZDCW-2023-2025/);
  await expect(page).toHaveURL(/status=all/);
  await expect(cards).toHaveCount(20);
  const pager = page.getByRole("navigation", { name: "分页" });
  await pager.getByRole("link", { name: "第 2 页" }).click();
  await expect(pager.locator('[aria-current="page"]')).toHaveText("2");
  await pager.getByRole("link", { name: "每页 50 条" }).click();
  await expect(page).toHaveURL(/size=50/);
  await expect(page).not.toHaveURL(/page=/);
  await expect(cards).toHaveCount(50);
  // a filter is remembered: the navigation's bare /tasks opens it again
  const remembered = async () => decodeURIComponent((await page.context().cookies()).find((c) => c.name === "pingan_tasks_filter")?.value ?? "");
  await open(page, "/tasks?rag=red&status=open&size=50");
  await expect.poll(remembered).toMatch(/^\d+:rag=red&size=50$/);
  await open(page, "/");
  await open(page, "/tasks");
  await expect(page).toHaveURL(/\/tasks\?.*rag=red/);
  await expect(page).toHaveURL(/size=50/);
  // 重置 returns to the default and is remembered as such
  await page.getByRole("link", { name: "重置" }).click();
  await expect(page).toHaveURL(/\/tasks\?status=open$/);
  await expect.poll(remembered).toBe("");
  await open(page, "/tasks");
  await expect(page).toHaveURL(/\/tasks$/);
});

test("evidence: a photo can be taken with the camera, files of every allowed type can still be chosen", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, OFFICER);
  const href = await firstLink(page, "/tasks?status=IN_PROGRESS", /^\/tasks\/[^/?#]+$/);
  await open(page, href!);
  const camera = page.getByLabel("现场拍照");
  await expect(camera).toBeVisible();
  await expect(camera).toHaveAttribute("capture", "environment");
  await expect(camera).toHaveAttribute("accept", /image\/jpeg/);
  const files = page.getByLabel("证明材料", { exact: true });
  await expect(files).not.toHaveAttribute("capture");
  await expect(files).toHaveAttribute("accept", /application\/pdf/);
  await expect(files).toHaveAttribute("accept", /image\/jpeg/);
});

test("two minutes before the idle timeout: an alert dialog, focus on 继续工作, which extends the session", async ({ page, context }) => {
  test.setTimeout(120_000);
  await login(page, OFFICER);
  await open(page, "/account/password");
  // after the page's own requests (link prefetches also pass proxy.ts, which keeps the cookie equal to the server's clock)
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("idle-warning")).toHaveCount(0);
  // the last activity the server recorded, 28½ minutes ago (the clock the warning reads)
  await page.evaluate((at) => {
    document.cookie = `pingan_seen=${at}; path=/; samesite=lax`;
  }, Date.now() - 28.5 * 60_000);
  const dialog = page.getByRole("alertdialog", { name: "即将因长时间未操作而退出" });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("idle-countdown")).toHaveText(/^1分\d\d秒$/);
  await expect(dialog.getByRole("button", { name: "继续工作" })).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/idle-warning-390.png` });
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "退出登录" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "继续工作" })).toBeFocused();
  await dialog.getByRole("button", { name: "继续工作" }).click();
  await expect(dialog).toBeHidden();
  const seen = Number((await context.cookies()).find((c) => c.name === "pingan_seen")?.value);
  expect(Date.now() - seen).toBeLessThan(60_000);
  // still signed in
  await open(page, "/tasks");
  await expect(page.getByRole("heading", { name: "任务清单" })).toBeVisible();
});

test("the web app manifest and its icons are served locally, without signing in", async ({ request }) => {
  const res = await request.get("/manifest.webmanifest");
  expect(res.status()).toBe(200);
  const m = await res.json();
  expect(m.short_name).toBe("平安甘肃");
  expect(m.display).toBe("standalone");
  expect(m.icons.length).toBeGreaterThanOrEqual(2);
  for (const icon of m.icons as { src: string; sizes: string }[]) {
    expect(icon.src).toMatch(/^\/icons\//);
    const png = await request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    expect(png.headers()["content-type"]).toBe("image/png");
  }
  const html = await (await request.get("/login")).text();
  expect(html).toContain('rel="manifest"');
});

test("at 390 px a table whose rows carry action forms scrolls inside its box, not the page (the forms' hidden status lines stay inside)", async ({ page }) => {
  // the 安全管理员's list of locked accounts: 解锁 / 终止会话 in the last column, each form with its sr-only status line
  const u = await newUser("OFFICER", "620102");
  await e2eDb().user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() + 3_600_000), lockedManual: true } });
  await login(page, "anquan_admin");
  await open(page, `/security?q=${u.username}`);
  const row = page.getByRole("row").filter({ hasText: u.username });
  await expect(row.getByRole("button", { name: "解锁" })).toBeAttached();
  const m = await row.evaluate((tr) => {
    const box = tr.closest(".overflow-x-auto")!;
    // clientWidth, not innerWidth: in a phone's layout the viewport itself widens to content that overflows
    return { inner: box.scrollWidth, box: box.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
  expect(m.inner, "the table is wider than the phone").toBeGreaterThan(m.box);
  expect(m.page, "the page itself does not scroll sideways").toBeLessThanOrEqual(0);
});
