// `npm run bench`, import section — also runnable alone: `npx tsx bench/import.ts` (a throwaway database with the
// reference data and demo accounts, the production build, one app server with its import worker).
//
// A 100,000-row GBK CSV of the dispute ledger (≈ 6.6 MB, the size that once stalled the server for minutes) is
// uploaded for 城关区 and imported by the app server's import worker, while
//   - GET /api/health is requested one after another (100 ms apart),
//   - another user (兰州市 commander) loads pages one after another (the city cockpit, the dispute list; 200 ms apart).
// Reported: the import time (job created → DONE, from the job row), the CPU the worker, the web server and PostgreSQL
// spent, and the p95 of the health checks and of the page loads while the import ran.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { freePort } from "@/lib/db/embedded";
import { createImportJob } from "@/lib/imports/jobs";
import { buildIfNeeded } from "../scripts/lib/build";
import { disputeCsvGbk } from "../tests/support/dispute-csv";
import { type Stats, childrenOf, getPage, login, procCpuMs, stats, waitReady } from "./http";
import { prepareDatabase } from "./setup";

export const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
export const IMPORT_TARGETS = { seconds: 20, healthP95: 200, pageP95: 1000 };
const UPLOADER = "chengguan_minjing";
const UPLOAD_UNIT = "620102";
const PAGE_USER = "lanzhou_zhihui";
const PAGES = ["/cockpit/6201", "/ledgers/disputes"];

export interface ImportBench {
  rows: number;
  bytes: number;
  seconds: number;
  status: string;
  inserted: number;
  cpu: { worker: number; web: number; pg: number };
  health: Stats;
  pages: Stats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** the import worker started by the app server (scripts/lib/next-child.mjs) */
function workerPid(webPid: number): number | null {
  for (const pid of childrenOf(webPid)) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("import-worker")) return pid;
    } catch {
      /* gone */
    }
  }
  return null;
}

export async function benchImport(o: { base: string; db: Db; webPid: number; pgPids: () => number[]; log: (l: string) => void }): Promise<ImportBench> {
  const { base, db, log } = o;
  const tag = `压${Date.now() % 1000}`;
  const bytes = disputeCsvGbk(IMPORT_ROWS, tag);
  const officer = await db.user.findUniqueOrThrow({ where: { username: UPLOADER }, select: { id: true } });
  const unit = await db.unit.findUniqueOrThrow({ where: { code: UPLOAD_UNIT }, select: { id: true, path: true } });
  const jar = await login(base, PAGE_USER);
  for (const p of PAGES) await getPage(base, p, jar); // warm
  const worker = workerPid(o.webPid);
  if (!worker) throw new Error("没有找到导入处理进程（scripts/import-worker.ts）");

  const cpu0 = { worker: procCpuMs([worker]), web: procCpuMs([o.webPid]), pg: procCpuMs(o.pgPids()) };
  // the upload as the import action stores it (the action's own work is a single INSERT of the file)
  const job = await db.$transaction(
    (tx) => createImportJob(tx, { kind: "ledger", ledger: "disputes", unitId: unit.id, unitPath: unit.path, createdById: officer.id, file: new File([bytes as unknown as Uint8Array<ArrayBuffer>], "纠纷台账_十万行.csv") }),
    { timeout: 60_000 },
  );
  log(`[bench] 导入：任务 ${job.id}，${IMPORT_ROWS.toLocaleString("en-US")} 行 GBK CSV（${(bytes.length / 2 ** 20).toFixed(1)} MB）`);
  let done = false;
  const health: number[] = [];
  const pages: number[] = [];
  const healthLoop = (async () => {
    while (!done) {
      const t = performance.now();
      const r = await fetch(`${base}/api/health`);
      await r.arrayBuffer();
      health.push(performance.now() - t);
      await sleep(100);
    }
  })();
  const pageLoop = (async () => {
    for (let i = 0; !done; i++) {
      const t = performance.now();
      await getPage(base, PAGES[i % PAGES.length], jar);
      pages.push(performance.now() - t);
      await sleep(200);
    }
  })();
  let final;
  for (;;) {
    final = await db.importJob.findUniqueOrThrow({ where: { id: job.id }, select: { status: true, inserted: true, processed: true, message: true, createdAt: true, finishedAt: true } });
    if (final.status === "DONE" || final.status === "FAILED") break;
    if (Date.now() - final.createdAt.getTime() > 15 * 60_000) throw new Error(`导入 15 分钟未完成（${final.status}）`);
    await sleep(100);
  }
  done = true;
  await Promise.all([healthLoop, pageLoop]);
  if (final.status !== "DONE") throw new Error(`导入失败：${final.message}`);
  const cpu = { worker: (procCpuMs([worker]) - cpu0.worker) / 1000, web: (procCpuMs([o.webPid]) - cpu0.web) / 1000, pg: (procCpuMs(o.pgPids()) - cpu0.pg) / 1000 };
  const r: ImportBench = {
    rows: IMPORT_ROWS,
    bytes: bytes.length,
    seconds: (final.finishedAt!.getTime() - final.createdAt.getTime()) / 1000,
    status: final.status,
    inserted: final.inserted,
    cpu,
    health: stats(health),
    pages: stats(pages),
  };
  // the rows go again, so that the sections measured after this one see the same data as before it
  await db.$executeRaw`DELETE FROM disputes WHERE unit_id = ${unit.id} AND created_by_id = ${officer.id} AND import_key IS NOT NULL AND summary LIKE ${`${tag}%`}`;
  await db.$executeRawUnsafe("VACUUM ANALYZE disputes");
  log(
    `[bench] 导入 ${r.inserted.toLocaleString("en-US")} 行用时 ${r.seconds.toFixed(1)} s（CPU：导入进程 ${cpu.worker.toFixed(1)} s，Web ${cpu.web.toFixed(1)} s，PostgreSQL ${cpu.pg.toFixed(1)} s）；` +
      `同时 /api/health p95 ${r.health.p95.toFixed(0)} ms（${r.health.n} 次），${PAGE_USER} 页面 p95 ${r.pages.p95.toFixed(0)} ms（${r.pages.n} 次）`,
  );
  return r;
}

