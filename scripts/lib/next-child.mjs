// The web server process. `start -p PORT [-H HOST]` serves the production build through Next's documented custom
// server API, so that the client address is trustworthy: a client can put anything into X-Forwarded-For, and
// `next start` passes such a header on untouched, which would let an attacker dodge the per-address login throttle
// and forge the address in the audit log. Here the X-Forwarded-* headers a client sends are dropped and replaced
// by the socket's address, unless TRUST_PROXY=1 says a reverse proxy in front of us sets them (it must then
// overwrite or append, and lib/http/client-ip.ts takes the last entry).
// Any other command is passed to the Next.js CLI unchanged.
//
// `start` also runs the import worker (scripts/import-worker.ts) as a child process, restarted if it dies: imports
// are parsed, checked and written there, so that a 100,000-row file never stalls this server's event loop.
// IMPORT_WORKER=0 leaves it out (e.g. on app servers where a separate worker host runs it).
//
// The process exits as soon as the process that started it is gone — even when that parent was killed with
// SIGKILL and could not stop us itself. Without this an orphaned web server would keep the port.
import { spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

const args = process.argv.slice(2);
if (args[0] !== "start") {
  process.argv = [process.argv[0], "next", ...args];
  await import("next/dist/bin/next");
} else {
  const t0 = Date.now();
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const port = Number(opt("-p", process.env.PORT ?? "3000"));
  const hostname = opt("-H", undefined);
  const trustProxy = process.env.TRUST_PROXY === "1";
  const { default: next } = await import("next");
  const worker = process.env.IMPORT_WORKER === "0" ? null : superviseImportWorker();
  const app = next({ dev: false, dir: process.cwd(), port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
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
  server.listen(port, hostname, () => console.log(`✓ Ready in ${Date.now() - t0}ms on http://${hostname ?? "localhost"}:${port}`));
  const stop = () => {
    worker?.stop();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
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
