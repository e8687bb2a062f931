// Daily work end to end, each test in a 派出所 of its own with its own officer (and reviewer), so nothing here
// touches the demo rows other specs read, nor the other way round.
import { type Browser, type Page, expect, test } from "@playwright/test";
import { type Account, newAssignment, newStation, newUser } from "./factories";
import { login } from "./helpers";

async function as(browser: Browser, username: string | Account): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  await login(page, username);
  return page;
}

/** A minimal real PDF as the evidence file. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

test("officer reports with evidence and submits; reviewer returns; officer resubmits; reviewer closes; the province sees it closed", async ({ browser }) => {
  test.setTimeout(120_000);
  // the station's task, handed down by 七里河区, whose reviewer reviews and closes it
  const { station, officer: me } = await newStation("620103");
  const reviewerAccount = await newUser("REVIEWER", "620103");
  await newAssignment(station.code, "IN_PROGRESS");
  const officer = await as(browser, me);
  await officer.goto(`/tasks?status=IN_PROGRESS&unit=${station.code}`);
  await officer.getByTestId("task-rows").getByRole("link").first().click();
  await expect(officer.getByTestId("task-status")).toHaveText("推进中");
  const url = officer.url();

  // progress to 100 % with an evidence file
  await officer.getByLabel(/完成进度/).focus();
  await officer.keyboard.press("End");
  await officer.getByLabel("进展情况").fill("已完成全部排查整改，形成专项报告。");
  await officer.getByLabel("证明材料").setInputFiles({ name: "专项排查情况报告.pdf", mimeType: "application/pdf", buffer: PDF });
  // one request: the action's answer brings the page rendered again (no router.refresh() RSC request after it)
  const refetches: string[] = [];
  const onRequest = (r: import("@playwright/test").Request) => void (r.headers()["rsc"] === "1" && refetches.push(r.url()));
  officer.on("request", onRequest);
  await officer.getByRole("button", { name: "填报进展" }).click();
  await expect(officer.getByText("进展已填报（100%）")).toBeVisible();
  await expect(officer.getByTestId("task-progress")).toHaveText("100%");
  await officer.waitForLoadState("networkidle");
  officer.off("request", onRequest);
  expect(refetches).toEqual([]);
  await expect(officer.getByTestId("evidence-link").first()).toContainText("专项排查情况报告.pdf");
  // the evidence downloads as an attachment
  const [download] = await Promise.all([officer.waitForEvent("download"), officer.getByTestId("evidence-link").first().click()]);
  expect(download.suggestedFilename()).toBe("专项排查情况报告.pdf");

  await officer.getByRole("button", { name: "提交审核（申请销号）" }).click();
  await expect(officer.getByTestId("task-status")).toHaveText("待审核");
  await expect(officer.getByRole("button", { name: "填报进展" })).toHaveCount(0); // locked
  await officer.screenshot({ path: "test-results/screenshots/task-submitted.png", fullPage: true });

  // the county reviewer returns it with a reason
  const reviewer = await as(browser, reviewerAccount);
  await reviewer.goto("/reviews");
  await reviewer.goto(url);
  await reviewer.getByLabel("退回").check();
  await reviewer.getByLabel("退回理由").fill("佐证材料缺少会议纪要，请补充后再报。");
  await reviewer.getByRole("button", { name: "退回", exact: true }).click();
  await expect(reviewer.getByTestId("task-status")).toHaveText("已退回");

  // the officer sees why, corrects and resubmits
  await officer.reload();
  await expect(officer.getByTestId("return-reason")).toContainText("缺少会议纪要");
  await officer.getByLabel("进展情况").fill("已补充专题会议纪要。");
  await officer.getByLabel("证明材料").setInputFiles({ name: "会议纪要.pdf", mimeType: "application/pdf", buffer: PDF });
  await officer.getByRole("button", { name: "填报进展" }).click();
  await expect(officer.getByText("进展已填报")).toBeVisible();
  // the page has refreshed (the new evidence is listed) before the submit form, with the task's new version, is used
  await expect(officer.getByTestId("evidence-link").first()).toContainText("会议纪要.pdf");
  await officer.getByRole("button", { name: "提交审核（申请销号）" }).click();
  await expect(officer.getByTestId("task-status")).toHaveText("待审核");

  // the reviewer accepts: 七里河区 handed it down, so 七里河区 closes it
  await reviewer.goto("/reviews");
  await expect(reviewer.getByTestId("review-rows")).toBeVisible();
  await reviewer.goto(url);
  await reviewer.getByLabel("通过").check();
  await reviewer.getByRole("button", { name: "审核通过" }).click();
  await expect(reviewer.getByTestId("task-status")).toHaveText("已销号");
  await expect(reviewer.getByTestId("review-records")).toContainText("销号");

  const commander = await as(browser, "sheng_zhihui");
  await commander.goto(url);
  await expect(commander.getByTestId("task-status")).toHaveText("已销号");
  await expect(commander.getByTestId("review-records")).toContainText("退回");
  await commander.screenshot({ path: "test-results/screenshots/task-closed.png", fullPage: true });
});

test("an intelligence item is recorded, analysed, verified and closed; the open-loop count drops by one", async ({ browser }) => {
  test.setTimeout(120_000);
  const { station, officer } = await newStation("620103");
  const page = await as(browser, officer);
  const openLoops = async () => {
    await page.goto("/ledgers");
    return Number((await page.getByTestId("preset-intel-open").locator("b").innerText()).trim());
  };
  const start = await openLoops();
  expect(start).toBe(0); // a station of its own

  await page.goto("/ledgers/intel/new");
  await page.getByLabel("情报标题").fill("网传某小区业主拟聚集维权");
  await page.getByLabel("等级").selectOption({ label: "二级" });
  await page.getByLabel("来源").selectOption({ label: "网上巡查" });
  await page.getByLabel("获取时间").fill("2026-11-29T09:30");
  await page.getByLabel("上报时间").fill("2026-11-29T10:10");
  await page.getByLabel("情报内容").fill("网上巡查发现有人在业主群中邀约次日上午到区政府聚集。");
  await page.getByRole("button", { name: "登记" }).click();
  await expect(page.getByTestId("record-code")).toHaveText(new RegExp(`^QB-${station.code}-2026-\\d{4}$`));
  const intelCode = (await page.getByTestId("record-code").innerText()).trim();
  expect(await openLoops()).toBe(start + 1);

  await page.goto("/ledgers/analysis/new");
  await page.getByLabel("研判主题").fill("业主聚集风险研判");
  await page.getByLabel("研判日期").fill("2026-11-29");
  await page.getByLabel("主持人").fill("张伟");
  await page.getByLabel("关联情报编号").fill(intelCode);
  await page.getByLabel("风险等级").selectOption({ label: "黄" });
  await page.getByLabel("研判结论").fill("存在聚集风险，建议提前约谈、稳控。");
  await page.getByRole("button", { name: "登记" }).click();
  await expect(page.getByTestId("record-code")).toHaveText(/^YP-/);
  const analysisCode = (await page.getByTestId("record-code").innerText()).trim();

  await page.goto("/ledgers/verification/new");
  await page.getByLabel("关联情报编号").fill(intelCode);
  await page.getByLabel("关联研判编号").fill(analysisCode);
  await page.getByLabel("核查单位").fill("城关区东岗派出所");
  await page.getByLabel("核查日期").fill("2026-11-29");
  await page.getByRole("button", { name: "登记" }).click();
  await expect(page.getByTestId("record-code")).toHaveText(/^HC-/);
  expect(await openLoops()).toBe(start + 1); // verifying is not closing

  // close the disposal
  await page.goto("/ledgers/verification?q=" + encodeURIComponent("城关区东岗派出所") + "&preset=open");
  await page.getByTestId("ledger-rows").getByRole("link").first().click();
  await page.getByLabel("核查结果").selectOption({ label: "属实" });
  await page.getByLabel("处置措施").fill("约谈组织者，做好解释疏导，未发生聚集。");
  await page.getByLabel("办结时间").fill("2026-11-29T18:00");
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByText(/已保存/)).toBeVisible();
  expect(await openLoops()).toBe(start);

  // navigable both ways: the intelligence item shows its analysis and its disposal
  await page.goto(`/ledgers/intel?q=${intelCode}`);
  await page.getByTestId("ledger-rows").getByRole("link", { name: intelCode }).click();
  await expect(page.getByTestId("links")).toContainText(analysisCode);
  await expect(page.getByTestId("links")).toContainText("核查处置台账");
  await page.screenshot({ path: "test-results/screenshots/intel-loop.png", fullPage: true });
});
