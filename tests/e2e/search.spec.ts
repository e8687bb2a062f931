// The global search and saved filters, in a 派出所 of the test's own (its own officer and records): the header's
// combobox finds a record by its code and opens it with the keyboard; the results page works as a plain form; a
// record of another county is never found; the open suggestion list passes axe and fits 360 px. Saving a list's
// filter under a name, applying it from another view, and deleting it.
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page, expect, test } from "@playwright/test";
import { makeLedgerRecord } from "../integration/helpers/work-factories";
import { type Account, e2eDb, newStation } from "./factories";
import { login, settled } from "./helpers";

async function as(browser: Browser, who: Account, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await login(page, who);
  return page;
}

test("search from the header by code reaches the record; another county's record is not found", async ({ browser }) => {
  test.setTimeout(120_000);
  const { station, officer } = await newStation("620103");
  const mine = await makeLedgerRecord(e2eDb(), "disputes", station.code, { summary: "搜索测试：楼上漏水引发邻里纠纷", parties: "端木某某、上官某某" });
  const other = await makeLedgerRecord(e2eDb(), "disputes", "620102", { summary: "搜索测试：城关区的纠纷", parties: "端木另某" });
  const page = await as(browser, officer);

  // the combobox: type the code, ↓ to the first suggestion, Enter opens it
  const input = page.getByRole("combobox", { name: "搜索编号、标题或人名" });
  await input.fill(mine.code as string);
  const list = page.getByRole("listbox", { name: "搜索建议" });
  // (the last option, 「查看全部结果」, names the term too: wait for the record's own)
  await expect(list.getByRole("group", { name: "矛盾纠纷" }).getByRole("option").first()).toContainText(mine.code as string);
  await expect(input).toHaveAttribute("aria-expanded", "true");
  await input.press("ArrowDown");
  await expect(input).toHaveAttribute("aria-activedescendant", /opt-0$/);
  await input.press("Enter");
  await page.waitForURL(`**/ledgers/disputes/${mine.id}`);
  await expect(page.getByRole("main").getByText(mine.code as string).first()).toBeVisible();

  // Enter without a highlighted suggestion: the results page, grouped, each hit a link
  await input.fill("端木");
  await input.press("Enter");
  await page.waitForURL(/\/search\?q=/);
  await settled(page);
  const results = page.getByTestId("search-results");
  await expect(results.getByRole("heading", { name: /矛盾纠纷/ })).toBeVisible();
  await expect(results.getByRole("link", { name: new RegExp(mine.code as string) })).toHaveAttribute("href", `/ledgers/disputes/${mine.id}`);
  await expect(results).not.toContainText(other.code as string);

  // the other county's record, by its exact code: nothing
  await page.goto(`/search?q=${encodeURIComponent(other.code as string)}`);
  await settled(page);
  await expect(page.getByText(/没有找到与「.*」相符的记录/)).toBeVisible();
  // a term too short is explained
  await page.goto("/search?q=%E7%BA%A0");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("请至少输入 2 个字");
});

test("the suggestion list works at 360 px and passes axe", async ({ browser }) => {
  const { station, officer } = await newStation("620103");
  await makeLedgerRecord(e2eDb(), "disputes", station.code, { summary: "窄屏搜索测试纠纷", parties: "欧阳某某" });
  const page = await as(browser, officer, { width: 360, height: 780 });
  const input = page.getByRole("combobox", { name: "搜索编号、标题或人名" });
  await input.fill("窄屏搜索测试");
  await expect(page.getByRole("listbox", { name: "搜索建议" }).getByRole("option").first()).toContainText("窄屏搜索测试纠纷");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  await input.press("Escape");
  await expect(input).toHaveAttribute("aria-expanded", "false");
});

test("a list's filter is saved under a name, applied later, and deleted", async ({ browser }) => {
  test.setTimeout(120_000);
  const { officer } = await newStation("620103");
  const page = await as(browser, officer);
  await page.goto("/ledgers/disputes?status=%E8%B0%83%E8%A7%A3%E4%B8%AD&riskTier=RED&page=2");
  await settled(page);
  const bar = page.getByTestId("saved-filters");
  await expect(bar.getByRole("link", { name: "本月新增" })).toBeVisible();
  await bar.getByText("保存当前筛选…").click();
  await bar.getByLabel("筛选名称").fill("红色调解中");
  await bar.getByRole("button", { name: "保存" }).click();
  await expect(bar.getByText("已保存筛选「红色调解中」")).toBeVisible();
  await expect(bar.getByRole("link", { name: "红色调解中" })).toBeVisible();
  // the same name again: a Chinese message, nothing saved twice
  await bar.getByLabel("筛选名称").fill("红色调解中");
  await bar.getByRole("button", { name: "保存" }).click();
  await expect(bar.getByText("已有名为「红色调解中」的筛选，请换一个名称").first()).toBeVisible();

  // from the unfiltered list, the saved filter applies the filter (not the page)
  await page.goto("/ledgers/disputes");
  await settled(page);
  await page.getByTestId("saved-filters").getByRole("link", { name: "红色调解中" }).click();
  await page.waitForURL(/riskTier=RED/);
  const url = new URL(page.url());
  expect(url.searchParams.get("status")).toBe("调解中");
  expect(url.searchParams.get("page")).toBeNull();
  await settled(page);
  await expect(page.getByLabel("风险等级")).toHaveValue("RED");

  // deleted
  await page.getByTestId("saved-filters").getByRole("button", { name: "删除筛选「红色调解中」" }).click();
  await expect(page.getByTestId("saved-filters").getByRole("link", { name: "红色调解中" })).toHaveCount(0);
});
