import { expect, test } from "@playwright/test";
import { TOTP } from "otpauth";
import { newUser } from "./factories";
import { login, pickUnit } from "./helpers";

test("security headers: nonce CSP without inline scripts, no framing, no sniffing; Next's scripts carry the nonce", async ({ page, request }) => {
  for (const path of ["/login", "/api/health"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    const csp = h["content-security-policy"];
    expect(csp).toContain("frame-ancestors 'none'");
    // API responses carry the sandbox policy of downloads (http-hardening.spec.ts); pages the nonce policy
    if (path.startsWith("/api/")) {
      expect(csp).toContain("sandbox");
      expect(h["x-powered-by"]).toBeUndefined();
      continue;
    }
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(h["x-powered-by"]).toBeUndefined();
  }
  // a fresh nonce per response, and it is on the page's scripts
  const a = (await request.get("/login")).headers()["content-security-policy"];
  const b = (await request.get("/login")).headers()["content-security-policy"];
  expect(a).not.toBe(b);
  const res = await page.goto("/login");
  const nonce = /'nonce-([^']+)'/.exec(res!.headers()["content-security-policy"])![1];
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  // the login page works under the policy (no CSP violation blocks it)
  await login(page, "sheng_fenxi");
});

test("x-middleware-subrequest changes nothing: protected pages still need a session", async ({ request }) => {
  for (const value of ["proxy", "middleware", "proxy:proxy:proxy:proxy:proxy", "middleware:middleware:middleware:middleware:middleware"]) {
    const res = await request.get("/cockpit/62", { headers: { "x-middleware-subrequest": value }, maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers().location).toContain("/login");
    const api = await request.get("/api/tasks/export?format=csv", { headers: { "x-middleware-subrequest": value } });
    expect(api.status()).toBe(401);
  }
});

test("a server action without a same-site Origin is refused and writes nothing", async ({ page }) => {
  await login(page, await newUser("SYSADMIN", "62"));
  await page.goto("/admin/users/new");
  const username = `nocsrf_${Date.now().toString(36)}`;
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("姓名").fill("测试");
  await pickUnit(page, "所属单位", "兰州市");
  await page.getByLabel("角色").selectOption("OFFICER");
  // capture the browser's action POST (and stop it), then replay it from outside the browser, where the Origin
  // header is ours to choose (Chromium does not let a page drop or forge it)
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | null = null;
  await page.route("**/admin/users/new", async (route) => {
    const req = route.request();
    if (req.method() !== "POST") return route.continue();
    captured = { url: req.url(), headers: await req.allHeaders(), body: req.postDataBuffer()! };
    await route.abort();
  });
  await page.getByRole("button", { name: "新建用户" }).click();
  await expect.poll(() => captured).not.toBeNull();
  await page.unroute("**/admin/users/new");
  const { url, headers, body } = captured!;
  expect(headers["next-action"]).toBeTruthy();
  const replay = async (origin: string | null) => {
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) if (!k.startsWith(":") && !["origin", "content-length", "host"].includes(k)) h[k] = v;
    if (origin) h.origin = origin;
    return (await page.request.fetch(url, { method: "POST", headers: h, data: body })).text();
  };
  expect(await replay(null)).toContain("请求来源无效");
  // a foreign Origin is refused by the proxy before Next.js's own check (403 in Chinese, not a 500 digest)
  expect(await replay("http://evil.example")).toContain("请求来源无效");
  await page.goto(`/admin/users?q=${username}`);
  await expect(page.getByText("没有符合条件的用户")).toBeVisible();
  // the same request with this site's Origin goes through: the refusals above were about the Origin alone
  expect(await replay(new URL(url).origin)).not.toContain("请求来源无效");
  await page.goto(`/admin/users?q=${username}`);
  await expect(page.getByRole("link", { name: username })).toBeVisible();
});

