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
