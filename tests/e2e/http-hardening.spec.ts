// HTTP-level hardening, against the production build: the login redirect stays on this site for every hostile
// callbackUrl (and never answers 500); every API response — downloads, exports, attachments, refusals — carries
// its own sandbox policy; a server action from a foreign, "null", missing or otherwise different Origin is answered
// 403 in Chinese and audited; a crawler's out-of-scope reads are audited without flooding the log.
import fs from "node:fs";
import path from "node:path";
import { type Page, expect, test } from "@playwright/test";
import { newUser } from "./factories";
import { login } from "./helpers";

const HOSTILE_CALLBACKS = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d/evil.example",
  "/%0d%0a/evil.example",
  "%09//evil.example",
  "//evil.example",
  "///evil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
  "/%5C/evil.example",
  "/.//evil.example",
  "/%2e//evil.example",
  "/%252F%252Fevil.example",
  "http://evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "java%09script:alert(1)",
  "//localhost@evil.example",
  "/%E3%80%82/evil%E3%80%82example",
  "／／evil.example",
];

test("login callbackUrl: no hostile value leaves the site or answers 500 — signed in, and through the login form", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  // signed out: the form sends the browser where callbackUrl says — always a path here
  for (const cb of ["/%09/evil.example", "/%5C/evil.example"]) {
    await page.goto(`/login?callbackUrl=${cb}`);
    await page.getByLabel("用户名").fill("sheng_fenxi");
    await page.getByLabel("密码").fill("Pingan@2023");
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByTestId("current-user")).toContainText("sheng_fenxi");
    expect(new URL(page.url()).origin).toBe(origin);
    await page.context().clearCookies();
  }
  await login(page, "sheng_fenxi");
  for (const cb of HOSTILE_CALLBACKS) {
    const res = await page.request.get(`/login?callbackUrl=${cb}`, { maxRedirects: 0 });
    expect(res.status(), cb).toBeLessThan(500);
    expect([303, 307, 308]).toContain(res.status());
    const location = res.headers().location;
    expect(new URL(location, origin).origin, `${cb} → ${location}`).toBe(origin);
    expect(location, cb).not.toMatch(/^\s*[/\\]{2}/);
    expect(location, cb).not.toMatch(/[\u0000-\u001f\s]/);
    // and a real browser ends up here too
    const nav = await page.goto(`/login?callbackUrl=${cb}`);
    expect(nav!.status(), cb).toBeLessThan(500);
    expect(new URL(page.url()).origin, cb).toBe(origin);
  }
  // an ordinary callbackUrl still works
  await page.goto("/login?callbackUrl=/stats%3Fmonth%3D2025-10");
  expect(new URL(page.url()).pathname).toBe("/stats");
});

function expectSandbox(csp: string | undefined, what: string) {
  expect(csp, what).toBeTruthy();
  expect(csp, what).toContain("sandbox");
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).not.toContain("script-src");
}

/** one request per route file under app/api (a new route without a sample here fails the test) */
const SAMPLES: Record<string, { user: string; get?: string; post?: { url: string; form: Record<string, string> }; ok?: boolean }> = {
  "attachments/[id]": { user: "sheng_zhihui", get: "attachment" },
  "tasks/export": { user: "sheng_zhihui", get: "/api/tasks/export?format=csv", ok: true },
  "ledgers/[key]/export": { user: "chengguan_minjing", get: "/api/ledgers/disputes/export?format=xlsx", ok: true },
  "ledgers/[key]/template": { user: "chengguan_minjing", get: "/api/ledgers/disputes/template", ok: true },
  "stats/export": { user: "sheng_fenxi", get: "/api/stats/export?format=csv&month=2025-10", ok: true },
  // rendering archives a report: a 省厅 analyst of the test's own does it
  "reports/render": { user: "own:ANALYST", post: { url: "/api/reports/render", form: { unit: "62", period: "2025-10", format: "csv" } }, ok: true },
  "reports/archive/[id]": { user: "sheng_fenxi", get: "/api/reports/archive/2147483647?format=csv" },
  "imports/[id]": { user: "chengguan_minjing", get: "/api/imports/2147483647" },
  "supervision/export": { user: "chengguan_minjing", get: "/api/supervision/export?format=csv", ok: true },
  search: { user: "chengguan_minjing", get: "/api/search?q=%E7%BA%A0%E7%BA%B7", ok: true },
  // the wall's event stream never ends when it is served: asked for a unit outside the scope, its refusal is checked
  "wall/stream": { user: "lanzhou_zhihui", get: "/api/wall/stream?unit=6205" },
  health: { user: "", get: "/api/health", ok: true },
  "action-refused": { user: "", get: "/api/action-refused" },
};

