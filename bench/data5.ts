// issue 14 「数据 ×5」: the three cockpits on a province with 5,000,000 ledger rows (bench/generate.ts with scale 5),
// over HTTP as their commanders (warm-up + RUNS sequential requests, CPU per request from /proc), the page data's
// raw-SQL lower bound (bench/sql-capture.ts), and the table sizes. Its own database and its own `next start`, so the
// 1 M figures of the main run are not disturbed; `npm run bench -- --only data5` runs this stage alone.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/lib/db/embedded";
import { sharedReadOptionsFromEnv } from "@/lib/db/shared-read";
import { defaultPeriod } from "@/lib/kpi/period";
import { COUNTED, LEDGER_TABLES, generateProvince } from "./generate";
import { type Stats, type Jar, childrenOf, getPage, login, procCpuMs, stats, stopChild, waitReady, webProcesses, writeMarkedSection } from "./http";
import { COUNTY_COMMANDER, prepareDatabase } from "./setup";
import { cockpitDataBound } from "./sql-capture";

export const DATA5_SCALE = Number(process.env.BENCH_DATA5_SCALE ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const POOL = 10;

const COCKPITS = [
  { label: "省厅驾驶舱 /cockpit/62", code: "62", user: "sheng_zhihui", target: 300 },
  { label: "市州驾驶舱 /cockpit/6201", code: "6201", user: "lanzhou_zhihui", target: null },
  { label: "县区驾驶舱 /cockpit/620102", code: "620102", user: COUNTY_COMMANDER, target: null },
] as const;

/** tables whose size the section lists (rows, heap, indexes) */
const SIZED = [...LEDGER_TABLES, "disputes", "analysis_intel", "verification_intel", "progress_updates", "kpi_monthly", "enterprise_visits", "stat_values"];

export interface Data5Cockpit {
  label: string;
  code: string;
  target: number | null;
  http: Stats;
  cpu: { node: number; pg: number };
  bytes: number;
  /** the page data in-process (Prisma) and its statements replayed through plain pg */
  app: Stats;
  raw: Stats;
  statements: number;
  /** the same cockpit on the reference database, measured right after (BENCH_DATA5_REF_URL) */
  ref?: { ledgerRows: number; http: Stats; cpu: { node: number; pg: number } };
}

export interface Data5Bench {
  date: string;
  scale: number;
  load: { before: string; after: string };
  generation: { seconds: number; counts: Record<string, number> };
  cockpits: Data5Cockpit[];
  /** the same cockpits served as `npm start` serves them: reads shared for SHARED_READ_SECONDS (lib/db/shared-read.ts) */
  shared?: { seconds: number; rows: HttpRow[] };
  tables: { name: string; rows: number; heapMb: number; indexMb: number }[];
  databaseMb: number;
  seconds: number;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" / ");

async function startWeb(url: string, sharedSeconds = process.env.BENCH_SHARED_READ_SECONDS ?? "0"): Promise<{ web: ChildProcess; base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: url,
      DB_POOL_SIZE: String(POOL),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      PINGAN_SCHEDULER: "0",
      IMPORT_WORKER: "0",
      // one web process: sequential single requests, the CPU of the process that served them
      WEB_CONCURRENCY: "1",
      // every request computes its cockpit (no shared reads, lib/db/shared-read.ts): the figures are the computation's
      // own cost, comparable with the raw-SQL bound; under everyday use a busy cockpit is shared (see the load section)
      SHARED_READ_SECONDS: sharedSeconds,
    },
  });
  web.stderr?.on("data", (d: Buffer) => process.stderr.write(`[next] ${d}`));
  const stop = () => stopChild(web);
  try {
    await waitReady(base, web);
  } catch (e) {
    await stop();
    throw e;
  }
  return { web, base, stop };
}

/**
 * The whole stage: database, 5 M generation, server, measurements. `cleanups` receives what must be stopped on
 * Ctrl-C (the caller's list). The database and the server are stopped before returning.
 */
