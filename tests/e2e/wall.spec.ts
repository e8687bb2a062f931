// 指挥中心大屏 (/wall/[code]) in Chromium:
//  - one screen at 1920×1080 and 3840×2160: no scrollbars, no panel cut off, headline numbers ≥ 48 px at 1080p,
//    axe clean; screenshots kept in docs/screenshots/;
//  - live, across app servers: two more app servers on the e2e database (same secret, as behind a load balancer):
//    a statistic saved through the app on server A appears on the wall served by B within 5 s; B killed and
//    restarted → the wall says it is reconnecting, reconnects by itself and shows the figures written meanwhile,
//    without a reload.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page, expect, test } from "@playwright/test";
import { e2ePort } from "./db-file";
import { newUser } from "./factories";
import { login } from "./helpers";

const SCREENS = [
  { name: "1080p", width: 1920, height: 1080 },
  { name: "4k", width: 3840, height: 2160 },
  { name: "32x9", width: 3840, height: 1080 },
] as const;

/** nothing scrolls and no panel's content is cut off */
async function fitsOneScreen(page: Page) {
  const m = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    bw: document.body.scrollWidth,
    bh: document.body.scrollHeight,
    w: innerWidth,
    h: innerHeight,
    clipped: [...document.querySelectorAll<HTMLElement>(".wall-head, .wall-kpi, .wall-panel, .wall-ticker")]
      .filter((e) => e.scrollHeight > e.clientHeight + 1 || (e.scrollWidth > e.clientWidth + 1 && !e.classList.contains("wall-ticker")))
      .map((e) => `${e.className} ${e.scrollWidth}×${e.scrollHeight} > ${e.clientWidth}×${e.clientHeight}`),
    outside: [...document.querySelectorAll<HTMLElement>("[data-testid=wall] > *")].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5 || r.left < -0.5 || r.top < -0.5;
    }).length,
  }));
  expect(m.sw).toBeLessThanOrEqual(m.w);
  expect(m.sh).toBeLessThanOrEqual(m.h);
  expect(m.bw).toBeLessThanOrEqual(m.w);
  expect(m.bh).toBeLessThanOrEqual(m.h);
  expect(m.clipped).toEqual([]);
  expect(m.outside).toBe(0);
}

for (const s of SCREENS) {
  test(`the province wall fits one ${s.width}×${s.height} screen, readable and accessible`, async ({ browser }) => {
    const ctx = await browser.newContext({ viewport: { width: s.width, height: s.height }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const page = await ctx.newPage();
    await login(page, "sheng_zhihui");
    await page.goto("/wall/62");
    await expect(page.getByTestId("wall-status")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("wall-map")).toBeVisible();
    await fitsOneScreen(page);
    // headline numbers: ≥ 48 px on a 1080-line screen, twice that at 4K
    const px = parseFloat(await page.getByTestId("wall-kpi-value").first().evaluate((e) => getComputedStyle(e).fontSize));
    expect(px).toBeGreaterThanOrEqual(s.height >= 2160 ? 96 : 48);
    await expect(page.getByTestId("wall-as-of")).toContainText("数据截至");
    await expect(page.getByTestId("wall-clock")).toContainText("北京时间");
    // 督办 opened today / overdue (the cockpit's 逾期督办 as of now): the demo seed has overdue ones
    await expect(page.getByTestId("wall-supervision")).toHaveText(/^\d+ \/ [1-9]\d*$/);
    // no personal data: no 18-digit ID number, no mobile number in the ticker
    expect(await page.getByTestId("wall-ticker").textContent()).not.toMatch(/\d{17}[\dXx]|1[3-9]\d{9}/);
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
    if (s.name !== "32x9") await page.screenshot({ path: `docs/screenshots/wall-${s.name}.png` });
    await ctx.close();
  });
}

test("a city and a county wall fit one 1080p screen; a unit outside the viewer's scope is a 404", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await ctx.newPage();
  await login(page, "lanzhou_zhihui");
  for (const code of ["6201", "620102"]) {
    await page.goto(`/wall/${code}`);
    await expect(page.getByTestId("wall")).toHaveAttribute("data-unit", code);
    await fitsOneScreen(page);
  }
  expect((await page.goto("/wall/6205"))?.status()).toBe(404);
  await ctx.close();
});

// ── two more app servers on the e2e database ───────────────────────────────────────────────────────────────────
const SECRET = randomBytes(32).toString("base64");

function startServer(port: number): ChildProcess {
  return spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port)], {
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: process.env.E2E_DATABASE_URL, NEXTAUTH_SECRET: SECRET, NEXTAUTH_URL: `http://localhost:${port}`, IMPORT_WORKER: "0" },
  });
}