test("三员分立: each administrator reaches only their own pages; business users reach none of them", async ({ browser }) => {
  test.setTimeout(120_000); // five sign-ins and some 40 pages: over a minute on a loaded machine
  const cases: [string, string[], string[]][] = [
    ["xitong_admin", ["/admin/users", "/admin/units"], ["/audit", "/security", "/cockpit/62", "/plan", "/ledgers", "/tasks", "/reports", "/stats", "/assessment"]],
    ["anquan_admin", ["/security", "/security/policy"], ["/audit", "/admin/users", "/admin/units", "/cockpit/62", "/plan", "/ledgers", "/reports"]],
    ["shenji_admin", ["/audit"], ["/security", "/admin/users", "/admin/units", "/cockpit/62", "/plan", "/ledgers", "/reports"]],
    ["sheng_zhihui", ["/cockpit/62", "/plan"], ["/audit", "/security", "/security/policy", "/admin/users", "/admin/units"]],
  ];
  for (const [user, allowed, forbidden] of cases) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, user);
    for (const p of allowed) expect((await page.goto(p))?.status(), `${user} ${p}`).toBe(200);
    for (const p of forbidden) expect((await page.goto(p))?.status(), `${user} ${p}`).toBe(404);
    await context.close();
  }
  // and every refusal above is in the audit log
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, "shenji_admin");
  await page.goto("/audit?action=page.view&result=denied&user=xitong_admin");
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await context.close();
});

const totpCode = (secret: string, at = Date.now()) => new TOTP({ secret: secret.replace(/\s/g, ""), digits: 6, period: 30 }).generate({ timestamp: at });

test("a new officer's first day: sysadmin creates (待激活) → secadmin activates and sees the password once → own password → authenticator → recovery codes → work", async ({ browser }) => {
  // the sysadmin creates the account: it is 待激活, and the sysadmin gets no password
  const admin = await browser.newContext();
  const ap = await admin.newPage();
  await login(ap, await newUser("SYSADMIN", "62"));
  await ap.goto("/admin/users/new");
  const username = `mfa_${Date.now().toString(36)}`;
  await ap.getByLabel("用户名").fill(username);
  await ap.getByLabel("姓名").fill("新民警");
  await pickUnit(ap, "所属单位", "秦州区");
  await ap.getByLabel("角色").selectOption("OFFICER");
  await ap.getByRole("button", { name: "新建用户" }).click();
  await expect(ap.getByTestId("pending-activation")).toContainText("待激活");
  await expect(ap.getByTestId("temporary-password")).toHaveCount(0);
  await ap.goto(`/admin/users?q=${username}`);
  await expect(ap.getByText("新建，待安全管理员激活")).toBeVisible();
  await admin.close();

  // before activation nobody can sign in (the same generic answer as a wrong password)
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill("Guess#Pass2024");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "用户名、密码或动态口令错误" })).toBeVisible();

  // the 安全管理员 activates it; the initial password is shown once, to them
  const sec = await browser.newContext();
  const sp = await sec.newPage();
  sp.on("dialog", (d) => d.accept());
  await login(sp, await newUser("SECADMIN", "62"));
  await sp.goto("/security");
  const row = sp.getByTestId("pending-accounts").getByRole("row").filter({ hasText: username });
  await expect(row).toContainText("待激活（新建）");
  await row.getByRole("button", { name: "激活并生成初始密码" }).click();
  const temp = (await sp.getByTestId("initial-password").innerText()).trim();
  expect(temp).toMatch(/^\S{12,}$/);
  await sp.getByRole("button", { name: "已交付，关闭" }).click();
  await expect(sp.getByTestId("initial-password")).toHaveCount(0);
  await expect(sp.getByTestId("pending-accounts").getByRole("row").filter({ hasText: username })).toHaveCount(0);
  await sec.close();

  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(temp);
  await page.getByRole("button", { name: "登录" }).click();
  // restricted: only the password page
  await expect(page).toHaveURL(/\/account\/password\?required=1/);
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/account\/password/);
  // an RSC request (what client navigation sends) gets no business data either, nor does a route
  for (const p of ["/plan", "/tasks", "/cockpit/6205", "/ledgers/disputes", "/stats", "/reports/view?unit=6205&period=2025-10"]) {
    const body = await (await page.request.get(p, { headers: { RSC: "1" }, maxRedirects: 0 })).text();
    expect(body, p).not.toContain("政治安全与涉稳风险防控");
    expect(body, p).not.toContain("秦州区");
  }
  const route = await page.request.get("/api/tasks/export?format=csv");
  expect(route.status()).toBe(403);
  expect((await route.json()).error).toContain("请先修改密码");
  // a weak new password is refused in Chinese, the fields keep their content
  await page.getByLabel("当前密码").fill(temp);
  await page.getByRole("textbox", { name: /^新密码/ }).fill("Password@123");
  await page.getByLabel("确认新密码").fill("Password@123");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page.getByText(/过于常见/)).toBeVisible();
  const mine = "Qz7#tLw2vK";
  await page.getByRole("textbox", { name: /^新密码/ }).fill(mine);
  await page.getByLabel("确认新密码").fill(mine);
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/login/);

  // next: the second factor, before anything else
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(mine);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/account\/mfa\?required=1/);
  await page.goto("/cockpit/6205");
  await expect(page).toHaveURL(/\/account\/mfa/);
  await expect(page.getByTestId("totp-qr").locator("svg")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.getByLabel("验证器上的 6 位数字").fill("000000");
  await page.getByRole("button", { name: "完成绑定" }).click();
  await expect(page.getByText(/动态口令不正确/).first()).toBeVisible();
  await page.getByLabel("验证器上的 6 位数字").fill(totpCode(secret));
  await page.getByRole("button", { name: "完成绑定" }).click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/mfa-recovery-codes.png", fullPage: true });
  const codes = (await page.getByTestId("recovery-codes").locator("li").allInnerTexts()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await page.getByRole("button", { name: "我已保存，继续" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
  expect((await page.goto("/tasks"))?.status()).toBe(200);
  await expect(page).toHaveURL(/\/tasks/);

  // from now on: password alone is not enough; password + a recovery code (once) or the current code is
  await page.getByRole("button", { name: "退出" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(mine);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "动态口令" })).toBeVisible();
  await page.getByLabel("动态口令").fill(codes[0]);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("current-user")).toContainText(username);
  await page.goto("/account/mfa");
  await expect(page.getByTestId("recovery-left")).toContainText("9");
  await page.screenshot({ path: "test-results/screenshots/mfa-status.png", fullPage: true });
  await ctx.close();
});

