import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test("province → 兰州 on the map → a county: each cockpit shows its own figures", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "sheng_zhihui");
  // commanders start on their decisions (the work home); the cockpit is one click away
  await page.getByTestId("cockpit-link").click();
  await expect(page.getByTestId("cockpit")).toHaveAttribute("data-unit", "62");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("甘肃省公安厅 · 指挥驾驶舱");
  const provinceValue = await page.getByTestId("kpi-disputes.resolved").getAttribute("data-value");
  expect(Number(provinceValue)).toBeGreaterThan(0);
  await expect(page.getByTestId("ranking").locator("tbody tr")).toHaveCount(14);
  const map = page.getByTestId("cockpit-map");
  await expect(map.locator('[data-code="6201"]')).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/cockpit-province.png", fullPage: true });

  await map.locator('[data-code="6201"]').first().click();
  await expect(page.getByTestId("cockpit")).toHaveAttribute("data-unit", "6201");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("兰州市");
  const cityValue = Number(await page.getByTestId("kpi-disputes.resolved").getAttribute("data-value"));
  expect(cityValue).toBeGreaterThan(0);
  expect(cityValue).toBeLessThan(Number(provinceValue));
  // the city's ranking lists its own counties only
  const names = await page.getByTestId("ranking").locator("tbody tr td:nth-child(2)").allInnerTexts();
  expect(names).toContain("城关区");
  expect(names.join()).not.toMatch(/秦州|天水/);
  await page.screenshot({ path: "test-results/screenshots/cockpit-city.png", fullPage: true });

  await page.getByTestId("ranking").getByRole("link", { name: "城关区" }).click();
  await expect(page.getByTestId("cockpit")).toHaveAttribute("data-unit", "620102");
  await expect(page.getByTestId("county-todo")).toBeVisible();
  await expect(page.getByTestId("stations")).toContainText("派出所");
  const countyValue = Number(await page.getByTestId("kpi-disputes.screened").getAttribute("data-value"));
  expect(countyValue).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/screenshots/cockpit-county.png", fullPage: true });

  // the period picker changes the figures' period
  await page.getByLabel("统计期").selectOption({ label: "2025年" });
  await expect(page).toHaveURL(/period=2025/);
  await expect(page.getByText("统计期 2025年")).toBeVisible();
});

test("a city commander cannot reach another city's cockpit by URL", async ({ page }) => {
  await login(page, "lanzhou_zhihui");
  await page.getByTestId("cockpit-link").click();
  await expect(page.getByTestId("cockpit")).toHaveAttribute("data-unit", "6201");
  const res = await page.goto("/cockpit/6205");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("不在您的管辖范围内")).toBeVisible();
  expect((await page.goto("/cockpit/620502"))?.status()).toBe(404);
  expect((await page.goto("/cockpit/62"))?.status()).toBe(404);
  // and its drill-downs stay inside 兰州
  expect((await page.goto("/ledgers/disputes?unit=6205"))?.status()).toBe(404);
  expect((await page.goto("/assessment/620502"))?.status()).toBe(404);
});

test("every card's 口径 is a real link (keyboard): it opens the 口径 page at that KPI; the streak has no 同比", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "sheng_zhihui");
  await page.goto("/cockpit");
  const cards = page.locator('[data-testid^="kpi-"][data-value]');
  const n = await cards.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const id = (await cards.nth(i).getAttribute("data-testid"))!.slice(4);
    await expect(cards.nth(i).getByTestId("kpi-caliber-link")).toHaveAttribute("href", `/kpi#${id}`);
  }
  await expect(page.getByTestId("kpi-telecom.streak")).toContainText("不计同比");
  await expect(page.getByTestId("kpi-telecom.streak")).not.toContainText("%");
  const link = page.getByTestId("kpi-ent.demandClosure").getByTestId("kpi-caliber-link");
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/kpi#ent\.demandClosure$/);
  await expect(page.getByTestId("caliber-ent.demandClosure")).toContainText("期内到期");
  // the page lists every KPI, with no raw period keys
  expect(await page.locator('[data-testid^="caliber-"]').count()).toBeGreaterThanOrEqual(29);
});

test("the map and the ranking switch between 绝对数 and 每10万人 (keyboard, URL, aria-current)", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "sheng_zhihui");
  await page.goto("/cockpit/62?period=2025-10&kpi=criminal.filed");
  const switcher = page.getByTestId("basis-switch");
  await expect(switcher.getByRole("link", { name: "绝对数" })).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("gansu-map-legend")).toContainText("刑事案件立案（起）");
  const absolute = await page.getByTestId("ranking").locator("tbody tr").first().innerText();
  expect(absolute).not.toContain("/10万人");

  await switcher.getByRole("link", { name: "每10万人" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/basis=per100k/);
  await expect(page.getByTestId("basis-switch").getByRole("link", { name: "每10万人" })).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("basis-switch").getByRole("link", { name: "绝对数" })).not.toHaveAttribute("aria-current", /.*/);
  await expect(page.getByTestId("gansu-map-legend")).toContainText("刑事案件立案（起/10万人）");
  await expect(page.getByTestId("ranking").locator("thead")).toContainText("每10万人");
  await expect(page.getByTestId("ranking").locator("tbody tr")).toHaveCount(14);
  await expect(page.getByTestId("ranking").locator("tbody tr").first()).toContainText("起/10万人");
  await expect(page.getByTestId("per-capita-note")).toContainText("2025年常住人口");
  await expect(page.getByTestId("cockpit-map").locator('a:has([data-code="6201"])').first()).toHaveAttribute("aria-label", /兰州市：[\d.,]+起\/10万人/);
  // the by-county map keeps the basis; a KPI without a per-capita form shows no switch
  await page.getByRole("link", { name: "按县区" }).click();
  await expect(page).toHaveURL(/map=county.*basis=per100k|basis=per100k.*map=county/);
  await expect(page.getByTestId("cockpit-map").locator('a:has([data-code="620102"])').first()).toHaveAttribute("aria-label", /城关区：[\d.,]+起\/10万人/);
  await page.goto("/cockpit/62?period=2025-10&kpi=mediation.rate&basis=per100k");
  await expect(page.getByTestId("ranking")).toBeVisible();
  await expect(page.getByTestId("basis-switch")).toHaveCount(0);
});
