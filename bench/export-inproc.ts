// The ledger export's own cost without HTTP: the province's disputes at EXPORT_ROWS rows (default 100,000), the same
// rendered body the route answers with, read to the end EXPORT_LOOPS times per format; CPU of this process and of
// PostgreSQL (all its processes) per export, wall time, bytes, and this process's RSS. For profiling:
//   npx tsx bench/export-inproc.ts   (EXPORT_PROF=out.cpuprofile: a CPU profile of the exports alone)
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import fs from "node:fs";
import inspector from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { makeScope, recordsIn } from "@/lib/auth/scope";
import { exportResponse } from "@/lib/io/export-response";
import { LEDGERS } from "@/lib/ledgers/configs";
import { ledgerRenderQuery, renderedLedgerExport } from "@/lib/ledgers/export";
import { generateProvince } from "./generate";
import { childrenOf, procCpuMs } from "./http";
import { prepareDatabase } from "./setup";

const ROWS = Number(process.env.EXPORT_ROWS ?? 100_000);
const LOOPS = Number(process.env.EXPORT_LOOPS ?? 3);
const FORMATS = (process.env.EXPORT_FORMATS ?? "csv,xlsx").split(",") as ("csv" | "xlsx")[];
const log = (l: string) => console.log(l);

/** the measurement, in a process of its own (the data generation leaves a heap of 1 GB+ whose GC would be measured) */
async function measure(url: string, dataDir: string) {
  process.env.DATABASE_URL = url;
  const { createPrismaClient } = await import("@/lib/db/client");
  const env = { url, pg: { dataDir }, db: createPrismaClient(url, { max: 2 }) };
  try {
    const c = new pg.Client({ connectionString: env.url });
    await c.connect();
    const have = Number((await c.query("SELECT count(*) AS n FROM disputes")).rows[0].n);
    if (ROWS < have) await c.query(`DELETE FROM disputes WHERE id >= (SELECT id FROM disputes ORDER BY id OFFSET ${ROWS} LIMIT 1)`);
    if (ROWS > have) {
      const cols = (await c.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'disputes' AND column_name <> 'id' ORDER BY ordinal_position")).rows.map((r) => r.column_name as string);
      const expr = cols.map((col) => (col === "code" ? `d.code || '-B' || g.i` : col === "import_key" ? "NULL" : `d."${col}"`));
      await c.query(`INSERT INTO disputes (${cols.map((x) => `"${x}"`).join(", ")}) SELECT ${expr.join(", ")} FROM disputes d CROSS JOIN generate_series(1, ${Math.ceil((ROWS - have) / have)}) g(i) LIMIT ${ROWS - have}`);
    }
    await c.query("ANALYZE disputes");
    await c.end();
    const postmaster = Number(fs.readFileSync(path.join(env.pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const pgCpu = () => procCpuMs([postmaster, ...childrenOf(postmaster)]);
    const config = LEDGERS.disputes;
    // the list's where and order without filters (lib/ledgers/queries.ts ledgerWhere/ledgerOrderBy; that module is
    // server-only)
    const where = { AND: [recordsIn(makeScope("/62/"))] };
    const orderBy = [{ [config.dateField]: "desc" }, { id: "desc" }];
    if (process.env.EXPORT_EXPLAIN) {
      const q = ledgerRenderQuery(config, where, orderBy);
      const e = new pg.Client({ connectionString: env.url });
      await e.connect();
      await e.query("SET TimeZone = 'Asia/Shanghai'");
      for (const r of (await e.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values)).rows) log(r["QUERY PLAN"]);
      await e.end();
    }
    // EXPORT_PROF=<file.cpuprofile>: a CPU profile of the measured exports only (not of the data generation)
    const prof = process.env.EXPORT_PROF ? new inspector.Session() : null;
    if (prof) {
      prof.connect();
      await prof.post("Profiler.enable");
      await prof.post("Profiler.start");
    }
    for (const format of FORMATS) {
      for (let i = 0; i <= LOOPS; i++) {
        const rss0 = process.memoryUsage().rss;
        let rssPeak = rss0;
        const c0 = process.cpuUsage();
        const elu0 = performance.eventLoopUtilization();
        const p0 = pgCpu();
        const t0 = performance.now();
        const rendered = await renderedLedgerExport(config, where, orderBy, new Date(), format);
        const res = exportResponse(format, "bench", { name: "bench", ...rendered }, ROWS);
        let bytes = 0;
        let k = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          if (++k % 16 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(c0);
        // the main thread's busy time (the rest of Node's CPU is zlib's deflate on the libuv thread pool)
        const main = performance.eventLoopUtilization(elu0).active;
        const pgMs = pgCpu() - p0;
        log(
          `${i === 0 ? "warm " : "run  "}${format} ${ROWS} rows: ${ms.toFixed(0)} ms wall, Node CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (main thread ${main.toFixed(0)}), PG CPU ${pgMs.toFixed(0)} ms, ${(bytes / 2 ** 20).toFixed(1)} MB, RSS ${(rss0 / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MB, load ${os.loadavg()[0].toFixed(1)}`,
        );
      }
    }
    if (prof) {
      const { profile } = await prof.post("Profiler.stop");
      fs.writeFileSync(process.env.EXPORT_PROF!, JSON.stringify(profile));
    }
  } finally {
    await env.db.$disconnect();
  }
}

async function main() {
  if (process.env.EXPORT_DB_URL) return measure(process.env.EXPORT_DB_URL, process.env.EXPORT_PG_DATA!);
  const env = await prepareDatabase(log);
  try {
    await generateProvince(env.db, env.url, { log: () => {}, ledgerRows: 20_000, progressUpdates: 2_000 });
    const childEnv = { ...process.env, EXPORT_DB_URL: env.url, EXPORT_PG_DATA: env.pg.dataDir };
    spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: childEnv });
    // EXPORT_HOLD=<file>: keep the database until that file exists (measure again with the printed environment)
    const hold = process.env.EXPORT_HOLD;
    if (hold) {
      log(`EXPORT_DB_URL=${env.url} EXPORT_PG_DATA=${env.pg.dataDir}`);
      while (!fs.existsSync(hold)) await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    await env.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
