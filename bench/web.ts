// The province cockpit in a real browser (issue 13, "a lighter cockpit"): what the commander waits for and how much
// the client's JavaScript blocks, with the Debian Chromium.
//
// 1. Playwright (Chromium at 1366×900, cold cache each run, no throttling): the first useful view — the first frame in
//    which the KPI cards and the map's regions are in the page and laid out (a requestAnimationFrame watcher
//    injected before the page's own scripts, so it measures any version of the page the same way), FCP and LCP, the
//    long tasks (PerformanceObserver "longtask": total blocking time = Σ (duration − 50 ms) after FCP), and the
//    JavaScript transferred (Resource Timing, gzip as served).
// 2. Lighthouse (npm `lighthouse`, desktop preset: simulated throttling) on the same page: performance and
//    accessibility scores, TBT, LCP; the median run by performance score.
//
// Run alone: `npm run bench -- --only cockpit-web` (demo data, like `npm start`), or `npx tsx bench/web.ts <base>`
// against a running server with the demo accounts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright";
import { type Stats, login, stats } from "./http";

export const WEB_PAGE = "/cockpit/62";
export const WEB_USER = "sheng_zhihui";
export const WEB_TARGETS = { performance: 90, accessibility: 95, tbt: 300, usefulView: 1000 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const CHROME_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface BrowserRun {
  /** the HTML's first byte and last byte (server time, streaming) */
  ttfb: number;
  htmlEnd: number;
  usefulView: number;
  fcp: number;
  lcp: number;
  tbt: number;
  longTasks: number;
  jsBytes: number;
  jsDecoded: number;
  jsFiles: number;
  /** from the trace: the main thread's CPU time in tasks, and TBT counted on CPU time instead of wall time — what the
   *  blocking would be on an otherwise idle machine (the wall-clock figures grow with the machine's load) */
  mainCpu: number;
  tbtCpu: number;
}

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  tbt: number;
  lcp: number;
  fcp: number;
  si: number;
  cls: number;
}

export interface WebBench {
  page: string;
  data: string;
  runs: BrowserRun[];
  usefulView: Stats;
  tbt: Stats;
  /** absent in measurements made before the trace was recorded */
  tbtCpu?: Stats;
  mainCpu?: Stats;
  ttfb?: Stats;
  lcp: Stats;
  jsBytes: number;
  jsDecoded: number;
  jsFiles: number;
  lighthouse: LighthouseRun[];
  lighthouseMedian: LighthouseRun | null;
  lighthouseError?: string;
  loadStart?: string;
  load: string;
}

