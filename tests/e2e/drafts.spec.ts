// Local drafts of long forms (components/forms/draft-keeper.tsx, lib/drafts.ts): what an officer typed survives the
// idle sign-out / an expired session and is back after signing in again, with 「已恢复未提交的草稿」 and 「丢弃草稿」;
// another user of the same browser never sees it (it is removed when they sign in); an explicit 退出登录 and a
// successful submit clear it; files are never in a draft.
import { type Page, expect, test } from "@playwright/test";
import { newAssignment, newStation, newUser } from "./factories";
import { DEMO_PASSWORD, login, open } from "./helpers";

const drafts = (page: Page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("pingan.draft.v1:")));
const draftText = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("pingan.draft.v1:"))
      .map((k) => localStorage.getItem(k))
      .join("\n"),
  );

/** The session ends as an idle timeout ends it: the session cookie is gone (expired on the server) and the idle
 *  clock the page reads is past 30 minutes, so the page itself goes to the login form with the idle notice. */
async function idleOut(page: Page) {
  await page.context().clearCookies({ name: /session-token/ });
  await page.evaluate((at) => {
    document.cookie = `pingan_seen=${at}; path=/; samesite=lax`;
  }, Date.now() - 31 * 60_000);
  await expect(page).toHaveURL(/\/login\?reason=idle/);
  await expect(page.getByText("系统已自动退出")).toBeVisible();
}

/** Signs in on the login form the page is on (keeping its callbackUrl). */
async function signInHere(page: Page, username: string, password: string) {
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
}

test("task progress: the draft survives the idle sign-out and is restored after signing in; another user never sees it", async ({ page }) => {
  test.setTimeout(120_000);
  const { station, officer } = await newStation();
  const colleague = await newUser("OFFICER", station.code);
  const a = await newAssignment(station.code, "IN_PROGRESS");
  const text = "走访辖区企业 12 家，排查矛盾纠纷 3 起，已化解 2 起";
  await login(page, officer);
  await open(page, `/tasks/${a.id}`);
  await page.getByLabel("进展情况").fill(text);
  await page.getByLabel(/完成进度/).focus();
  await page.keyboard.press("ArrowRight");
  await page.getByLabel("证明材料", { exact: true }).setInputFiles({ name: "走访记录.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await expect.poll(() => drafts(page)).toEqual([`pingan.draft.v1:${officer.id}:task-progress:${a.id}`]);
  await expect.poll(() => draftText(page)).toContain(text);
  // never a file (nor its name) in the draft
  expect(await draftText(page)).not.toContain("走访记录");

  await idleOut(page);
  expect(page.url()).toContain(encodeURIComponent(`/tasks/${a.id}`));
  expect(await drafts(page), "the idle sign-out keeps the draft").toHaveLength(1);
  await signInHere(page, officer.username, officer.password);
  await expect(page).toHaveURL(new RegExp(`/tasks/${a.id}$`));
  await expect(page.getByTestId("draft-note")).toContainText(/已恢复未提交的草稿（\d{4}-\d\d-\d\d \d\d:\d\d）/);
  await expect(page.getByLabel("进展情况")).toHaveValue(text);
  await expect(page.getByLabel(/完成进度/)).toHaveValue("55");
  await expect(page.getByText("完成进度：55%")).toBeVisible();

  // 丢弃草稿: the form is back as it was loaded, the draft gone
  await page.getByRole("button", { name: "丢弃草稿" }).click();
  await expect(page.getByTestId("draft-note")).toHaveCount(0);
  await expect(page.getByLabel("进展情况")).toHaveValue("");
  await expect(page.getByLabel(/完成进度/)).toHaveValue("50");
  expect(await drafts(page)).toEqual([]);

  // typed again, then the session expires and a colleague signs in on the same browser: the draft is not theirs
  await page.getByLabel("进展情况").fill(text);
  await expect.poll(() => drafts(page)).toHaveLength(1);
  await idleOut(page);
  await signInHere(page, colleague.username, colleague.password);
  await expect(page).toHaveURL(new RegExp(`/tasks/${a.id}$`));
  await expect(page.getByLabel("进展情况")).toHaveValue("");
  await expect(page.getByTestId("draft-note")).toHaveCount(0);
  await expect.poll(() => drafts(page), "another user's draft is removed at sign-in").toEqual([]);
});

test("a submitted form and an explicit 退出登录 leave no draft; a ledger record's draft comes back after a reload", async ({ page }) => {
  test.setTimeout(120_000);
  const { station, officer } = await newStation();
  const a = await newAssignment(station.code, "IN_PROGRESS");
  await login(page, officer);

  // submit: the draft goes with it
  await open(page, `/tasks/${a.id}`);
  await page.getByLabel("进展情况").fill("本周完成重点人员走访");
  await expect.poll(() => drafts(page)).toHaveLength(1);
  await page.getByRole("button", { name: "填报进展" }).click();
  await expect(page.getByText(/进展已填报（\d+%）/)).toBeVisible();
  await expect.poll(() => drafts(page)).toEqual([]);
  await page.reload();
  await expect(page.getByTestId("draft-note")).toHaveCount(0);

  // a ledger record being registered: reloaded, it is still there
  await open(page, "/ledgers/disputes/new");
  const firstText = page.locator('main form input[type="text"]').first();
  const name = (await firstText.getAttribute("name"))!;
  await firstText.fill("草稿测试：邻里宅基地纠纷");
  await page.locator("main form textarea").first().fill("双方就院墙边界发生争执，村调委会已介入。");
  await expect.poll(() => draftText(page)).toContain("邻里宅基地纠纷");
  await page.reload();
  await expect(page.getByTestId("draft-note")).toBeVisible();
  await expect(page.locator(`main form [name="${name}"]`)).toHaveValue("草稿测试：邻里宅基地纠纷");
  await expect(page.locator("main form textarea").first()).toHaveValue("双方就院墙边界发生争执，村调委会已介入。");

  // 退出登录: every draft on this browser goes; signing in again shows an empty form
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await drafts(page)).toEqual([]);
  await login(page, officer);
  await open(page, "/ledgers/disputes/new");
  await expect(page.getByTestId("draft-note")).toHaveCount(0);
  await expect(page.locator(`main form [name="${name}"]`)).toHaveValue("");
});

test("the demo password is not a draft field: password forms keep nothing", async ({ page }) => {
  const { officer } = await newStation();
  await login(page, officer);
  await open(page, "/account/password");
  for (const input of await page.locator('main input[type="password"]').all()) await input.fill(DEMO_PASSWORD);
  await page.waitForTimeout(800);
  expect(await drafts(page)).toEqual([]);
});
