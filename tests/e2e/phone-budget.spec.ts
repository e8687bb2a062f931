// The officer's phone on a slow mobile network: every page of the officer's work transfers ≤ 300 KB once the
// browser's cache is warm (the scripts, styles and fonts are content-hashed and cached for a year; what is left is the
// page itself — its HTML with the inline RSC payload — and the data it fetches). Measured with the Chrome DevTools
// Protocol: the bytes on the wire (encodedDataLength: headers and compressed body) of every response of a second
// visit, until the network is quiet (and, for comparison, of a visit with the cache switched off). The figures go to test-results/phone-transfer.json, and with
// PHONE_BUDGET_RESULTS=1 to the 「警务通页面传输量」 section of bench/RESULTS.md.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { login, open } from "./helpers";
import { rolePages } from "./pages";

const OFFICER = "chengguan_minjing";
const BUDGET = 300 * 1024;
const START = "<!-- phone-transfer:start -->";
const END = "<!-- phone-transfer:end -->";

interface Row {
  url: string;
  cold: number;
  warm: number;
  document: number;
  fetches: number;
  statics: number;
  requests: number;
  cachedRequests: number;
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test("every officer page transfers ≤ 300 KB on a warm cache", async ({ page }) => {
  test.setTimeout(600_000);
  await login(page, OFFICER);
  const urls = await rolePages(page, "OFFICER");

  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const kinds = new Map<string, string>();
  const cached = new Set<string>();
  let bytes = new Map<string, number>();
  cdp.on("Network.requestWillBeSent", (e) => kinds.set(e.requestId, e.type ?? "Other"));
  cdp.on("Network.requestServedFromCache", (e) => cached.add(e.requestId));
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  cdp.on("Network.loadingFinished", (e) => bytes.set(e.requestId, e.encodedDataLength));

  const visit = async (url: string) => {
    bytes = new Map();
    cached.clear();
    await open(page, url);
    await page.waitForLoadState("networkidle");
    return new Map(bytes);
  };
  const sum = (m: Map<string, number>, pick: (id: string) => boolean = () => true) => [...m].filter(([id]) => pick(id)).reduce((s, [, n]) => s + n, 0);

  const rows: Row[] = [];
  for (const url of urls) {
    // cold: nothing from the cache (what a first visit on a new phone costs); then a visit that fills the cache, then
    // the measured warm one
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const cold = await visit(url);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
    await visit(url);
    const warm = await visit(url);
    const kind = (id: string) => kinds.get(id) ?? "Other";
    rows.push({
      url,
      cold: sum(cold),
      warm: sum(warm),
      document: sum(warm, (id) => kind(id) === "Document"),
      fetches: sum(warm, (id) => kind(id) === "Fetch" || kind(id) === "XHR"),
      statics: sum(warm, (id) => !["Document", "Fetch", "XHR"].includes(kind(id))),
      requests: warm.size,
      cachedRequests: [...warm.keys()].filter((id) => cached.has(id)).length,
    });
  }

  fs.mkdirSync("test-results", { recursive: true });
  fs.writeFileSync("test-results/phone-transfer.json", JSON.stringify(rows, null, 1));
  if (process.env.PHONE_BUDGET_RESULTS === "1") writeSection("bench/RESULTS.md", rows);
  for (const r of rows) expect.soft(r.warm, `${r.url}: ${kb(r.warm)} on a warm cache (document ${kb(r.document)}, fetches ${kb(r.fetches)}, scripts/styles/fonts ${kb(r.statics)})`).toBeLessThanOrEqual(BUDGET);
  // the statics really come from the cache: a warm visit loads no script, style or font over the network
  for (const r of rows) expect.soft(r.statics, `${r.url}: scripts, styles and fonts on a warm visit`).toBeLessThan(8 * 1024);
});

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function writeSection(file: string, rows: Row[]) {
  const max = Math.max(...rows.map((r) => r.warm));
  const lines = [
    START,
    "## 警务通页面传输量（民警，390×844，缓存已热）",
    "",
    `由 \`PHONE_BUDGET_RESULTS=1 npx playwright test phone-budget\` 写入（${new Date().toISOString()}，演示数据，民警 \`${OFFICER}\`）。「无缓存」：关闭浏览器缓存访问一次（新手机第一次打开，含全部脚本、样式、字体）；「缓存已热」：打开缓存后访问两次，第二次访问在网络安静前的全部响应的线上字节（Chrome DevTools Protocol 的 encodedDataLength：响应头 + 压缩后的正文）。目标：每页 ≤ 300 KB；最大 ${kb(max)}，${rows.every((r) => r.warm <= BUDGET) ? "全部通过" : "有页面超出"}。`,
    "",
    "| 页面 | 无缓存 | 缓存已热 | 其中：HTML（含 RSC 数据） | 数据请求 | 脚本、样式、字体 | 请求数（来自缓存） | 结果 |",
    "|---|--:|--:|--:|--:|--:|--:|---|",
    ...rows.map((r) => `| \`${r.url.replace(/\|/g, "\\|")}\` | ${kb(r.cold)} | ${kb(r.warm)} | ${kb(r.document)} | ${kb(r.fetches)} | ${kb(r.statics)} | ${r.requests}（${r.cachedRequests}） | ${r.warm <= BUDGET ? "通过" : "未达标"} |`),
    END,
  ];
  const section = lines.join("\n");
  const md = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  fs.writeFileSync(file, a >= 0 && b > a ? md.slice(0, a) + section + md.slice(b + END.length) : `${md.trimEnd()}\n\n${section}\n`);
}
