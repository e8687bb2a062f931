import fs from "node:fs";
import { type Browser, expect, test } from "@playwright/test";
import { type Account, newUser } from "./factories";
import { login, pickUnit, unitChoices } from "./helpers";

async function as(browser: Browser, username: string | Account) {
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await login(page, username);
  return page;
}

test("the province analyst reads 兰州's 2025年10月 report and downloads it as PDF and XLSX", async ({ browser }) => {
  test.setTimeout(120_000);
  // its own analysts: generating and downloading archives the report under the analyst's name
  const page = await as(browser, await newUser("ANALYST", "62"));
  await page.getByRole("link", { name: "月报", exact: true }).click();
  await pickUnit(page, "单位", "兰州市");
  await page.getByLabel("统计期").selectOption({ label: "2025年10月" });
  await page.getByRole("button", { name: "查看报告" }).click();
  await expect(page.getByTestId("report-title")).toHaveText("兰州市主动创稳工作月报（2025年10月）");
  await expect(page.getByTestId("report-summary").first()).toContainText("本月全市刑事案件立案");
  await expect(page.getByTestId("report-kpis").first()).toBeVisible();
  await expect(page.getByTestId("report-calibers")).toContainText("调解成功数 ÷ 已调解数");
  await page.screenshot({ path: "test-results/screenshots/report-view.png", fullPage: true });

  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-pdf").click()]);
  expect(pdf.suggestedFilename()).toBe("兰州市主动创稳工作月报（2025年10月）.pdf");
  const pdfPath = await pdf.path();
  expect(fs.readFileSync(pdfPath).subarray(0, 5).toString()).toBe("%PDF-");
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-xlsx").click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(fs.readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe("PK");
  // the same figures again: the archived report is offered, and said so beside the button (a live region), not archived twice
  await expect(page.getByTestId("download-xlsx-status")).toContainText("数据与已归档的报告相同");
  await expect(page.getByTestId("download-xlsx-status")).toHaveAttribute("role", "status");
  await expect(page.getByTestId("download-xlsx-status").getByRole("link", { name: "查看归档" })).toHaveAttribute("href", /^\/reports\/archive\/\d+$/);

  // both downloads are archived and can be downloaded again
  await page.goto("/reports");
  await expect(page.getByTestId("archive-rows").getByRole("link", { name: "兰州市主动创稳工作月报（2025年10月）" }).first()).toBeVisible();
});

test("the 兰州 analyst cannot generate or download 天水's report, by UI or by URL", async ({ browser, baseURL }) => {
  // a 天水 report, archived by the province analyst
  const province = await as(browser, await newUser("ANALYST", "62"));
  const made = await province.request.post("/api/reports/render", { form: { unit: "6205", period: "2025-10", format: "csv" }, headers: { origin: baseURL! } });
  expect(made.status()).toBe(200);
  const id = made.headers()["x-report-archive"];
  expect(Number(id)).toBeGreaterThan(0);

  const page = await as(browser, await newUser("ANALYST", "6201"));
  expect((await page.goto("/reports/view?unit=6205&period=2025-10"))?.status()).toBe(404);
  const gen = await page.request.post("/api/reports/render", { form: { unit: "6205", period: "2025-10", format: "pdf" }, headers: { origin: baseURL! } });
  expect(gen.status()).toBe(404);
  // and from another site nothing is generated at all
  const foreign = await page.request.post("/api/reports/render", { form: { unit: "6201", period: "2025-10", format: "pdf" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  // the units offered are 兰州's own
  await page.goto("/reports");
  const options = await unitChoices(page, "单位");
  expect(options.join()).toContain("兰州市");
  expect(options.join()).not.toMatch(/天水|秦州/);
  // the 天水 archive is neither listed nor downloadable
  expect((await page.request.get(`/api/reports/archive/${id}?format=pdf`)).status()).toBe(404);
  expect((await page.goto(`/reports/archive/${id}`))?.status()).toBe(404);
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: /报告归档/ })).toBeVisible();
  expect(await page.locator("body").innerText()).not.toContain("天水市主动创稳工作月报");
  // while the province analyst sees it
  await province.goto("/reports");
  await expect(province.locator("body")).toContainText("天水市主动创稳工作月报（2025年10月）");
});