test("every download, export and attachment response carries its own sandbox CSP, not the page policy", async ({ browser }) => {
  test.setTimeout(120_000);
  const files: string[] = [];
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name === "route.ts" && files.push(path.relative("app/api", d))));
  walk("app/api");
  const routes = files.filter((f) => !f.startsWith("auth"));
  expect(routes.sort()).toEqual(Object.keys(SAMPLES).sort());
  const pages = new Map<string, Page>();
  const as = async (user: string) => {
    if (!pages.has(user)) {
      const page = await (await browser.newContext()).newPage();
      if (user) await login(page, user.startsWith("own:") ? await newUser(user.slice(4) as "ANALYST", "62") : user);
      pages.set(user, page);
    }
    return pages.get(user)!;
  };
  for (const [route, s] of Object.entries(SAMPLES)) {
    const page = await as(s.user);
    if (s.get === "attachment") {
      // the first evidence file of the demo data that exists
      let served = 0;
      for (let id = 1; id <= 40 && !served; id++) {
        const res = await page.request.get(`/api/attachments/${id}`);
        expectSandbox(res.headers()["content-security-policy"], `attachment ${id} (${res.status()})`);
        if (res.status() === 200) {
          served++;
          expect(res.headers()["content-disposition"]).toMatch(/^attachment/);
        }
      }
      expect(served).toBe(1);
      continue;
    }
    const res = s.post ? await page.request.post(s.post.url, { form: s.post.form, headers: { origin: new URL(page.url() || "http://x").origin } }) : await page.request.get(s.get!);
    if (s.ok) expect(res.status(), route).toBe(200);
    expectSandbox(res.headers()["content-security-policy"], `${route} (${res.status()})`);
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  }
  // refusals carry it too: signed out, and out of scope
  const anon = await as("");
  for (const url of ["/api/tasks/export?format=csv", "/api/attachments/1", "/api/stats/export?format=csv"]) {
    const res = await anon.request.get(url);
    expect(res.status()).toBe(401);
    expectSandbox(res.headers()["content-security-policy"], url);
  }
  // pages keep the page policy (nonce scripts), so the two never mix up
  const html = await anon.request.get("/login");
  expect(html.headers()["content-security-policy"]).toContain("script-src");
  for (const p of pages.values()) await p.context().close();
});

test("a server action from a foreign, null, missing or different-port/scheme Origin: 403 in Chinese, audited", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  const u = new URL(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  // its own account: the refusals are audited under it, and the auditor looks for them there
  const me = await newUser("COMMANDER", "6201");
  await login(page, me);
  const hostile: (string | null)[] = [
    "http://evil.example",
    "null",
    null,
    `${u.protocol}//${u.hostname}:${Number(u.port) + 1}`,
    `https://${u.host}`,
    `${origin}.evil.example`,
    `${u.protocol}//evil.example:${u.port}`,
    `${origin}/path`,
    "",
  ];
  for (const o of hostile) {
    for (const kind of ["fetch", "form"] as const) {
      const headers: Record<string, string> = kind === "fetch" ? { "next-action": "7f".repeat(21), accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" } : { "content-type": "application/x-www-form-urlencoded" };
      if (o !== null) headers.origin = o;
      const res = await page.request.fetch("/tasks", { method: "POST", headers, data: kind === "fetch" ? "[]" : "$ACTION_ID_abc=1" });
      expect(res.status(), `${kind} ${o}`).toBe(403);
      expect((await res.json()).error, `${kind} ${o}`).toContain("请求来源无效");
    }
  }
  // the refusal route cannot be called directly
  expect((await page.request.post("/api/action-refused", { headers: { origin, "x-pingan-action-refused": "1" } })).status()).toBe(404);
  // this site's own Origin passes the check (an unknown action id is then Next.js's business, not a 403)
  const same = await page.request.fetch("/tasks", { method: "POST", headers: { origin, "next-action": "7f".repeat(21), accept: "text/x-component" }, data: "[]" });
  expect(same.status()).not.toBe(403);
  await context.close();

  // audited (a burst coalesced): the security auditor sees the refusal
  const auditor = await (await browser.newContext()).newPage();
  await login(auditor, "shenji_admin");
  await auditor.goto(`/audit?action=action.origin&result=denied&user=${me.username}`);
  // the first refusal of the minute as it happened (a summary row with the count may follow it)
  await expect(auditor.getByTestId("audit-row").filter({ hasText: "请求来源（Origin）缺失或不是本站" }).first()).toBeVisible();
  await auditor.context().close();
});

test("a crawler's out-of-scope page reads: each answers 404, the log gets one row (a count follows), not one per request", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // its own account: the log rows are counted per user
  const me = await newUser("COMMANDER", "6205");
  await login(page, me);
  for (let i = 0; i < 25; i++) {
    const res = await page.request.get(i % 2 ? "/cockpit/6201" : `/reports/view?unit=6201&period=2025-10`);
    expect(res.status()).toBe(404);
  }
  await context.close();
  const auditor = await (await browser.newContext()).newPage();
  await login(auditor, "shenji_admin");
  await auditor.goto(`/audit?action=page.view&result=denied&user=${me.username}`);
  const rows = auditor.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // one row for the first refusal of the minute; at most one more if the burst straddled a minute boundary,
  // plus a summary row with the count for a finished minute
  expect(await rows.count()).toBeLessThanOrEqual(4);
  await expect(rows.first()).toContainText(/超出管辖范围|另被拒绝/);
  await auditor.context().close();
});
