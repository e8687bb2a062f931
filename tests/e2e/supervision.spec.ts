// 督办 end to end in a 派出所 of the test's own: 七里河区's reviewer issues a 督办单 to the station, the station's
// officer replies with a file, the reviewer returns it, the officer replies again without choosing a file (the
// browser's empty file part), the reviewer accepts. The pages pass axe and fit 360 px and 1366 px.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page, expect, test } from "@playwright/test";
import { type Account, newStation, newUser } from "./factories";
import { login, open } from "./helpers";

async function as(browser: Browser, who: Account, width = 1366): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await login(page, who);
  return page;
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

/** No serious axe violation and no sideways scrolling, at the page's current width. */
async function fits(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target.join(" ")}`);
  expect(serious, label).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

test("a reviewer issues a 督办, the officer replies with and without a file, the reviewer returns and accepts", async ({ browser }) => {
  test.setTimeout(180_000);
  const { station, officer: me } = await newStation("620103");
  const reviewerAccount = await newUser("REVIEWER", "620103");

  // the station's officer is already at work on a phone: nothing unread yet
  const officer = await as(browser, me, 360);
  const officerBell = officer.getByTestId("notification-bell");
  await expect(officerBell).toHaveAttribute("aria-label", "站内消息，0 条未读");

  // the reviewer issues from the unit choice of /supervision/new
  const reviewer = await as(browser, reviewerAccount);
  const reviewerUnread = Number(await reviewer.getByTestId("notification-bell").getAttribute("data-unread"));
  await open(reviewer, "/supervision");
  await reviewer.getByRole("link", { name: "下发督办" }).click();
  await expect(reviewer.getByRole("heading", { name: "下发督办" })).toBeVisible();
  await fits(reviewer, "/supervision/new at 1366 px");
  // nothing filled in: Chinese messages, nothing issued
  await reviewer.getByRole("button", { name: "下发督办" }).click();
  await expect(reviewer.getByText("请选择督办单位").first()).toBeVisible();
  await reviewer.getByLabel("督办单位").selectOption({ label: station.name });
  await reviewer.getByLabel("督办级别").selectOption("LISTED");
  await reviewer.getByLabel("督办事项").fill("辖区矛盾纠纷排查不到位");
  await reviewer.getByLabel("督办理由").fill("专项检查发现排查台账缺失，请三日内完成排查并报送台账。");
  const due = await reviewer.evaluate(() => {
    const d = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000);
    return d.toISOString().slice(0, 10);
  });
  await reviewer.getByLabel("答复期限").fill(due);
  await reviewer.getByRole("button", { name: "下发督办" }).click();
  await reviewer.waitForURL(/\/supervision\/DB-/);
  const url = new URL(reviewer.url()).pathname;
  const code = decodeURIComponent(url.split("/").pop()!);
  await expect(reviewer.getByTestId("supervision-status")).toHaveText("待答复");
  await expect(reviewer.getByRole("heading", { name: /挂牌督办：辖区矛盾纠纷排查不到位/ })).toBeVisible();

  // the officer's bell counts the 督办 received; the message opens the 督办单 and the count goes back down
  await officer.reload();
  await expect(officerBell).toHaveAttribute("aria-label", "站内消息，1 条未读");
  await expect(officer.getByTestId("notification-count")).toHaveText("1");
  await officerBell.click();
  await officer.waitForURL("**/notifications**");
  await officer.getByRole("link", { name: new RegExp(code) }).first().click();
  await officer.waitForURL(`**${url}`);
  await expect(officerBell).toHaveAttribute("aria-label", "站内消息，0 条未读");
  // and it is among 收到的 too
  await open(officer, "/supervision?box=received");
  await fits(officer, "/supervision at 360 px");
  await officer.getByTestId("supervision-cards").getByRole("link", { name: new RegExp(code) }).click();
  await officer.waitForURL(`**${url}`);
  await fits(officer, "督办单 at 360 px");
  await officer.getByLabel("答复内容").fill("已完成辖区矛盾纠纷全面排查，台账已补齐。");
  await officer.getByLabel("佐证材料").setInputFiles({ name: "排查台账.pdf", mimeType: "application/pdf", buffer: PDF });
  await officer.getByRole("button", { name: "提交答复" }).click();
  // the page's state, not the form's transient message (the form leaves once the reply is in)
  await expect(officer.getByTestId("supervision-status")).toHaveText("已答复待验收");
  await expect(officer.getByText(/^已答复，等待.+验收。$/)).toBeVisible();
  await expect(officer.getByTestId("evidence-link")).toHaveCount(1);
  await expect(officer.getByTestId("evidence-link")).toContainText("排查台账.pdf");

  // the reviewer hears of the reply, downloads the evidence and returns the reply with a reason
  await reviewer.reload();
  // (at least one more: specs running beside this one may raise other messages in 七里河区 meanwhile)
  await expect.poll(async () => Number(await reviewer.getByTestId("notification-bell").getAttribute("data-unread"))).toBeGreaterThan(reviewerUnread);
  const [download] = await Promise.all([reviewer.waitForEvent("download"), reviewer.getByTestId("evidence-link").first().click()]);
  expect(download.suggestedFilename()).toBe("排查台账.pdf");
  await reviewer.getByLabel("退回").check();
  await reviewer.getByRole("button", { name: "退回答复" }).click();
  await expect(reviewer.getByText(/退回时须填写退回理由/).first()).toBeVisible();
  await reviewer.getByLabel("退回理由").fill("台账缺少化解结果，请补充。");
  await reviewer.getByRole("button", { name: "退回答复" }).click();
  await expect(reviewer.getByTestId("supervision-status")).toHaveText("答复被退回");

  // the officer replies again without choosing a file
  await officer.reload();
  await officer.getByLabel("答复内容").fill("化解结果已补录入台账，请审核。");
  await officer.getByRole("button", { name: "提交答复" }).click();
  // the form's own 「已答复」 goes with the form once the page shows the new state: read the state itself
  await expect(officer.getByTestId("supervision-status")).toHaveText("已答复待验收");
  await expect(officer.getByText(/^已答复，等待.+验收。$/)).toBeVisible();

  // the reviewer accepts: 已办结, every step in the history
  await reviewer.reload();
  await reviewer.getByLabel("验收意见").fill("同意办结。");
  await reviewer.getByRole("button", { name: "验收办结" }).click();
  await expect(reviewer.getByTestId("supervision-status")).toHaveText("已办结");
  await expect(reviewer.getByTestId("supervision-steps").locator(":scope > li")).toHaveCount(5);
  await fits(reviewer, "督办单 at 1366 px");
  await open(reviewer, "/supervision?status=all&box=issued");
  await expect(reviewer.getByTestId("supervision-rows")).toContainText(code);
  await fits(reviewer, "/supervision at 1366 px");
});
