import { type Page, expect } from "@playwright/test";
import type { Account } from "./factories";

export const DEMO_PASSWORD = "Pingan@2023";

/** Signs in as a demo account (by username) or as a test's own account (tests/e2e/factories.ts). */
export async function login(page: Page, who: string | Account) {
  const { username, password } = typeof who === "string" ? { username: who, password: DEMO_PASSWORD } : who;
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
}

/** Picks a unit in a form's unit field (the one unit combobox): open it, filter by the name, take the first match. */
export async function pickUnit(page: Page, label: string, name: string) {
  const field = page.getByLabel(label);
  await field.click();
  await page.getByRole("combobox", { name: "筛选单位" }).fill(name);
  await page.getByRole("option", { name: new RegExp(`^${name}`) }).first().click();
  await expect(field).toContainText(name);
}

/** The units a form's unit field offers (opens the picker, reads the options, closes it again). */
export async function unitChoices(page: Page, label: string): Promise<string[]> {
  await page.getByLabel(label).click();
  const names = await page.getByRole("listbox", { name: "可选择的单位" }).getByRole("option").allInnerTexts();
  await page.keyboard.press("Escape");
  return names;
}

/** Waits until the page's streamed parts have replaced their loading placeholders (data-loading: the page skeleton,
 *  the cockpit's card and widget skeletons). React reveals streamed Suspense content in batches a little after the
 *  document's load event, so a check right after `goto` may otherwise read a placeholder. */
export async function settled(page: Page) {
  await expect(page.locator("[data-loading]")).toHaveCount(0, { timeout: 30_000 });
}

/** Opens a page and waits for its streamed content. */
export async function open(page: Page, url: string) {
  const res = await page.goto(url);
  await settled(page);
  return res;
}
