// An import end to end in the production server: the browser uploads, the app server's import worker process
// (scripts/import-worker.ts, started by scripts/lib/next-child.mjs) checks and writes, the page follows the job.
import { expect, test } from "@playwright/test";
import { disputeCsvGbk } from "../support/dispute-csv";
import { newStation } from "./factories";
import { login } from "./helpers";

test("an officer imports a GBK CSV: the worker writes it, the same file again adds nothing, a bad row names its line", async ({ page }) => {
  // a station of its own: the 40 disputes land where no other spec counts
  await login(page, (await newStation()).officer);
  await page.goto("/ledgers/disputes/import");
  const tag = `端到端${Date.now() % 100000}`;
  const file = { name: "纠纷台账.csv", mimeType: "text/csv", buffer: disputeCsvGbk(40, tag) };
  const status = page.getByTestId("import-status");

  await page.getByLabel("文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(status).toContainText("导入完成", { timeout: 60_000 });
  await expect(status).toContainText("新增 40 条");

  await page.getByLabel("文件").setInputFiles(file);
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(status).toContainText("跳过已导入过的 40 条", { timeout: 60_000 });

  const rows = ["纠纷概况,纠纷类型,当事人,排查日期,来源,状态,风险等级", `${tag}甲,邻里冲突,张三,2024-01-02,排查,调解中,蓝`, `${tag}乙,打架斗殴,李四,2024-01-03,排查,调解中,蓝`];
  await page.getByLabel("文件").setInputFiles({ name: "坏.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n"), "utf8") });
  await page.getByRole("button", { name: "开始导入" }).click();
  await expect(status).toContainText("整个文件未导入", { timeout: 60_000 });
  await expect(status.getByRole("row", { name: /第 3 行.*纠纷类型/ })).toBeVisible();
});