async function up(port: number) {
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`http://localhost:${port}/api/health`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`app server on ${port} did not start`);
}

async function loginAt(browser: Browser, base: string, who: { username: string; password: string }) {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, baseURL: base });
  const page = await ctx.newPage();
  await login(page, who);
  return page;
}

/** an officer of 合作市 saves 刑事案件·破案 of the last complete month through the entry form: the old value + 1 */
async function saveSolved(page: Page) {
  await page.goto("/stats/entry");
  const field = page.locator("#f-criminal-solved");
  const now = Number((await field.inputValue()) || "0");
  await field.fill(String(now + 1));
  await page.getByRole("button", { name: "保存" }).first().click();
  const confirm = page.getByTestId("confirm-box");
  const saved = page.getByText(/数据已保存/);
  await expect(confirm.or(saved).first()).toBeVisible();
  if (await confirm.isVisible()) {
    await confirm.locator("input").check();
    await page.getByRole("button", { name: "保存" }).first().click();
    await expect(saved.first()).toBeVisible();
  }
}

test("live across app servers: a save on one shows on the wall of the other within 5 s; that server killed and restarted → reconnect, fresh figures, no reload", async ({ browser }) => {
  test.setTimeout(420_000);
  const pa = e2ePort() + 50;
  const pb = e2ePort() + 51;
  const a = startServer(pa);
  let b = startServer(pb);
  try {
    await Promise.all([up(pa), up(pb)]);
    const officer = await loginAt(browser, `http://localhost:${pa}`, await newUser("OFFICER", "623001"));
    const commander = await newUser("COMMANDER", "6230");
    const wall = await loginAt(browser, `http://localhost:${pb}`, commander);
    await wall.goto("/wall/6230");
    const card = wall.getByTestId("wall-kpi-criminal.solved");
    await expect(wall.getByTestId("wall-status")).toHaveAttribute("data-state", "live");
    await wall.evaluate(() => ((window as unknown as { wallMark: number }).wallMark = 42));
    const before = Number(await card.getAttribute("data-value"));

    await saveSolved(officer);
    const t0 = Date.now();
    await expect(card).toHaveAttribute("data-value", String(before + 1), { timeout: 5_000 });
    console.log(`[wall] a save on server A reached the wall on server B in ${Date.now() - t0} ms`);

    // server B dies: the wall says so; a save meanwhile on A; B comes back on the same port
    b.kill("SIGKILL");
    await expect(wall.getByTestId("wall-status")).toHaveAttribute("data-state", "reconnecting", { timeout: 30_000 });
    await expect(wall.getByTestId("wall-status")).toContainText("正在重新连接");
    await saveSolved(officer);
    b = startServer(pb);
    await up(pb);
    await expect(wall.getByTestId("wall-status")).toHaveAttribute("data-state", "live", { timeout: 30_000 });
    await expect(card).toHaveAttribute("data-value", String(before + 2), { timeout: 10_000 });
    expect(await wall.evaluate(() => (window as unknown as { wallMark?: number }).wallMark)).toBe(42);
  } finally {
    a.kill("SIGKILL");
    b.kill("SIGKILL");
  }
});