/** a database generated earlier (BENCH_DATA5_URL, on this machine): measured as it is, nothing generated */
async function existingDatabase(url: string): Promise<{ url: string; dataDir: string; close: () => Promise<void>; generation: Data5Bench["generation"] }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const dataDir = (await c.query("SELECT current_setting('data_directory') AS d")).rows[0].d as string;
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    return { url, dataDir, close: async () => {}, generation: { seconds: 0, counts } };
  } finally {
    await c.end();
  }
}

type HttpRow = { label: string; code: string; target: number | null; http: Stats; cpu: { node: number; pg: number }; bytes: number };

/** the three cockpits over HTTP on one database: its own `next start`, warm-up + RUNS, CPU per request */
async function measureHttp(dbUrl: string, dataDir: string, cleanups: (() => Promise<void>)[], log: (l: string) => void, note: string, sharedSeconds?: string): Promise<HttpRow[]> {
  const server = await startWeb(dbUrl, sharedSeconds);
  cleanups.push(server.stop);
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  // the web server's processes (next-child.mjs and its cluster workers): the pid alone is the primary, which serves nothing
  const cpuNow = () => ({ node: procCpuMs(webProcesses(server.web.pid ?? 0)), pg: procCpuMs([postmaster, ...childrenOf(postmaster)]) });
  const http: HttpRow[] = [];
  try {
    for (const c of COCKPITS) {
      const jar: Jar = await login(server.base, c.user);
      const url = `/cockpit/${c.code}`;
      const first = await getPage(server.base, url, jar);
      if (!first.includes(`data-unit="${c.code}"`)) throw new Error(`${url}：页面中没有驾驶舱`);
      for (let i = 0; i < WARMUP; i++) await getPage(server.base, url, jar);
      const cpu0 = cpuNow();
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await getPage(server.base, url, jar);
        xs.push(performance.now() - t);
      }
      const cpu1 = cpuNow();
      const s = stats(xs);
      const cpu = { node: (cpu1.node - cpu0.node) / RUNS, pg: (cpu1.pg - cpu0.pg) / RUNS };
      http.push({ label: c.label, code: c.code, target: c.target, http: s, cpu, bytes: Buffer.byteLength(first) });
      log(`[data5] ${c.label}${note}：p50 ${fmt(s.p50)} ms，p95 ${fmt(s.p95)} ms，max ${fmt(s.max)} ms（每次 CPU：Node ${fmt(cpu.node)} ms，PostgreSQL ${fmt(cpu.pg)} ms；负载 ${load()}）`);
    }
  } finally {
    await server.stop();
  }
  return http;
}

