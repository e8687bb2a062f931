// The work home of every role at the phone width (390×844) and the desktop width (1366×768): the demo officer's home
// lists current work with countdowns and links that open; the reviewer walks the queue with 「下一条」; the commander
// sees the decisions above the cockpit link; no home scrolls sideways or has a serious axe (WCAG 2.1 AA) violation.
// A screenshot of each role's home at both widths is attached to the test and kept in
// docs/screenshots/home-<role>-<width>.png.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Page, type TestInfo, expect, test } from "@playwright/test";
import { makeAssignment, makeStation } from "../support/factories";
import { e2eDb, newUser } from "./factories";
import { login, settled } from "./helpers";

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
] as const;
const SHOTS = "docs/screenshots";
const COUNTDOWN = /^(还剩 \d+ 天|今天到期|逾期 \d+ 天)$/;

async function noSideways(page: Page) {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, "the home scrolls sideways").toBeLessThanOrEqual(inner);
}

/** axe WCAG 2.1 AA: no serious or critical violation */
async function accessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`);
  expect(bad, "axe serious/critical violations").toEqual([]);
}

async function shoot(page: Page, testInfo: TestInfo, role: string, width: number) {
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(`home-${role}-${width}`, { body, contentType: "image/png" });
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(`${SHOTS}/home-${role}-${width}.png`, body);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: size });

    test("the demo officer's home lists current work, most urgent first, with countdowns and links that open", async ({ page }, testInfo) => {
      await login(page, "chengguan_minjing");
      await settled(page);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("城关区 · 我的待办");
      const lines = page.getByTestId("todo-item");
      expect(await lines.count()).toBeGreaterThan(0);
      // every line: a countdown in words with its status shape, and a link to the record
      const texts = await page.getByTestId("countdown").allInnerTexts();
      expect(texts.length).toBe(await lines.count());
      for (const t of texts) expect(t.trim()).toMatch(COUNTDOWN);
      expect(await page.getByTestId("countdown").locator("svg[data-shape]").count()).toBe(texts.length);
      // most urgent first: overdue lines (the most overdue first) before today's, today's before the days ahead — the
      // day's work first, then the 积压 (overdue by more than 30 days), each in that order
      const rank = (t: string) => (t.startsWith("逾期") ? -Number(t.match(/\d+/)![0]) : t === "今天到期" ? 0 : Number(t.match(/\d+/)![0]));
      const ranksOf = async (list: string) => (await page.getByTestId(list).getByTestId("countdown").allInnerTexts()).map((t) => rank(t.trim()));
      const today = await ranksOf("todo-list");
      expect(today.length).toBeGreaterThan(0);
      expect(today).toEqual([...today].sort((a, b) => a - b));
      expect(today.every((r) => r >= -30)).toBe(true);
      const backlog = await ranksOf("backlog-list");
      expect(backlog).toEqual([...backlog].sort((a, b) => a - b));
      expect(backlog.every((r) => r < -30)).toBe(true);
      expect(today.length + backlog.length).toBe(texts.length);
      // the counts on top add up to the list's header count
      const counts = await page.getByTestId("todo-counts").locator("a span:last-child").allInnerTexts();
      const total = counts.reduce((n, c) => n + Number(c.replace(/,/g, "")), 0);
      await expect(page.getByTestId("todo").getByTestId("section-count")).toHaveText(String(total));
      await noSideways(page);
      await accessible(page);
      await shoot(page, testInfo, "officer", size.width);
      // one click opens the record
      const first = lines.first().getByRole("link");
      const href = (await first.getAttribute("href"))!;
      await first.click();
      await expect(page).toHaveURL((u) => `${u.pathname}${u.search}` === href);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText("页面不存在")).toHaveCount(0);
    });

    test("the reviewer walks three submissions with 「下一条」 until the queue is empty", async ({ page }) => {
      test.setTimeout(120_000);
      // a station of the test's own with a unit below it: the station reviews what that unit submits, so the
      // queue holds exactly the three items made here
      const db = e2eDb();
      const station = await makeStation(db, "620103");
      const below = await makeStation(db, station.code);
      const reviewer = await newUser("REVIEWER", station.code);
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await makeAssignment(db, below.code, { status: "PENDING_REVIEW" }));
      for (const [i, a] of made.entries()) await db.taskAssignment.update({ where: { id: a.id }, data: { submittedAt: new Date(Date.now() - (5 - i) * 86_400_000) } });

      await login(page, reviewer);
      await settled(page);
      await expect(page.getByTestId("review-queue").getByTestId("section-count")).toHaveText("3");
      const items = page.getByTestId("queue-item");
      await expect(items).toHaveCount(3);
      await expect(items.first()).toContainText("已等待 5 天");
      await expect(items.first()).toContainText("第 1 级审核（共 1 级，本级销号）");
      await noSideways(page);

      await items.first().getByRole("link").click();
      const decisions = ["ACCEPT", "RETURN", "ACCEPT"] as const;
      for (const [i, decision] of decisions.entries()) {
        await expect(page).toHaveURL(new RegExp(`/tasks/${made[i].id}\\?from=queue$`));
        await expect(page.getByTestId("task-status")).toHaveText("待审核");
        if (decision === "RETURN") {
          await page.getByLabel("退回", { exact: true }).check();
          await page.getByLabel("退回理由").fill("佐证材料不全，请补充。");
          await page.getByRole("button", { name: "退回", exact: true }).click();
          await expect(page.getByTestId("task-status")).toHaveText("已退回");
        } else {
          await page.getByRole("button", { name: "审核通过" }).click();
          await expect(page.getByTestId("task-status")).toHaveText("已销号");
        }
        const next = page.getByTestId("queue-next");
        await expect(next).toBeVisible();
        if (i < 2) {
          await expect(next).toContainText(`还有 ${2 - i} 条`);
          await noSideways(page);
          if (i === 0) await accessible(page);
          await next.getByTestId("review-next").click();
        } else {
          await expect(page.getByTestId("queue-empty")).toHaveText("审核队列已清空：没有等待本单位审核的任务了。");
          await noSideways(page);
          await next.getByRole("link", { name: "返回工作首页" }).click();
        }
      }
      await expect(page.getByTestId("review-queue").getByTestId("section-count")).toHaveText("0");
      await expect(page.getByText("审核队列已清空：没有等待本单位审核的任务。")).toBeVisible();
    });

    test("the demo reviewer's queue; the commander's decisions above the cockpit link; analyst and the three admins have their homes; none scrolls sideways", async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const homes = [
        { role: "reviewer", user: "lanzhou_shenhe", heading: "兰州市 · 待我审核" },
        { role: "commander", user: "sheng_zhihui", heading: "甘肃省公安厅 · 今日决策" },
        { role: "analyst", user: "lanzhou_fenxi", heading: "兰州市 · 报告与数据核查" },
        { role: "sysadmin", user: "xitong_admin", heading: "系统管理" },
        { role: "secadmin", user: "anquan_admin", heading: "安全管理" },
        { role: "auditor", user: "shenji_admin", heading: "安全审计" },
      ];
      for (const h of homes) {
        await page.context().clearCookies();
        await login(page, h.user);
        await settled(page);
        await expect(page).toHaveURL((u) => u.pathname === "/");
        await expect(page.getByRole("heading", { level: 1 })).toContainText(h.heading);
        await noSideways(page);
        await accessible(page);
        await shoot(page, testInfo, h.role, size.width);
        if (h.role === "commander") {
          // the decisions come first, the cockpit link after them
          for (const id of ["overdue-supervision", "listed-supervision", "escalated", "red-units"]) await expect(page.getByTestId(id)).toBeVisible();
          const sectionsEnd = (await page.getByTestId("red-units").boundingBox())!;
          const link = page.getByTestId("cockpit-link");
          expect((await link.boundingBox())!.y).toBeGreaterThan(sectionsEnd.y);
          await link.click();
          await expect(page.getByTestId("cockpit")).toHaveAttribute("data-unit", "62");
        }
        if (h.role === "reviewer") {
          // the demo queue, oldest first, each with its waiting time and a link into the queue walk
          const items = page.getByTestId("queue-item");
          expect(await items.count()).toBeGreaterThan(0);
          await expect(items.first()).toContainText(/已等待 \d+ 天|今天提交/);
          await expect(items.first().getByRole("link")).toHaveAttribute("href", /^\/tasks\/\d+\?from=queue$/);
        }
        if (h.role === "analyst") {
          for (const id of ["reports-due", "stats-missing", "stats-warnings"]) await expect(page.getByTestId(id)).toBeVisible();
        }
        if (h.role === "sysadmin" || h.role === "secadmin" || h.role === "auditor") await expect(page.getByTestId("todo")).toHaveCount(0);
      }
    });
  });
}
