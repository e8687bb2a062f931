// Issue 12, "Also found": Chromium sends a file input left empty as an empty part (filename="", no bytes,
// application/octet-stream) and the server used to answer 「undefined」是空文件. In the real browser against the
// production server: progress without evidence is saved; an import (its file required) left empty is stopped by the
// browser's `required`, and — when the form is sent anyway — answered 「请选择文件」. The same for every action with
// a file field is tests/integration/empty-file-part.test.ts.
import { expect, test } from "@playwright/test";
import { newAssignment, newStation } from "./factories";
import { login } from "./helpers";

test("an officer saves task progress without choosing a file and sees it saved", async ({ page }) => {
  // a station of its own with a task in progress
  const { station, officer } = await newStation();
  await newAssignment(station.code, "IN_PROGRESS");
  await login(page, officer);
  await page.goto(`/tasks?status=IN_PROGRESS&unit=${station.code}`);
  await page.getByTestId("task-rows").getByRole("link").first().click();
  await expect(page.getByTestId("task-status")).toHaveText("推进中");

  await page.getByLabel(/完成进度/).focus();
  await page.keyboard.press("ArrowRight");
  await page.getByLabel("进展情况").fill("本周走访辖区重点单位三家，未发现新的风险隐患。");
  await expect(page.getByLabel("证明材料")).toHaveValue("");
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]),
    page.getByRole("button", { name: "填报进展" }).click(),
  ]);
  // the form leaves the untouched file input out (components/forms/action-form.tsx); a request that carries the empty
  // part anyway, as Chromium sends it, is answered the same way (tests/integration/empty-file-part.test.ts)
  const body = request.postDataBuffer()?.toString("utf8") ?? "";
  expect(body).toContain("本周走访辖区重点单位三家");
  expect(body).not.toMatch(/filename="[^"]+"/);
  await expect(page.getByText(/进展已填报（\d+%）/)).toBeVisible();
  await expect(page.getByText(/进展已填报（\d+%）/)).not.toContainText("证明材料");
  await expect(page.locator("body")).not.toContainText("undefined");
  await expect(page.locator("body")).not.toContainText("是空文件");
});

test("an import left without a file: the browser's `required` stops it; sent anyway, the server answers 「请选择文件」", async ({ page }) => {
  await login(page, (await newStation()).officer);
  await page.goto("/ledgers/disputes/import");
  const file = page.getByLabel("文件");
  const start = page.getByRole("button", { name: "开始导入" });
  let posts = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) posts++;
  });

  await start.click();
  expect(await file.evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
  await page.waitForTimeout(500);
  expect(posts).toBe(0);
  await expect(page.getByTestId("import-status")).toHaveCount(0);

  // without the attribute (an old page, a crafted post) the server is the check
  await file.evaluate((el: HTMLInputElement) => el.removeAttribute("required"));
  const [request] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]), start.click()]);
  expect(request.postDataBuffer()?.toString("utf8")).toMatch(/name="[^"]*file"; filename=""\r\nContent-Type: application\/octet-stream/);
  await expect(page.locator("form").getByRole("alert")).toHaveText("请选择文件");
  await expect(page.getByTestId("import-status")).toHaveCount(0);
});
