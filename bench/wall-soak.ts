// `npm run bench -- --only wall-soak`: the command-centre wall left open under a stream of changes.
// The demo data, `next start`, one Chromium at 1920×1080 on /wall/62 as the province commander, and one change a
// second written straight into PostgreSQL (a statistic nudged, a dispute registered — every tenth flagged as a
// homicide risk — an intelligence item received), each of which the triggers announce (migration wall_notify), so
// the wall refreshes all the time. Every 30 s, after a forced garbage collection: the page's JS heap (CDP
// Performance.getMetrics) and the server's resident memory (/proc/<pid>/status VmRSS). Growth is measured from the
// end of a warm-up minute to the end. WALL_SOAK_MINUTES (default 60) shortens the run.
import fs from "node:fs";
import { chromium } from "@playwright/test";
import pg from "pg";

export const SOAK_TARGET_MB = 20;

export interface SoakSample {
  t: number;
  heapMb: number;
  rssMb: number;
  events: number;
  refreshes: number;
}

export interface WallSoak {
  minutes: number;
  events: number;
  refreshes: number;
  samples: SoakSample[];
  heapGrowthMb: number;
  rssGrowthMb: number;
  heapMaxMb: number;
  rssMaxMb: number;
  /** a statistic written at the end reached the wall after this many ms */
  lastLatencyMs: number;
  reconnects: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Growth after the warm-up minute: the mean of the last three samples minus the mean of the first three at or after
 * 60 s (RSS moves by tens of MB between collections; one sample against one would measure the garbage collector's
 * timing, not a leak).
 */
export function growth(samples: SoakSample[]) {
  const after = samples.filter((s) => s.t >= 60);
  const first = (after.length >= 6 ? after : samples).slice(0, 3);
  const last = (after.length >= 6 ? after : samples).slice(-3);
  const mean = (xs: SoakSample[], k: "heapMb" | "rssMb") => xs.reduce((a, s) => a + s[k], 0) / xs.length;
  return {
    heapGrowthMb: r1(mean(last, "heapMb") - mean(first, "heapMb")),
    rssGrowthMb: r1(mean(last, "rssMb") - mean(first, "rssMb")),
    heapMaxMb: Math.max(...samples.map((s) => s.heapMb)),
    rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
  };
}

export async function benchWallSoak(o: { base: string; dbUrl: string; serverPid: number; log: (l: string) => void; minutes?: number }): Promise<WallSoak> {
  const minutes = o.minutes ?? Number(process.env.WALL_SOAK_MINUTES ?? 60);
  const db = new pg.Client({ connectionString: o.dbUrl });
  await db.connect();
  const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--js-flags=--expose-gc"] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
    await page.goto(`${o.base}/login`);
    await page.getByLabel("用户名").fill("sheng_zhihui");
    await page.getByLabel("密码").fill("Pingan@2023");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    await page.goto(`${o.base}/wall/62`);
    await page.waitForSelector("[data-testid=wall-status][data-state=live]", { timeout: 60_000 });
    // count the wall's refreshes and reconnects from the page itself
    // (a string: tsx would wrap the inner functions in a helper the page does not have)
    await page.evaluate(`(() => {
      const w = window;
      w.soak = { refreshes: 0, reconnects: 0 };
      const asOf = () => document.querySelector("[data-testid=wall-as-of]")?.textContent;
      let last = asOf();
      let state = "live";
      new MutationObserver(() => {
        const now = asOf();
        if (now !== last) w.soak.refreshes++;
        last = now;
        const s = document.querySelector("[data-testid=wall-status]")?.getAttribute("data-state");
        if (s === "reconnecting" && state !== "reconnecting") w.soak.reconnects++;
        state = s;
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-state"] });
    })()`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const heapMb = async () => {
      await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
      const { metrics } = await cdp.send("Performance.getMetrics");
      return (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN) / 1048576;
    };

    const { rows: [stat] } = await db.query<{ id: number }>("SELECT id FROM stat_values WHERE metric = 'criminal.solved' AND unit_path LIKE '/62/6201/%' ORDER BY month DESC, id LIMIT 1");
    const { rows: [county] } = await db.query<{ id: number; path: string; code: string }>("SELECT id, path, code FROM units WHERE code = '620102'");
    let events = 0;
    const write = async () => {
      const k = events % 3;
      const tag = `SOAK${Date.now().toString(36)}${events}`;
      if (k === 0) await db.query("UPDATE stat_values SET value = value + $2, version = version + 1 WHERE id = $1", [stat.id, events % 2 ? -1 : 1]);
      else if (k === 1)
        await db.query(
          `INSERT INTO disputes (code, unit_id, unit_path, category, summary, parties, found_on, source, status, warning_flagged, warning_score, updated_at)
           VALUES ($1, $2, $3, '邻里冲突', '张三与李四因宅基地界线发生争执', '张三、李四', current_date, '排查', '调解中', $4, $5, now())`,
          [tag, county.id, county.path, events % 10 === 1, events % 10 === 1 ? 80 : 10],
        );
      else
        await db.query(
          `INSERT INTO intel_items (code, unit_id, unit_path, grade, source, title, content, received_at, report_due_at, loop_due_at, updated_at)
           VALUES ($1, $2, $3, 3, '网上巡查', '网传某小区业主拟聚集维权', '压测情报', now(), now() + interval '8 hours', now() + interval '3 days', now())`,
          [tag, county.id, county.path],
        );
      events++;
    };

    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    const samples: SoakSample[] = [];
    const sample = async () => {
      const s = await page.evaluate(() => (window as unknown as { soak: { refreshes: number } }).soak.refreshes);
      const x = { t: Math.round((Date.now() - t0) / 1000), heapMb: r1(await heapMb()), rssMb: r1(rssMb(o.serverPid)), events, refreshes: s };
      samples.push(x);
      o.log(`[wall-soak] ${x.t}s：事件 ${x.events}，刷新 ${x.refreshes}，JS 堆 ${x.heapMb} MB，服务器 RSS ${x.rssMb} MB`);
    };
    await sample();
    let nextSample = t0 + 30_000;
    while (Date.now() < end) {
      const tick = Date.now();
      await write();
      if (Date.now() >= nextSample) {
        await sample();
        nextSample += 30_000;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tick))));
    }
    await sample();
    // one more statistic: how long until the wall shows it
    const before = await page.getAttribute("[data-testid='wall-kpi-criminal.solved']", "data-value");
    const tl = Date.now();
    await db.query("UPDATE stat_values SET value = value + 7 WHERE id = $1", [stat.id]);
    await page.waitForFunction((b) => document.querySelector("[data-testid='wall-kpi-criminal.solved']")?.getAttribute("data-value") !== b, before, { timeout: 30_000 });
    const lastLatencyMs = Date.now() - tl;
    await db.query("UPDATE stat_values SET value = value - 7 WHERE id = $1", [stat.id]);
    const soak = await page.evaluate(() => (window as unknown as { soak: { refreshes: number; reconnects: number } }).soak);

    return { minutes, events, refreshes: soak.refreshes, reconnects: soak.reconnects, samples, lastLatencyMs, ...growth(samples) };
  } finally {
    await browser.close().catch(() => {});
    await db.end().catch(() => {});
  }
}