/** injected before the page's scripts: watches for the cards and the map, and records long tasks, FCP and LCP */
const WATCHER = `(() => {
  const w = window;
  w.__bench = { useful: null, long: [], fcp: null, lcp: null };
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.long.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") w.__bench.fcp = e.startTime; }).observe({ type: "paint", buffered: true });
    new PerformanceObserver((l) => { const es = l.getEntries(); if (es.length) w.__bench.lcp = es[es.length - 1].startTime; }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch {}
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const check = () => {
    const cards = [...document.querySelectorAll('[data-testid^="kpi-"][data-value]')].filter(shown).length;
    const regions = [...document.querySelectorAll('[data-testid="cockpit-map"] path[data-code]')].filter(shown).length;
    // the frame in which both are laid out is painted right after this callback: its start time counts
    if (cards >= 6 && regions >= 14) { requestAnimationFrame((t) => { w.__bench.useful = t; }); return; }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

/** one cold visit in a fresh context: the watcher's figures and the scripts transferred */
async function browserRun(browser: import("playwright").Browser, url: string, cookies: { name: string; value: string; url: string }[]): Promise<BrowserRun> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  try {
    await context.addCookies(cookies);
    await context.addInitScript(WATCHER);
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "loading"] });
    const res = await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    if (!res || res.status() !== 200) throw new Error(`${url}：HTTP ${res?.status()}`);
    await page.waitForFunction(() => (window as unknown as { __bench: { useful: number | null } }).__bench.useful !== null, null, { timeout: 30_000 });
    // the client's start-up work after load (hydration, lazy chunks): until the network and the main thread are quiet
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1500);
    const cpu = traceCpu(await browser.stopTracing());
    const got = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { useful: number; long: [number, number][]; fcp: number | null; lcp: number | null } }).__bench;
      const fcp = b.fcp ?? 0;
      const js = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((e) => /\.js(\?|$)/.test(new URL(e.name).pathname));
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return {
        ttfb: nav?.responseStart ?? 0,
        htmlEnd: nav?.responseEnd ?? 0,
        usefulView: b.useful,
        fcp,
        lcp: b.lcp ?? 0,
        // Lighthouse's definition (from FCP on; it stops at TTI, this counts until the page has been quiet for 1.5 s)
        tbt: b.long.filter(([s]) => s >= fcp).reduce((n, [, d]) => n + Math.max(0, d - 50), 0),
        longTasks: b.long.length,
        jsBytes: js.reduce((n, e) => n + e.transferSize, 0),
        jsDecoded: js.reduce((n, e) => n + e.decodedBodySize, 0),
        jsFiles: js.length,
      };
    });
    return { ...got, ...cpu };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** the renderer main thread's tasks in a Chromium trace: total CPU time, and Σ (CPU time − 50 ms) after FCP */
function traceCpu(buf: Buffer): { mainCpu: number; tbtCpu: number } {
  const raw = JSON.parse(buf.toString("utf8")) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
  const mains = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.name === "RunTask" && e.ph === "X" && mains.has(k)) byThread.set(k, [...(byThread.get(k) ?? []), e]);
  }
  const [key, tasks] = [...byThread].sort((a, b) => b[1].length - a[1].length)[0] ?? ["", []];
  const fcp = events.find((e) => e.name === "firstContentfulPaint" && `${e.pid}:${e.tid}` === key)?.ts ?? 0;
  const ms = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
  return {
    mainCpu: tasks.reduce((n, e) => n + ms(e), 0),
    tbtCpu: tasks.filter((e) => e.ts >= fcp).reduce((n, e) => n + Math.max(0, ms(e) - 50), 0),
  };
}

async function lighthouseRun(url: string, cookie: string): Promise<LighthouseRun> {
  const [{ default: lighthouse }, chromeLauncher, { default: desktop }] = await Promise.all([import("lighthouse"), import("chrome-launcher"), import("lighthouse/core/config/desktop-config.js")]);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", ...CHROME_ARGS] });
  try {
    const r = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"], extraHeaders: { Cookie: cookie } }, desktop);
    const lhr = r?.lhr;
    if (!lhr) throw new Error("Lighthouse 没有结果");
    if (lhr.runtimeError) throw new Error(`Lighthouse：${lhr.runtimeError.message}`);
    const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    if (process.env.BENCH_WEB_DEBUG) {
      for (const id of ["mainthread-work-breakdown", "bootup-time", "long-tasks", "total-byte-weight"]) {
        const items = ((lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).slice(0, 10);
        console.log(`── ${id}`);
        for (const it of items) console.log("  " + JSON.stringify(it).slice(0, 240));
      }
    }
    return {
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      tbt: num("total-blocking-time"),
      lcp: num("largest-contentful-paint"),
      fcp: num("first-contentful-paint"),
      si: num("speed-index"),
      cls: num("cumulative-layout-shift"),
    };
  } finally {
    chrome.kill();
  }
}

export async function benchCockpitWeb(opts: { base: string; data: string; log: (l: string) => void; runs?: number; lighthouseRuns?: number }): Promise<WebBench> {
  const { base, log } = opts;
  const runs = opts.runs ?? Number(process.env.BENCH_WEB_RUNS ?? 7);
  const lhRuns = opts.lighthouseRuns ?? Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
  const url = `${base}${WEB_PAGE}`;
  const loadStart = os.loadavg()[0].toFixed(1);
  const jar = await login(base, WEB_USER);
  const cookie = jar.header();
  const cookies = cookie.split("; ").map((p) => ({ name: p.slice(0, p.indexOf("=")), value: p.slice(p.indexOf("=") + 1), url: base }));

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_ARGS });
  const out: BrowserRun[] = [];
  try {
    await browserRun(browser, url, cookies); // warm the server (compiled routes, caches), not measured
    for (let i = 0; i < runs; i++) {
      const r = await browserRun(browser, url, cookies);
      out.push(r);
      log(`[bench] 浏览器 ${WEB_PAGE} 第 ${i + 1} 次：HTML 首字节 ${r.ttfb.toFixed(0)} ms、末字节 ${r.htmlEnd.toFixed(0)} ms，首个有用画面 ${r.usefulView.toFixed(0)} ms，FCP ${r.fcp.toFixed(0)} ms，LCP ${r.lcp.toFixed(0)} ms，TBT ${r.tbt.toFixed(0)} ms（长任务 ${r.longTasks} 个；按 CPU 时间 ${r.tbtCpu.toFixed(0)} ms，主线程 CPU ${r.mainCpu.toFixed(0)} ms），JS ${(r.jsBytes / 1024).toFixed(0)} KB（解压 ${(r.jsDecoded / 1024).toFixed(0)} KB，${r.jsFiles} 个文件）`);
    }
  } finally {
    await browser.close();
  }

  const lighthouse: LighthouseRun[] = [];
  let lighthouseError: string | undefined;
  for (let i = 0; i < lhRuns; i++) {
    try {
      const r = await lighthouseRun(url, cookie);
      lighthouse.push(r);
      log(`[bench] Lighthouse（桌面）第 ${i + 1} 次：性能 ${r.performance}，无障碍 ${r.accessibility}，TBT ${r.tbt.toFixed(0)} ms，LCP ${r.lcp.toFixed(0)} ms，FCP ${r.fcp.toFixed(0)} ms`);
    } catch (e) {
      lighthouseError = e instanceof Error ? e.message : String(e);
      log(`[bench] Lighthouse 失败：${lighthouseError}`);
      break;
    }
  }
  const sorted = [...lighthouse].sort((a, b) => a.performance - b.performance);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : null;
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  return {
    page: WEB_PAGE,
    data: opts.data,
    runs: out,
    usefulView: stats(out.map((r) => r.usefulView)),
    tbt: stats(out.map((r) => r.tbt)),
    tbtCpu: stats(out.map((r) => r.tbtCpu)),
    mainCpu: stats(out.map((r) => r.mainCpu)),
    ttfb: stats(out.map((r) => r.ttfb)),
    lcp: stats(out.map((r) => r.lcp)),
    jsBytes: mid(out.map((r) => r.jsBytes)),
    jsDecoded: mid(out.map((r) => r.jsDecoded)),
    jsFiles: mid(out.map((r) => r.jsFiles)),
    lighthouse,
    lighthouseMedian: median,
    lighthouseError,
    loadStart,
    load: os.loadavg()[0].toFixed(1),
  };
}

const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "—");
const pass = (ok: boolean) => (ok ? "通过" : "未达标");

/** the same measurement on the code before the cockpit was lightened (issue 13), kept for comparison */
export const WEB_BEFORE = path.resolve("bench/cockpit-web-before.json");

function loadBefore(): WebBench | null {
  try {
    return JSON.parse(fs.readFileSync(WEB_BEFORE, "utf8")) as WebBench;
  } catch {
    return null;
  }
}

export function webTable(w: WebBench, before: WebBench | null = loadBefore()): string[] {
  const lh = (x: WebBench) => x.lighthouseMedian;
  type Row = [label: string, value: (x: WebBench) => string, target: string, ok: ((x: WebBench) => boolean) | null];
  const rows: Row[] = [
    ["首个有用画面（指标卡与地图已排版绘制），浏览器 p50 / max", (x) => `${f0(x.usefulView.p50)} / ${f0(x.usefulView.max)} ms`, `≤ ${WEB_TARGETS.usefulView} ms`, (x) => x.usefulView.p50 <= WEB_TARGETS.usefulView],
    ["总阻塞时间 TBT（长任务，墙钟时间），浏览器 p50 / max", (x) => `${f0(x.tbt.p50)} / ${f0(x.tbt.max)} ms`, `≤ ${WEB_TARGETS.tbt} ms`, (x) => x.tbt.p50 <= WEB_TARGETS.tbt],
    ["TBT 按主线程 CPU 时间计（估计空闲机器上的阻塞），p50 / max", (x) => (x.tbtCpu ? `${f0(x.tbtCpu.p50)} / ${f0(x.tbtCpu.max)} ms` : "—"), `≤ ${WEB_TARGETS.tbt} ms`, (x) => !!x.tbtCpu && x.tbtCpu.p50 <= WEB_TARGETS.tbt],
    ["主线程 CPU 时间（全部任务），p50", (x) => (x.mainCpu ? `${f0(x.mainCpu.p50)} ms` : "—"), "—", null],
    ["HTML 首字节（服务器），p50", (x) => (x.ttfb ? `${f0(x.ttfb.p50)} ms` : "—"), "—", null],
    ["LCP，浏览器 p50", (x) => `${f0(x.lcp.p50)} ms`, "—", null],
    ["JavaScript 传输（gzip）/ 解压后 / 文件数", (x) => `${(x.jsBytes / 1024).toFixed(0)} KB / ${(x.jsDecoded / 1024).toFixed(0)} KB / ${x.jsFiles}`, "—", null],
    ["Lighthouse 性能（各次；取中位）", (x) => (lh(x) ? `${lh(x)!.performance}（${x.lighthouse.map((r) => r.performance).join("、")}）` : "未运行"), `≥ ${WEB_TARGETS.performance}`, (x) => !!lh(x) && lh(x)!.performance >= WEB_TARGETS.performance],
    ["Lighthouse 无障碍", (x) => (lh(x) ? `${lh(x)!.accessibility}` : "—"), `≥ ${WEB_TARGETS.accessibility}`, (x) => !!lh(x) && lh(x)!.accessibility >= WEB_TARGETS.accessibility],
    ["Lighthouse TBT / LCP / FCP / Speed Index（ms）/ CLS", (x) => { const r = lh(x); return r ? `${f0(r.tbt)} / ${f0(r.lcp)} / ${f0(r.fcp)} / ${f0(r.si)} / ${r.cls.toFixed(3)}` : "—"; }, `TBT ≤ ${WEB_TARGETS.tbt} ms`, (x) => !!lh(x) && lh(x)!.tbt <= WEB_TARGETS.tbt],
  ];
  const head = before ? `| 省厅驾驶舱 ${w.page}（桌面，${w.data}） | 改动前（${before.data}，负载 ${before.loadStart ?? "?"}） | 现在（负载 ${w.loadStart}） | 目标 | 结果 |` : `| 省厅驾驶舱 ${w.page}（桌面，${w.data}） | 测得（负载 ${w.loadStart}） | 目标 | 结果 |`;
  const lines = [head, before ? "|---|--:|--:|---|---|" : "|---|--:|---|---|"];
  for (const [label, value, target, ok] of rows) lines.push(`| ${label} | ${before ? `${value(before)} | ` : ""}${value(w)} | ${target} | ${ok ? pass(ok(w)) : "—"} |`);
  if (!lh(w) && w.lighthouseError) lines.push(`| Lighthouse 错误 | ${before ? "— | " : ""}${w.lighthouseError} | — | — |`);
  return lines;
}

export function webNotes(w: WebBench): string {
  return `Playwright 驱动 Debian Chromium（\`/usr/bin/chromium\`，1366×900，每次新的浏览器上下文即冷缓存，不限速），1 次预热后测 ${w.runs.length} 次：页面脚本之前注入的观察脚本逐帧检查，指标卡（≥ 6 张）和地图的全部区域都已排版的那一帧即「首个有用画面」（从导航开始计）；长任务来自 PerformanceObserver（longtask），TBT = FCP 之后各长任务超出 50 ms 部分之和（算到页面安静 1.5 s 为止）；「按 CPU 时间」：同一次访问的 Chromium 跟踪（trace）中渲染主线程各任务的线程 CPU 时间（tdur）代替墙钟时间计算 TBT——机器繁忙时墙钟时间包含等待 CPU 的时间，这一列估计空闲机器上的阻塞。JavaScript 为 Resource Timing 的传输字节。Lighthouse 12（npm）桌面预设（模拟限速），${w.lighthouse.length} 次取性能分中位的一次。开始 / 结束时负载（1 分钟平均，${os.cpus().length} 核）${w.loadStart} / ${w.load}；负载远高于核数时，墙钟时间的数字（首个有用画面、TBT、Lighthouse）成倍偏大。「改动前」：同一测量在改动前的代码（9edffd7：地图在浏览器中取几何数据后绘制，recharts 随页面加载）上的结果，保存在 \`bench/cockpit-web-before.json\`。单独运行：\`npm run bench -- --only cockpit-web\`（演示数据）。`;
}

