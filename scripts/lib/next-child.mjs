// The web server process. `start -p PORT [-H HOST]` serves the production build through Next's documented custom
// server API, so that the client address is trustworthy: a client can put anything into X-Forwarded-For, and
// `next start` passes such a header on untouched, which would let an attacker dodge the per-address login throttle
// and forge the address in the audit log. Here the X-Forwarded-* headers a client sends are dropped and replaced
// by the socket's address, unless TRUST_PROXY=1 says a reverse proxy in front of us sets them (it must then
// overwrite or append, and lib/http/client-ip.ts takes the last entry).
// Any other command is passed to the Next.js CLI unchanged.
//
// `start` runs WEB_CONCURRENCY web processes (default: the number of cores) on the one port with node:cluster — see
// runPrimary below; WEB_CONCURRENCY=1 serves from this process itself.
//
// `start` also runs the import worker (scripts/import-worker.ts) as a child process, restarted if it dies: imports
// are parsed, checked and written there, so that a 100,000-row file never stalls this server's event loop.
// IMPORT_WORKER=0 leaves it out (e.g. on app servers where a separate worker host runs it).
//
// The process exits as soon as the process that started it is gone — even when that parent was killed with
// SIGKILL and could not stop us itself. Without this an orphaned web server would keep the port.
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { relaySharedReads } from "./shared-relay.mjs";

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

const args = process.argv.slice(2);
if (args[0] !== "start") {
  process.argv = [process.argv[0], "next", ...args];
  await import("next/dist/bin/next");
} else {
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const port = Number(opt("-p", process.env.PORT ?? "3000"));
  const hostname = opt("-H", undefined);
  const processes = webConcurrency();
  if (cluster.isWorker) {
    await serve(port, hostname, { worker: true });
  } else if (processes <= 1) {
    // one process: the server runs here, beside the import worker (as before WEB_CONCURRENCY)
    const worker = process.env.IMPORT_WORKER === "0" ? null : superviseImportWorker();
    await serve(port, hostname, { worker: false, onStop: () => worker?.stop() });
  } else {
    runPrimary(port, hostname, processes);
  }
}

/** WEB_CONCURRENCY: how many web processes (default: the number of cores this process may use). */
function webConcurrency() {
  const raw = process.env.WEB_CONCURRENCY?.trim();
  if (!raw) return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`[server] WEB_CONCURRENCY 无效：${raw}（应为 1–64 的整数），按 1 个 Web 进程运行`);
    return 1;
  }
  return n;
}

