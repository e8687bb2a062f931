// Keyboard only: an officer saves task progress and an analyst opens a report without the mouse. The skip link is the
// first tab stop; after a submit the focus lands on the first invalid field (its error tied by aria-describedby) or on
// the result, which the standing live region also reads; every focused element shows a visible focus indicator; the
// unit picker is one tab stop with arrow keys and type-ahead, and Tab leaves its popup (no trap).
import { type Page, expect, test } from "@playwright/test";
import { newAssignment, newStation } from "./factories";
import { login, open } from "./helpers";

interface Focused {
  tag: string;
  text: string;
  href: string | null;
  id: string;
  visible: boolean;
}

const focused = (page: Page) =>
  page.evaluate((): Focused => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: "body", text: "", href: null, id: "", visible: false };
    const s = getComputedStyle(el);
    const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    return { tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute("aria-label") || "").trim(), href: el.getAttribute("href"), id: el.id, visible };
  });

/** Press Tab until the focused element matches; every stop on the way must show where the focus is. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 80): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    expect(f.tag, `focus dropped to the page body before ${what}`).not.toBe("body");
    expect(f.visible, `no visible focus on <${f.tag}> "${f.text.slice(0, 30)}" (before ${what})`).toBe(true);
    if (match(f)) return i;
  }
  throw new Error(`${what}: not reached in ${max} tab stops`);
}

test("an officer saves task progress with the keyboard only", async ({ page }) => {
  test.setTimeout(120_000);
  // a station of its own with a task not started
  const { station, officer } = await newStation();
  await newAssignment(station.code, "NOT_STARTED");
  await login(page, officer);
  await open(page, `/tasks?status=NOT_STARTED&unit=${station.code}`);
  // the skip link is the first tab stop and jumps past the header and the menu
  await page.keyboard.press("Tab");
  expect((await focused(page)).text).toBe("跳到主要内容");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  const stops = await tabTo(page, (f) => /^\/tasks\/\d+$/.test(f.href ?? ""), "the first task");
  expect(stops).toBeLessThan(30); // the filters, then the list: not the 14 header/menu stops first
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("task-status")).toBeVisible();

  // an empty report: the focus lands on the invalid field, whose error is tied to it
  await tabTo(page, (f) => f.id === "percent", "the progress slider");
  await page.keyboard.press("End");
  await tabTo(page, (f) => f.tag === "button" && f.text === "填报进展", "the submit button");
  await page.keyboard.press("Enter");
  await expect(page.locator("#content")).toBeFocused();
  await expect(page.locator("#content")).toHaveAttribute("aria-invalid", "true");
  // the hint and the error both describe the field; the error names it
  const describedBy = (await page.locator("#content").getAttribute("aria-describedby"))?.split(" ") ?? [];
  expect(describedBy).toContain("content-error");
  await expect(page.locator("#content-error")).toContainText("进展情况");
  // the form's message box is a standing live region: present (empty) before the submit, now holding the error
  await expect(page.locator("form:has(#content) [data-form-message][aria-live=polite]")).toContainText(/./);

  // typed and sent: the focus lands on the result, and the live region reads it
  await page.keyboard.type("已完成重点企业走访排查，形成台账。");
  await tabTo(page, (f) => f.tag === "button" && f.text === "填报进展", "the submit button");
  await page.keyboard.press("Enter");
  await expect(page.getByText("进展已填报（100%）")).toBeFocused();
  await expect(page.getByText("进展已填报（100%）")).toHaveAttribute("aria-live", "polite");
  await expect(page.getByTestId("task-progress")).toHaveText("100%");
});

test("an analyst opens a report with the keyboard only; the unit picker is one tab stop with arrows and type-ahead", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "sheng_fenxi");
  await open(page, "/");
  // the unit picker: one tab stop; Enter opens it, typing filters, arrows move, Enter picks
  await tabTo(page, (f) => f.text.startsWith("查看单位"), "the unit picker");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("unit-picker-input")).toBeFocused();
  await page.keyboard.type("兰州");
  const active = () => page.getByTestId("unit-picker-input").evaluate((el) => document.getElementById(el.getAttribute("aria-activedescendant") ?? "")?.innerText ?? "");
  expect(await active()).toMatch(/^兰州市/);
  await page.keyboard.press("ArrowDown");
  expect(await active()).not.toMatch(/^兰州市\s/);
  await page.keyboard.press("ArrowUp");
  // Tab leaves the popup (no keyboard trap) and closes it
  await page.keyboard.press("Tab");
  await expect(page.getByRole("listbox", { name: "可查看的单位" })).toHaveCount(0);
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByTestId("unit-picker")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.type("兰州");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("unit-picker")).toContainText("兰州市");
  await expect(page.getByTestId("unit-picker")).toBeFocused();

  // to 月报 through the menu, then the report form
  await tabTo(page, (f) => f.text === "月报" && f.href === "/reports", "the 月报 menu item");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/reports$/);
  await tabTo(page, (f) => (f.tag === "select" || f.tag === "button") && f.text.includes("兰州市"), "the unit field");
  await tabTo(page, (f) => f.tag === "select", "the period select");
  await tabTo(page, (f) => f.tag === "button" && f.text === "查看报告", "查看报告");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("report-title")).toContainText("兰州市主动创稳工作月报");
  // each chart's numbers open as a table from the keyboard
  await tabTo(page, (f) => f.text === "查看数据表", "a chart's data table", 120);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("chart-table").first().locator("table")).toBeVisible();
});