export function importTable(r: ImportBench): string[] {
  const ok = (b: boolean) => (b ? "通过" : "未达标");
  return [
    `| 导入 ${r.rows.toLocaleString("en-US")} 行 GBK CSV（${(r.bytes / 2 ** 20).toFixed(1)} MB，矛盾纠纷台账）期间 | 测得 | 目标 | 结果 |`,
    "|---|--:|---|---|",
    `| 导入用时（任务创建 → 完成；CPU：导入进程 ${r.cpu.worker.toFixed(1)} s，Web ${r.cpu.web.toFixed(1)} s，PostgreSQL ${r.cpu.pg.toFixed(1)} s） | ${r.seconds.toFixed(1)} s | ≤ ${IMPORT_TARGETS.seconds} s | ${ok(r.seconds <= IMPORT_TARGETS.seconds)} |`,
    `| \`/api/health\` p95（${r.health.n} 次，max ${r.health.max.toFixed(0)} ms） | ${r.health.p95.toFixed(0)} ms | ≤ ${IMPORT_TARGETS.healthP95} ms | ${ok(r.health.p95 <= IMPORT_TARGETS.healthP95)} |`,
    `| 另一用户（${PAGE_USER}）页面 ${PAGES.join("、")} p95（${r.pages.n} 次，max ${r.pages.max.toFixed(0)} ms） | ${r.pages.p95.toFixed(0)} ms | ≤ ${IMPORT_TARGETS.pageP95} ms | ${ok(r.pages.p95 <= IMPORT_TARGETS.pageP95)} |`,
  ];
}

/** the section alone: a throwaway database (reference data, demo accounts), the production build, one app server */
async function alone() {
  const log = (l: string) => console.log(l);
  const env = await prepareDatabase(log);
  let web: ChildProcess | null = null;
  try {
    buildIfNeeded((m) => log(`[bench] ${m}`));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: env.url, DB_POOL_SIZE: "10", NEXTAUTH_SECRET: randomBytes(32).toString("base64"), NEXTAUTH_URL: `http://localhost:${port}`, PINGAN_SCHEDULER: "0" },
    });
    await waitReady(base, web);
    await sleep(1000); // the import worker connects
    const postmaster = Number(fs.readFileSync(path.join(env.pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    log(`[bench] ${os.cpus().length} 核，开始时负载 ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")}`);
    const r = await benchImport({ base, db: env.db, webPid: web.pid!, pgPids: () => [postmaster, ...childrenOf(postmaster)], log });
    log(`\n${importTable(r).join("\n")}`);
  } finally {
    if (web && web.exitCode === null) {
      web.kill("SIGTERM");
      await new Promise((r) => web!.once("exit", r));
    }
    await env.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("bench/import.ts")) {
  alone().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