const START = "<!-- wall-soak:start -->";
const END = "<!-- wall-soak:end -->";

export function soakTable(s: WallSoak): string[] {
  const ok = (g: number) => (g <= SOAK_TARGET_MB ? "✓" : "✗");
  return [
    `| 指标 | 结果 | 目标 |`,
    `|---|---|---|`,
    `| 时长 | ${s.minutes} 分钟（每秒一次数据变更，共 ${s.events} 次） | 60 分钟 |`,
    `| 大屏刷新次数 | ${s.refreshes}（断线 ${s.reconnects} 次） | — |`,
    `| 浏览器 JS 堆增长（预热 1 分钟后最初 3 次采样均值 → 最后 3 次均值，强制 GC 后） | ${s.heapGrowthMb} MB（最高 ${s.heapMaxMb} MB） | ≤ ${SOAK_TARGET_MB} MB ${ok(s.heapGrowthMb)} |`,
    `| 服务器 RSS 增长（同上；服务器不强制 GC，RSS 随回收在一个区间内摆动） | ${s.rssGrowthMb} MB（预热后 ${Math.min(...s.samples.filter((x) => x.t >= 60).map((x) => x.rssMb))}—${s.rssMaxMb} MB） | ≤ ${SOAK_TARGET_MB} MB ${ok(s.rssGrowthMb)} |`,
    `| 结束时一条统计数据到达大屏 | ${s.lastLatencyMs} ms | ≤ 5,000 ms ${s.lastLatencyMs <= 5000 ? "✓" : "✗"} |`,
  ];
}

export function writeSoakSection(file: string, s: WallSoak) {
  const samples = s.samples.filter((_, i) => i % Math.max(1, Math.ceil(s.samples.length / 13)) === 0 || i === s.samples.length - 1);
  const section = [
    START,
    "## 指挥中心大屏长时间运行（`npm run bench -- --only wall-soak`）",
    "",
    "演示数据，`next start` 一台，Chromium 1920×1080 打开 `/wall/62`（省厅指挥员）；每秒向数据库写一次变更（统计数据、纠纷登记——每十条一条命案风险预警、情报），",
    "经触发器 NOTIFY → 监听 → SSE → 页面刷新。每 30 秒强制 GC 后采样页面 JS 堆（CDP）和服务器进程 RSS；增长自预热 1 分钟后计。`WALL_SOAK_MINUTES` 可缩短时长。",
    "",
    ...soakTable(s),
    "",
    "| 秒 | 事件 | 刷新 | JS 堆 MB | RSS MB |",
    "|---:|---:|---:|---:|---:|",
    ...samples.map((x) => `| ${x.t} | ${x.events} | ${x.refreshes} | ${x.heapMb} | ${x.rssMb} |`),
    END,
  ].join("\n");
  const md = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  fs.writeFileSync(file, a >= 0 && b > a ? md.slice(0, a) + section + md.slice(b + END.length) : `${md.trimEnd()}\n\n${section}\n`);
}

// `npx tsx bench/wall-soak.ts --render [bench/out/wall-soak.json]`: the section of bench/RESULTS.md from a saved run
if (process.argv[1]?.endsWith("wall-soak.ts") && process.argv[2] === "--render") {
  const s = JSON.parse(fs.readFileSync(process.argv[3] ?? "bench/out/wall-soak.json", "utf8")) as WallSoak;
  const r = { ...s, ...growth(s.samples) };
  writeSoakSection("bench/RESULTS.md", r);
  console.log(soakTable(r).join("\n"));
}