/** One web process: Next's request handler behind our own HTTP server (see the header). */
async function serve(port, hostname, { worker, onStop }) {
  const t0 = Date.now();
  const trustProxy = process.env.TRUST_PROXY === "1";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const compress = gzipResponses();
  const server = http.createServer((req, res) => {
    compress(req, res);
    const peer = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    if (!trustProxy || !req.headers["x-forwarded-for"]) {
      for (const h of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"]) delete req.headers[h];
      req.headers["x-forwarded-for"] = peer;
    }
    handle(req, res).catch((e) => {
      console.error("[server]", e);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  // in a cluster worker, listen() shares the primary's socket: every worker accepts on the same port
  server.listen(port, hostname, () => {
    if (!worker) console.log(`✓ Ready in ${Date.now() - t0}ms on http://${hostname ?? "localhost"}:${port}`);
  });
  const stop = () => {
    onStop?.();
    server.close(() => process.exit(0));
    // idle keep-alive connections would hold close() open
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/**
 * The primary of WEB_CONCURRENCY web processes (node:cluster; the workers share the one listening socket, the primary
 * hands out connections round-robin). It serves nothing itself: it supervises the workers (a worker that dies is
 * started again, after 1 s, doubling up to 30 s while it keeps dying), runs the import worker once for the host, and on
 * SIGTERM/SIGINT stops them all. Only the first worker runs the timers of instrumentation.ts (report scheduler,
 * notification sweeps): the others get PINGAN_SCHEDULER=0. Across hosts each job is still claimed in the database.
 */
function runPrimary(port, hostname, processes) {
  const t0 = Date.now();
  const importWorker = process.env.IMPORT_WORKER === "0" ? null : superviseImportWorker();
  const slots = Array.from({ length: processes }, (_, i) => ({ index: i + 1, worker: null, delay: 500, started: 0, listening: false }));
  let stopping = false;
  let announced = false;
  const fork = (slot) => {
    const env = { PINGAN_WEB_PROCESS: String(slot.index) };
    if (slot.index > 1) env.PINGAN_SCHEDULER = "0";
    slot.started = Date.now();
    slot.listening = false;
    const w = cluster.fork(env);
    slot.worker = w;
    w.on("listening", () => {
      slot.listening = true;
      if (!announced && slots.every((s) => s.listening)) {
        announced = true;
        console.log(`✓ Ready in ${Date.now() - t0}ms on http://${hostname ?? "localhost"}:${port}（${processes} 个 Web 进程）`);
      }
    });
    w.on("exit", (code, signal) => {
      if (slot.worker === w) slot.worker = null;
      if (stopping) return;
      slot.delay = Date.now() - slot.started > 60_000 ? 1000 : Math.min(slot.delay * 2, 30_000);
      console.error(`[server] Web 进程 ${slot.index} 已退出（${signal ?? code}），${slot.delay / 1000} 秒后重启`);
      setTimeout(() => {
        if (!stopping) fork(slot);
      }, slot.delay).unref();
    });
  };
  slots.forEach(fork);
  // what one worker computed for a shared read reaches the others (lib/db/shared-peers.ts)
  relaySharedReads(cluster, () => slots.map((s) => s.worker));

  const stop = () => {
    if (stopping) return;
    stopping = true;
    importWorker?.stop();
    const alive = slots.map((s) => s.worker).filter((w) => w && w.exitCode === null && !w.isDead());
    for (const w of alive) w.process.kill("SIGTERM");
    const done = () => {
      if (slots.every((s) => !s.worker || s.worker.isDead())) process.exit(0);
    };
    for (const w of alive) w.on("exit", done);
    done();
    setTimeout(() => {
      for (const s of slots) if (s.worker && !s.worker.isDead()) s.worker.process.kill("SIGKILL");
      process.exit(0);
    }, 8000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // no worker outlives the primary (they also exit on their own when the IPC channel to it closes)
  process.on("exit", () => {
    for (const s of slots) if (s.worker && !s.worker.isDead()) s.worker.process.kill("SIGKILL");
  });
}

/**
 * gzip of the responses, done here instead of by Next.js (next.config.mjs: compress: false). Next's built-in compression
 * is this same middleware (next/dist/compiled/compression: gzip/deflate by Accept-Encoding, compressible types above
 * 1 KB, Vary: Accept-Encoding), but at zlib level 6 and not configurable, and Next flushes the zlib stream after every
 * chunk React writes (a full flush: a deflate block, a socket write, and the dictionary starts over). Here: level 1, and
 * the flushes of one turn of the event loop coalesced into one (setImmediate), so a streamed page still reaches the
 * browser part by part (a Suspense fallback, then the content). Measured on the 134 KB task list: zlib CPU 2.5 ms at
 * level 6 → 0.8 ms at level 1, 14 KB → 18 KB; per page (web process CPU from /proc) about 2–4 ms less. Downloads are
 * not compressed (below). GZIP=0 leaves all responses uncompressed (a reverse proxy in front that compresses itself).
 */
function gzipResponses() {
  if (process.env.GZIP === "0") return () => {};
  const require = createRequire(import.meta.url);
  const compression = require("next/dist/compiled/compression");
  // downloads (Content-Disposition: attachment — the exports, report files, evidence) are sent as they are: an XLSX
  // or PDF is already compressed, and a 100,000-row CSV (40 MB) cost ~300 ms of this process's CPU to gzip while
  // everyone's pages wait for the same cores (bench: 100k CSV 1035 → 840 ms, XLSX 2.8 → 2.1 s over HTTP). A proxy in
  // front may still compress them for slow links (nginx: gzip on; gzip_types text/csv).
  const download = (res) => /^\s*attachment/i.test(String(res.getHeader("content-disposition") ?? ""));
  const middleware = compression({ level: 1, filter: (req, res) => !download(res) && compression.filter(req, res) });
  const { releaseCompressionStream } = require("next/dist/server/lib/release-compression-stream");
  return (req, res) => {
    middleware(req, res, () => {});
    const flush = res.flush;
    let queued = false;
    res.flush = () => {
      if (queued) return;
      queued = true;
      setImmediate(() => {
        queued = false;
        flush.call(res);
      });
    };
    // as Next.js does: a client that disconnects mid-response would otherwise leave the zlib stream open
    res.once("close", () => {
      if (!res.writableFinished) releaseCompressionStream(res);
    });
  };
}

/** Runs the import worker (at a lower CPU priority) and restarts it when it exits (after 1 s, up to 30 s when it keeps dying). */
function superviseImportWorker() {
  let child = null;
  let stopped = false;
  let delay = 1000;
  const run = () => {
    const started = Date.now();
    child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/import-worker.ts")], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
    // below the web server's CPU priority: when both want the CPU, pages and health checks go first
    try {
      os.setPriority(child.pid, 10);
    } catch {
      /* not permitted here: runs at normal priority */
    }
    child.on("exit", (code, signal) => {
      if (stopped) return;
      delay = Date.now() - started > 60_000 ? 1000 : Math.min(delay * 2, 30_000);
      console.error(`[import] 导入处理进程已退出（${signal ?? code}），${delay / 1000} 秒后重启`);
      setTimeout(run, delay).unref();
    });
  };
  run();
  process.on("exit", () => child?.kill("SIGKILL"));
  return {
    stop() {
      stopped = true;
      child?.kill("SIGTERM");
    },
  };
}