test("the client address in the audit log is the socket's: a forged X-Forwarded-For changes nothing", async ({ browser }) => {
  const ctx = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill("spoof_nobody");
  await page.getByLabel("密码").fill("Whatever#1");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "用户名" })).toBeVisible();
  await ctx.close();
  const auditor = await browser.newContext();
  const ap = await auditor.newPage();
  await login(ap, "shenji_admin");
  await ap.goto("/audit?user=spoof_nobody");
  const row = ap.getByTestId("audit-row").first();
  await expect(row).toContainText("登录");
  await expect(row).not.toContainText("203.0.113.77");
  await expect(row).toContainText(/127\.0\.0\.1|::1/);
  await auditor.close();
});

test("the auditor sees the state of the audit chain; the 安全管理员 sets the policy", async ({ browser }) => {
  const a = await browser.newContext();
  const ap = await a.newPage();
  await login(ap, "shenji_admin");
  await ap.goto("/audit");
  await expect(ap.getByTestId("chain-state")).toContainText("审计链完整");
  await ap.screenshot({ path: "test-results/screenshots/audit-chain.png", fullPage: false });
  await a.close();

  const s = await browser.newContext();
  const sp = await s.newPage();
  // its own 安全管理员 (the policy itself is one for the whole platform; no other spec changes it)
  await login(sp, await newUser("SECADMIN", "62"));
  await sp.goto("/security/policy");
  await sp.getByLabel("审计记录保存天数").fill("90");
  await sp.getByRole("button", { name: "保存安全策略" }).click();
  await expect(sp.getByText(/至少保存 184 天/)).toBeVisible();
  await expect(sp.getByLabel("审计记录保存天数")).toHaveValue("90");
  await sp.getByLabel("审计记录保存天数").fill("365");
  await sp.getByRole("button", { name: "保存安全策略" }).click();
  await expect(sp.getByText("安全策略已保存，立即生效")).toBeVisible();
  await sp.screenshot({ path: "test-results/screenshots/security-policy.png", fullPage: true });
  await s.close();
});
