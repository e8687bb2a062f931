// npx tsx bench/shell-page.ts — the fixed per-page cost alone, on the demo data (no province generation: ~1 minute).
// A throwaway PostgreSQL, migrated and seeded with the demo; the production build served by scripts/lib/next-child.mjs
// (WEB_CONCURRENCY=1 by default, so that the CPU of one web process is what is measured); per user: warm-up, then
// BENCH_RUNS (200) sequential requests of the 「仅框架页」 /account/password (session check, layout and navigation,
// no business data), each read to the end. Prints p50/p95 and the CPU time per request of the web process(es) and of
// PostgreSQL (/proc). SESSION_CACHE=0 in the environment measures the same build without the session cache.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createPrismaClient } from "@/lib/db/client";
import { freePort, startThrowawayPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/schema-engine";
import { runSeed } from "@/lib/seed";
import { childrenOf, getPage, login, procCpuMs, stats, stopChild, waitReady, webProcesses } from "./http";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const USERS = (process.env.BENCH_USERS ?? "sheng_zhihui,lanzhou_zhihui").split(",");
const PAGE = "/account/password";

async function main() {
  const pgServer = await startThrowawayPostgres("pingan-shell-bench");
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort();
  let web: ReturnType<typeof spawn> | null = null;
  try {
    await applyMigrations(pgServer.url);
    const db = createPrismaClient(pgServer.url, { max: 2 });
    await runSeed(db, { demo: true });
    await db.$disconnect();
    const base = `http://127.0.0.1:${port}`;
    web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: pgServer.url,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
        NEXTAUTH_URL: `http://localhost:${port}`,
        PINGAN_SCHEDULER: "0",
        IMPORT_WORKER: "0",
        WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "1",
      },
    });
    await waitReady(base, web);
    const postmaster = Number(fs.readFileSync(path.join(pgServer.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const webPids = () => webProcesses(web!.pid ?? 0);
    const cpu = () => ({ node: procCpuMs(webPids()), pg: procCpuMs([postmaster, ...childrenOf(postmaster)]) });
    for (const user of USERS) {
      const jar = await login(base, user);
      for (let i = 0; i < WARMUP; i++) await getPage(base, PAGE, jar);
      const c0 = cpu();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await getPage(base, PAGE, jar);
        times.push(performance.now() - t);
      }
      const c1 = cpu();
      const s = stats(times);
      console.log(
        `${user}\t${PAGE}\tn=${s.n}\tp50 ${s.p50.toFixed(1)} ms\tp95 ${s.p95.toFixed(1)} ms\tCPU/请求 Node ${((c1.node - c0.node) / RUNS).toFixed(2)} ms\tPostgreSQL ${((c1.pg - c0.pg) / RUNS).toFixed(2)} ms\t` +
          `SESSION_CACHE=${process.env.SESSION_CACHE ?? "1"}\tloadavg ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`,
      );
    }
  } finally {
    await stopChild(web);
    await pgServer.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
