// 站内消息 end to end (issue 12): a reviewer returns a task; the officer's bell count goes up; opening the message
// from the list lands on the task and the count goes down. Own station, officer and reviewer (tests/e2e/factories.ts).
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page, expect, test } from "@playwright/test";
import { e2eDb, newStation, newUser } from "./factories";
import { type Account } from "./factories";
import { makeAssignment } from "../support/factories";
import { login } from "./helpers";

async function as(browser: Browser, who: Account, width = 1366): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width, height: 800 } });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await login(page, who);
  return page;
}

test("a returned task: the officer's bell counts it, opening the message lands on the task and the count goes down", async ({ browser }) => {
  test.setTimeout(120_000);
  const { station, officer: me } = await newStation("620103");
  const reviewerAccount = await newUser("REVIEWER", "620103");
  // submitted work waiting for 七里河区's review
  const a = await makeAssignment(e2eDb(), station.code, { status: "PENDING_REVIEW" });
  const code = (await e2eDb().planTask.findUniqueOrThrow({ where: { id: a.taskId } })).code;

  const officer = await as(browser, me);
  const bell = officer.getByTestId("notification-bell");
  await expect(bell).toHaveAttribute("aria-label", "站内消息，0 条未读");

  // the reviewer sees the badge on 待我审核 and returns the task with a reason
  const reviewer = await as(browser, reviewerAccount);
  await expect(reviewer.getByRole("link", { name: /^待我审核，\d+ 条$/ })).toBeVisible();
  await reviewer.goto(`/tasks/${a.id}`);
  await reviewer.getByLabel("退回").check();
  await reviewer.getByLabel("退回理由").fill("佐证材料缺少会议纪要，请补充后再报。");
  await reviewer.getByRole("button", { name: "退回", exact: true }).click();
  await expect(reviewer.getByTestId("task-status")).toHaveText("已退回");

  // the officer's count went up: bell and navigation
  await officer.reload();
  await expect(bell).toHaveAttribute("aria-label", "站内消息，1 条未读");
  await expect(officer.getByTestId("notification-count")).toHaveText("1");
  await expect(officer.getByTestId("nav-panel").getByRole("link", { name: "站内消息，1 条", exact: true })).toBeVisible();

  // the list (未读 by default), then the message: it opens the task and is read
  await bell.click();
  await expect(officer).toHaveURL(/\/notifications$/);
  const row = officer.getByTestId("notification-row").filter({ hasText: `任务 ${code} 被退回` });
  await expect(row).toHaveAttribute("data-read", "0");
  await expect(row).toContainText("退回理由：佐证材料缺少会议纪要");
  await row.getByTestId("notification-open").click();
  await expect(officer).toHaveURL(new RegExp(`/tasks/${a.id}$`));
  await expect(officer.getByTestId("return-reason")).toContainText("缺少会议纪要");
  await expect(bell).toHaveAttribute("aria-label", "站内消息，0 条未读");
  await expect(officer.getByTestId("notification-count")).toHaveCount(0);

  // 已读 lists it; 未读 is empty
  await officer.goto("/notifications?filter=read");
  await expect(officer.getByTestId("notification-row").filter({ hasText: `任务 ${code} 被退回` })).toHaveAttribute("data-read", "1");
  await officer.goto("/notifications");
  await expect(officer.getByText("没有未读消息")).toBeVisible();
});

test("at 360 px: the bell is a 44 px target, the list fits without sideways scrolling, no serious axe violation; 全部标为已读", async ({ browser }) => {
  test.setTimeout(90_000);
  const { station, officer: me } = await newStation("620103");
  const db = e2eDb();
  for (let i = 0; i < 3; i++)
    await db.notification.create({ data: { userId: me.id, kind: i ? "DEADLINE_SOON" : "HOMICIDE_WARNING", title: `测试消息 ${i} 一条相当长的标题，用来检查窄屏上的换行是否正常，不会撑出横向滚动条`, href: "/tasks", unitPath: station.path } });
  const phone = await as(browser, me, 360);
  const bell = phone.getByTestId("notification-bell");
  await expect(bell).toHaveAttribute("aria-label", "站内消息，3 条未读");
  const box = (await bell.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await bell.click();
  await expect(phone.getByTestId("notification-row")).toHaveCount(3);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const axe = await new AxeBuilder({ page: phone }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await phone.getByRole("button", { name: "全部标为已读" }).click();
  await expect(phone.getByText("已将 3 条消息标为已读")).toBeVisible();
  await expect(bell).toHaveAttribute("aria-label", "站内消息，0 条未读");
});
