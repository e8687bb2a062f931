import { expect, test } from "@playwright/test";
import { newUser } from "./factories";
import { login, pickUnit } from "./helpers";

test("the province commander logs in, finds the current plan and browses the 2023—2025 plan's 90 tasks", async ({ page }) => {
  await login(page, "sheng_zhihui");
  await expect(page.getByTestId("current-user")).toContainText("甘肃省公安厅");
  await expect(page.getByTestId("current-user")).toContainText("指挥员");
  await page.getByRole("link", { name: "规划纲要" }).click();
  // the current plan opens; the earlier plan is one click away in the plan picker
  await expect(page.getByRole("heading", { level: 1 })).toContainText("主动创稳工作要点");
  await page.getByTestId("plan-picker").getByRole("link", { name: /2023—2025年/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("三年规划纲要");
  await expect(page.getByTestId("plan-picker").getByRole("link", { name: /2023—2025年/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("7 个方面 · 28 项举措 · 90 项具体任务")).toBeVisible();
  await expect(page.getByTestId("plan-task")).toHaveCount(90);

  // search narrows the list, then open one task
  await page.getByLabel("搜索任务").fill("3.2.");
  await page.getByRole("button", { name: "搜索" }).click();
  await expect(page.getByTestId("plan-search-summary")).toContainText("「3.2.」匹配");
  const hits = await page.getByTestId("plan-task").count();
  expect(hits).toBeGreaterThan(0);
  expect(hits).toBeLessThan(90);
  await page.getByTestId("plan-task").first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("3.2.01");
  await expect(page).toHaveURL(/\/plan\/tasks\/3\.2\.01\?plan=GSGA-ZDCW-2023-2025/);
  await expect(page.getByText("牵头单位")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/plan-task.png", fullPage: true });
});

test("a county officer's unit picker offers only 城关区 and its stations", async ({ page }) => {
  await login(page, "chengguan_minjing");
  await page.getByTestId("unit-picker").click();
  const options = page.getByRole("listbox", { name: "可查看的单位" }).getByRole("option");
  const names = (await options.allInnerTexts()).map((t) => t.split("\n")[0].trim());
  expect(names[0]).toBe("城关区");
  expect(names.length).toBeGreaterThan(1);
  for (const n of names.slice(1)) expect(n).toMatch(/^城关区.+派出所$/);
  expect(names.join()).not.toMatch(/兰州市|七里河区|天水|秦州/);
  await page.screenshot({ path: "test-results/screenshots/unit-picker.png" });

  // picking a station shows it
  await options.nth(1).click();
  await expect(page.getByTestId("unit-picker")).toContainText(names[1]);
});

test("a wrong password shows a Chinese error and no session", async ({ page }) => {
  // its own account: a failed sign-in is counted on the account (lockout)
  const me = await newUser("COMMANDER", "62");
  await page.goto("/login");
  await page.getByLabel("用户名").fill(me.username);
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "用户名、密码或动态口令错误" })).toBeVisible();
  await page.goto("/plan");
  await expect(page).toHaveURL(/\/login/);
});

test("logout ends the session, and the old session cookie no longer works", async ({ page, context }) => {
  // its own account: logout ends every session of the account, a demo account's would end other specs' sessions
  const me = await newUser("COMMANDER", "6205");
  await login(page, me);
  const before = (await context.cookies()).filter((c) => c.name.includes("session-token"));
  expect(before.length).toBe(1);
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("您已安全退出")).toBeVisible();
  // replaying the old cookie (as a thief would) gets the login page, not the app
  await context.addCookies(before);
  await page.goto("/plan");
  await expect(page).toHaveURL(/\/login/);
  // and the user can log in again
  await login(page, me);
});

test("a city commander cannot reach another city's unit by URL", async ({ page }) => {
  await login(page, "lanzhou_zhihui");
  const ok = await page.goto("/stats?unit=620102");
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城关区");
  const res = await page.goto("/stats?unit=6205");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("不在您的管辖范围内")).toBeVisible();
});

test("三员分立: the sysadmin manages users but cannot read the audit log or the plan", async ({ page }) => {
  await login(page, await newUser("SYSADMIN", "62"));
  await expect(page.getByRole("link", { name: "审计日志" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "规划纲要" })).toHaveCount(0);
  expect((await page.goto("/audit"))?.status()).toBe(404);
  expect((await page.goto("/plan"))?.status()).toBe(404);

  // create an officer for 秦州区: the account is 待激活 and the sysadmin sees no password (三员分立, two-person control)
  await page.goto("/admin/users/new");
  const username = `e2e_${Date.now().toString(36)}`;
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("测试民警");
  await pickUnit(page, "所属单位", "秦州区");
  await page.getByLabel("角色").selectOption("OFFICER");
  await page.getByRole("button", { name: "新建用户" }).click();
  await expect(page.getByTestId("pending-activation")).toContainText("待激活");
  await expect(page.getByTestId("pending-activation")).toContainText("安全管理员");
  await expect(page.getByTestId("temporary-password")).toHaveCount(0);

  // a bad input keeps what was typed and explains in Chinese
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill("Bad Name!");
  await page.getByLabel("姓名").fill("张三");
  await page.getByRole("button", { name: "新建用户" }).click();
  await expect(page.getByText("用户名为 3–32 位小写字母")).toBeVisible();
  await expect(page.getByLabel("姓名")).toHaveValue("张三");
  await page.screenshot({ path: "test-results/screenshots/user-form-errors.png", fullPage: true });
});

test("the auditor reads the audit log, filtered", async ({ page }) => {
  await login(page, "shenji_admin");
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await page.getByLabel("操作").selectOption("auth.login");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/action=auth.login/);
  const actions = await page.getByTestId("audit-sentence").allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  // a Chinese sentence (who, what, which record), not the raw action id or JSON
  expect(actions.every((a) => a.includes("登录") && !a.includes("auth.login"))).toBe(true);
  const rows = await page.getByTestId("audit-row").allInnerTexts();
  expect(rows.join("\n")).not.toMatch(/[{}"]|auth\.|COMMANDER|OFFICER/);
  await page.screenshot({ path: "test-results/screenshots/audit.png", fullPage: true });
});

test("health answers ok", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", database: "ok" });
});