export async function benchData5(opts: { log: (l: string) => void; cleanups: (() => Promise<void>)[] }): Promise<Data5Bench> {
  const { log } = opts;
  const t0 = Date.now();
  const loadBefore = load();
  let env: { url: string; dataDir: string; close: () => Promise<void>; generation: Data5Bench["generation"] };
  if (process.env.BENCH_DATA5_URL) {
    env = await existingDatabase(process.env.BENCH_DATA5_URL);
    log(`[data5] 使用已生成的数据库（BENCH_DATA5_URL），不重新生成`);
  } else {
    log(`[data5] 准备临时数据库（${DATA5_SCALE} 倍数据）…`);
    const db = await prepareDatabase(log);
    opts.cleanups.push(() => db.close());
    const generation = await generateProvince(db.db, db.url, { scale: DATA5_SCALE, log: (l) => log(l.replace("[gen]", "[data5 gen]")) }).catch(async (e) => {
      await db.close();
      throw e;
    });
    await db.db.$disconnect();
    env = { url: db.url, dataDir: db.pg.dataDir, close: db.close, generation };
  }
  const { generation } = env;
  const ledgerRows = LEDGER_TABLES.reduce((s, t) => s + (generation.counts[t] ?? 0), 0);
  log(`[data5] ${ledgerRows.toLocaleString("en-US")} 条台账${generation.seconds ? `，生成用时 ${generation.seconds.toFixed(1)} s` : ""}`);
  try {

    const http = await measureHttp(env.url, env.dataDir, opts.cleanups, log, "");
    // as `npm start` serves them: a cockpit's reads shared for SHARED_READ_SECONDS by everyone who opens it (the
    // sequential requests here are one commander reloading; the first of each period computes, the others share)
    const sharedSeconds = String(sharedReadOptionsFromEnv({}).maxAgeMs / 1000);
    const shared = { seconds: Number(sharedSeconds), rows: await measureHttp(env.url, env.dataDir, opts.cleanups, log, "（共用读取）", sharedSeconds) };
    // a reference database (BENCH_DATA5_REF_URL, e.g. the 1 M province) measured right after, the same way: on a
    // shared machine only figures taken side by side compare
    const refUrl = process.env.BENCH_DATA5_REF_URL;
    const refDb = refUrl ? await existingDatabase(refUrl) : null;
    const ref = refDb ? await measureHttp(refDb.url, refDb.dataDir, opts.cleanups, log, "（参照库）") : null;
    const refLedger = refDb ? LEDGER_TABLES.reduce((s, t) => s + (refDb.generation.counts[t] ?? 0), 0) : 0;

    // the raw-SQL lower bound of each cockpit's data, with the server stopped
    const period = defaultPeriod();
    const cockpits: Data5Cockpit[] = [];
    for (const h of http) {
      const b = await cockpitDataBound(env.url, h.code, period, { warmup: WARMUP, runs: RUNS });
      const r = ref?.find((x) => x.code === h.code);
      cockpits.push({ ...h, app: b.app, raw: b.raw, statements: b.statements, ref: r ? { ledgerRows: refLedger, http: r.http, cpu: r.cpu } : undefined });
      log(`[data5] ${h.label} 数据：应用代码 p95 ${fmt(b.app.p95)} ms，原始 SQL p95 ${fmt(b.raw.p95)} ms（${b.statements} 条语句）`);
    }

    const c = new pg.Client({ connectionString: env.url });
    await c.connect();
    const tables: Data5Bench["tables"] = [];
    for (const t of SIZED) {
      const r = (await c.query(`SELECT (SELECT count(*) FROM ${t}) AS n, pg_table_size('${t}') AS heap, pg_indexes_size('${t}') AS idx`)).rows[0];
      tables.push({ name: t, rows: Number(r.n), heapMb: Number(r.heap) / 2 ** 20, indexMb: Number(r.idx) / 2 ** 20 });
    }
    const databaseMb = Number((await c.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b) / 2 ** 20;
    await c.end();
    return { date: new Date().toISOString(), scale: DATA5_SCALE, load: { before: loadBefore, after: load() }, generation, cockpits, shared, tables, databaseMb, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await env.close();
  }
}

const START = "<!-- data5:start -->";
const END = "<!-- data5:end -->";

export function data5Table(r: Data5Bench): string[] {
  const ledgerTotal = LEDGER_TABLES.reduce((s, t) => s + (r.generation.counts[t] ?? 0), 0);
  const lines = [
    `| 驾驶舱（${ledgerTotal.toLocaleString("en-US")} 条台账） | HTTP p50 | HTTP p95 | HTTP max | 每次请求 CPU：Node / PostgreSQL | 数据（应用代码）p50 / p95 | 原始 SQL p50 / p95 | 语句 | 页面大小 | 紧接着测的参照库：台账 / HTTP p50 / p95 / CPU Node / PostgreSQL | 目标 | 结果 |`,
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|",
  ];
  for (const c of r.cockpits) {
    const ok = c.target === null || c.http.p95 <= c.target;
    lines.push(
      `| ${c.label}（每次现算） | ${fmt(c.http.p50)} | ${fmt(c.http.p95)} | ${fmt(c.http.max)} | ${fmt(c.cpu.node)} / ${fmt(c.cpu.pg)} ms | ${fmt(c.app.p50)} / ${fmt(c.app.p95)} | ${fmt(c.raw.p50)} / ${fmt(c.raw.p95)} | ${c.statements} | ${Math.round(c.bytes / 1024)} KB | ${c.ref ? `${(c.ref.ledgerRows / 1e6).toFixed(1)} M / ${fmt(c.ref.http.p50)} / ${fmt(c.ref.http.p95)} / ${fmt(c.ref.cpu.node)} / ${fmt(c.ref.cpu.pg)} ms` : "—"} | ${c.target !== null ? `p95 ≤ ${c.target} ms` : "—"} | ${c.target === null ? "—" : ok ? "通过" : "未达标"} |`,
    );
  }
  for (const c of r.shared?.rows ?? []) {
    const ok = c.target === null || c.http.p95 <= c.target;
    lines.push(
      `| ${c.label}（共用读取，${r.shared!.seconds} 秒内同页共用） | ${fmt(c.http.p50)} | ${fmt(c.http.p95)} | ${fmt(c.http.max)} | ${fmt(c.cpu.node)} / ${fmt(c.cpu.pg)} ms | — | — | — | ${Math.round(c.bytes / 1024)} KB | — | ${c.target !== null ? `p95 ≤ ${c.target} ms` : "—"} | ${c.target === null ? "—" : ok ? "通过（共用）" : "未达标"} |`,
    );
  }
  return lines;
}

export function data5Section(r: Data5Bench): string {
  const counts = r.generation.counts;
  const ledgerTotal = LEDGER_TABLES.reduce((s, t) => s + (counts[t] ?? 0), 0);
  const mb = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  return [
    START,
    `## 数据 ×${r.scale}：${ledgerTotal.toLocaleString("en-US")} 条台账下的驾驶舱`,
    "",
    `- 时间：${r.date}；负载（开始 / 结束）：${r.load.before} → ${r.load.after}；本节用时 ${r.seconds.toFixed(0)} s（${r.generation.seconds ? `其中生成 ${r.generation.seconds.toFixed(0)} s` : "数据库为先前生成的（BENCH_DATA5_URL）"}）。`,
    `- 数据：\`generateProvince(db, url, { scale: ${r.scale} })\`（\`BENCH_SCALE=${r.scale} npx tsx bench/generate.ts\`）：台账、纠纷、进展报告 ×${r.scale}；单位、派出所、任务交办、月度统计、包抓联企业不变（见 bench/NOTES.md）。独立的临时库与 \`next start\`，与上面 1 M 的测量互不影响。`,
    `- 方法与上面的驾驶舱表相同：每个驾驶舱 ${WARMUP} 次预热后顺序请求 ${RUNS} 次，计时到流式响应读完；CPU 为测量期间 Web 服务器进程与 PostgreSQL 全部进程的 CPU 时间除以请求数；原始 SQL 为页面数据代码发出的语句经纯 \`pg\` 以同样并发结构重放。单独运行：\`npm run bench -- --only data5\`。`,
    `- 「每次现算」：服务器关闭共用读取（\`SHARED_READ_SECONDS=0\`），每个请求都计算整个驾驶舱——计算本身的代价，与原始 SQL 下限对照。「共用读取」：\`npm start\` 的默认（lib/db/shared-read.ts），同一驾驶舱 ${r.shared?.seconds ?? 10} 秒内的请求共用一次计算，页面注明汇总时刻；顺序请求时每 ${r.shared?.seconds ?? 10} 秒有一次现算（即 max 一列），其余请求只渲染页面。首位打开者仍要等一次现算。`,
    "",
    ...data5Table(r),
    "",
    `| 表 | 行数 | 表数据 MB | 索引 MB |`,
    "|---|--:|--:|--:|",
    ...r.tables.map((t) => `| ${t.name} | ${t.rows.toLocaleString("en-US")} | ${mb(t.heapMb)} | ${mb(t.indexMb)} |`),
    `| **整个数据库** | | **${mb(r.databaseMb)}** | |`,
    "",
    `其他表行数：${COUNTED.filter((t) => !r.tables.some((x) => x.name === t)).map((t) => `${t} ${(counts[t] ?? 0).toLocaleString("en-US")}`).join("，")}。`,
    END,
  ].join("\n");
}

/** replaces the data5 section of bench/RESULTS.md (or appends it); the rest of the file is kept */
export function writeData5Section(file: string, r: Data5Bench) {
  writeMarkedSection(file, START, END, data5Section(r), "## 数据量");
}