const WEB_START = "<!-- cockpit-web:start -->";
const WEB_END = "<!-- cockpit-web:end -->";

/** the browser section of bench/RESULTS.md, between markers so that `--only cockpit-web` can replace it alone */
export function webSection(w: WebBench): string {
  return [WEB_START, "## 驾驶舱在浏览器中（客户端 JavaScript）", "", ...webTable(w), "", webNotes(w), WEB_END].join("\n");
}

export function writeWebSection(file: string, w: WebBench) {
  const section = webSection(w);
  const md = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const a = md.indexOf(WEB_START);
  const b = md.indexOf(WEB_END);
  let next: string;
  if (a >= 0 && b > a) next = md.slice(0, a) + section + md.slice(b + WEB_END.length);
  else {
    // first time: after the cockpits' HTTP section
    const at = md.indexOf("\n## 各项 KPI");
    next = at >= 0 ? `${md.slice(0, at)}\n${section}\n${md.slice(at)}` : `${md}\n${section}\n`;
  }
  fs.writeFileSync(file, next);
}

// `npx tsx bench/web.ts http://localhost:3000` against a running server with the demo accounts;
// `npx tsx bench/web.ts --render bench/out/cockpit-web.json` rewrites the section of bench/RESULTS.md from a saved run
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/web.ts") && process.argv[2] === "--render") {
  const w = JSON.parse(fs.readFileSync(process.argv[3] ?? "bench/out/cockpit-web.json", "utf8")) as WebBench;
  writeWebSection(path.resolve("bench/RESULTS.md"), w);
  console.log(webTable(w).join("\n"));
} else if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/web.ts")) {
  const base = process.argv[2] ?? "http://localhost:3000";
  benchCockpitWeb({ base, data: base, log: console.log })
    .then((w) => console.log("\n" + webTable(w).join("\n")))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
