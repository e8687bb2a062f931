// The processes of the multi-host test, started as two hosts and a load balancer would run them: app servers
// (scripts/lib/next-child.mjs start: the web server with its import worker; the report scheduler inside it) and
// nginx in the foreground with a temporary prefix, its configuration made from the repository's
// deploy/nginx/pingan.conf with only the upstream servers and the listen port replaced.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const NGINX_CONF = path.resolve("deploy/nginx/pingan.conf");

/** nginx from Debian's nginx-light (or any nginx on PATH); a clear Chinese message naming the package when missing. */
export function nginxBinary(): string {
  for (const c of [process.env.NGINX_BIN, "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]) if (c && fs.existsSync(c)) return c;
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error("找不到 nginx：多服务器测试需要它作负载均衡。请安装 Debian 软件包 nginx-light（apt-get install -y nginx-light；.ci/run 会在缺少时安装），或用 NGINX_BIN 指定 nginx 的路径。");
}

/**
 * The repository's site file with the test's addresses: every `server …;` line of the upstream block is replaced
 * by one line per app server (keeping the line's parameters), `listen …;` by the test's port. Throws when the file
 * no longer has exactly the shape the substitution expects (so the test cannot silently run another config).
 */
export function siteConfig(conf: string, upstreams: string[], listen: string): string {
  const block = /(upstream\s+pingan_app\s*\{)([\s\S]*?)(\n\})/m.exec(conf);
  if (!block) throw new Error(`${NGINX_CONF}: 没有 upstream pingan_app 块`);
  const serverLines = [...block[2].matchAll(/^([ \t]*)server[ \t]+(\S+)([ \t][^;\n]*)?;[ \t]*$/gm)];
  if (serverLines.length < 2) throw new Error(`${NGINX_CONF}: upstream 中应至少有两台应用服务器`);
  const [, indent, , params = ""] = serverLines[0];
  let body = block[2];
  for (const m of serverLines) body = body.replace(m[0], "\u0000");
  body = body.replace(/\u0000(\n\u0000)*/, upstreams.map((u) => `${indent}server ${u}${params};`).join("\n"));
  let out = conf.slice(0, block.index) + block[1] + body + block[3] + conf.slice(block.index + block[0].length);
  const listens = out.match(/^[ \t]*listen[ \t]+[^;\n]+;[ \t]*$/gm) ?? [];
  if (listens.length !== 1) throw new Error(`${NGINX_CONF}: 应只有一条 listen`);
  out = out.replace(/^([ \t]*)listen[ \t]+[^;\n]+;[ \t]*$/m, `$1listen ${listen};`);
  return out;
}

export interface Nginx {
  url: string;
  pid: number;
  prefix: string;
  stop(): Promise<void>;
}

/** nginx in the foreground (daemon off), everything under a temporary prefix; the site file included as in Debian's /etc/nginx/nginx.conf. */
export async function startNginx(opts: { upstreams: string[]; port: number; log: (m: string) => void }): Promise<Nginx> {
  const bin = nginxBinary();
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-nginx-"));
  fs.chmodSync(prefix, 0o755);
  for (const d of ["logs", "temp", "conf"]) fs.mkdirSync(path.join(prefix, d));
  fs.writeFileSync(path.join(prefix, "conf", "pingan.conf"), siteConfig(fs.readFileSync(NGINX_CONF, "utf8"), opts.upstreams, `127.0.0.1:${opts.port}`));
  // the parts of Debian's nginx.conf the site file relies on, with every path under the prefix
  const main = [
    "worker_processes 1;",
    "error_log stderr warn;",
    // as root, nginx's workers would run as nobody: fine for proxying (no files are served)
    "events { worker_connections 1024; }",
    "http {",
    // what the test reads: the method, the path, the answer, and each upstream tried with its answer
    '  log_format multi "$request_method\\t$request_uri\\t$status\\t$upstream_addr\\t$upstream_status\\t$request_time";',
    "  access_log logs/access.log multi;",
    "  client_body_temp_path temp/body;",
    "  proxy_temp_path temp/proxy;",
    "  fastcgi_temp_path temp/fastcgi;",
    "  uwsgi_temp_path temp/uwsgi;",
    "  scgi_temp_path temp/scgi;",
    "  include pingan.conf;",
    "}",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(prefix, "conf", "nginx.conf"), main);
  const pidFile = path.join(prefix, "logs", "nginx.pid");
  const args = ["-p", prefix, "-c", "conf/nginx.conf", "-e", "stderr", "-g", `daemon off; pid ${pidFile};`];
  const test = spawnSync(bin, [...args, "-t"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx 配置检查失败：${test.stderr}`);
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const onData = (d: Buffer) => {
    for (const l of d.toString().split("\n").filter(Boolean)) {
      lines.push(l);
      if (lines.length > 200) lines.shift();
      opts.log(`[nginx] ${l}`);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const url = `http://127.0.0.1:${opts.port}`;
  // (a failed bind is retried for a few seconds before nginx exits: meanwhile another program may answer on the port)
  try {
    await waitForHealth(`${url}/api/health`, 30_000, () => (child.exitCode !== null || lines.some((l) => l.includes("[emerg]")) ? `nginx 未能启动：${lines.join("\n")}` : null));
  } catch (e) {
    await stopChild(child, "SIGQUIT", 5_000);
    fs.rmSync(prefix, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    pid: child.pid!,
    prefix,
    stop: async () => {
      await stopChild(child, "SIGQUIT", 10_000);
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

export interface AppServer {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** lines the server wrote (stdout and stderr), the newest last */
  output: string[];
}

export function startAppServer(name: string, port: number, env: Record<string, string>, log: (m: string) => void): AppServer {
  const child = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
  });
  const output: string[] = [];
  const onData = (d: Buffer) => {
    for (const l of d.toString().split("\n").filter(Boolean)) {
      output.push(l);
      if (output.length > 500) output.shift();
      log(`[${name}] ${l}`);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return { name, port, url: `http://127.0.0.1:${port}`, child, output };
}

export async function waitForHealth(url: string, ms: number, failed: () => string | null = () => null): Promise<void> {
  const end = Date.now() + ms;
  let last = "";
  while (Date.now() < end) {
    const why = failed();
    if (why) throw new Error(why);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} 在 ${ms / 1000} 秒内没有就绪（${last}）`);
}

/** Signal a child and wait for it to exit; SIGKILL after `ms`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  await exited;
  clearTimeout(timer);
}

/** The watchdog (reaper.mjs): stops whatever this process started if it dies before cleaning up itself. */
export function startReaper(dirs: string[]): { addDir(d: string): void; stop(): void } {
  const stateFile = path.join(os.tmpdir(), `pingan-multi-reaper-${process.pid}.json`);
  const state = { dirs: [...dirs] };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  const child = spawn(process.execPath, [path.resolve("tests/multi-host/reaper.mjs"), String(process.pid), stateFile], { detached: true, stdio: "ignore" });
  child.unref();
  return {
    addDir(d) {
      state.dirs.push(d);
      fs.writeFileSync(stateFile, JSON.stringify(state));
    },
    stop() {
      try {
        process.kill(child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      fs.rmSync(stateFile, { force: true });
    },
  };
}
