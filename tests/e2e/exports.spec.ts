import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { parseSpreadsheet } from "../../lib/io/parse-spreadsheet";
import { login } from "./helpers";

/** "共 1,234 条，第 1 / 2 页" → 1234: only the total, never the page numbers. */
function countShown(text: string): number {
  const m = /^共 ([\d,]+) 条/.exec(text);
  if (!m) throw new Error(`no total in ${text}`);
  return Number(m[1].replace(/,/g, ""));
}

test("a list exports what the user sees: same filters, same scope, as CSV with BOM and as XLSX", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "chengguan_minjing");
  await page.goto("/ledgers/disputes?category=邻里冲突");
  const shown = countShown(await page.getByText(/^共 [\d,]+ 条/).innerText());
  expect(shown).toBeGreaterThan(0);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const bytes = fs.readFileSync(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const sheet = await parseSpreadsheet(new Uint8Array(bytes), "x.csv");
  expect(sheet.rows).toHaveLength(shown);
  expect(sheet.rows.every((r) => r.values["纠纷类型"] === "邻里冲突")).toBe(true);
  expect(sheet.rows.every((r) => r.values["所属单位"].startsWith("城关区"))).toBe(true);

  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
  const book = await parseSpreadsheet(new Uint8Array(fs.readFileSync(await xlsx.path())), "x.xlsx");
  expect(book.rows).toHaveLength(shown);

  // the task list too
  await page.goto("/tasks?status=CLOSED");
  const tasks = countShown(await page.getByText(/^共 [\d,]+ 条/).innerText());
  const [t] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tasks-export-xlsx").click()]);
  const tbook = await parseSpreadsheet(new Uint8Array(fs.readFileSync(await t.path())), "t.xlsx");
  expect(tbook.rows).toHaveLength(tasks);
  expect(tbook.rows.every((r) => r.values["状态"] === "已销号")).toBe(true);
});
