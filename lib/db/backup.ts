// Backup and restore with PostgreSQL's own tools (pg_dump custom format, pg_restore). Node-only module.
//
// The dump and a manifest (row count and checksum of every table) are taken from one snapshot: a REPEATABLE READ
// transaction exports its snapshot, pg_dump reads through it (--snapshot), and the manifest is computed in the same
// transaction, so the two describe exactly the same data even while the platform keeps working. After a restore the
// restored database is fingerprinted again and compared with the manifest, table by table.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { shanghaiIso } from "@/lib/time";

export interface TableFingerprint {
  rows: number;
  /** md5 over the sorted md5s of the rows' text forms (order-independent, bounded memory) */
  md5: string;
}

export interface BackupManifest {
  format: "pingan-backup-1";
  createdAt: string;
  database: string;
  serverVersion: string;
  pgDump: string;
  file: string;
  bytes: number;
  sha256: string;
  tables: Record<string, TableFingerprint>;
}

/** libpq environment for a connection URL: the password travels in PGPASSWORD, never on a command line. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || "5432",
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, "")),
    PGCONNECT_TIMEOUT: "10",
  };
  const ssl = u.searchParams.get("sslmode");
  if (ssl) env.PGSSLMODE = ssl;
  const schema = u.searchParams.get("schema");
  if (schema && schema !== "public") throw new Error(`只支持 public 模式（连接串中 schema=${schema}）`);
  return env;
}

function majorOf(versionText: string): number {
  const m = /(\d+)(?:\.(\d+))?/.exec(versionText);
  return m ? Number(m[1]) : 0;
}

/**
 * The PostgreSQL client tool (pg_dump / pg_restore) to use: $PG_BIN/<tool>, else the newest
 * /usr/lib/postgresql/<major>/bin/<tool>, else <tool> on PATH. It must be at least as new as the server.
 */
export function findPgTool(tool: "pg_dump" | "pg_restore", serverMajor: number): { bin: string; version: string } {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(path.join(process.env.PG_BIN, tool));
  const lib = "/usr/lib/postgresql";
  if (fs.existsSync(lib)) {
    for (const v of fs.readdirSync(lib).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(lib, v, "bin", tool));
  }
  candidates.push(tool);
  const found: string[] = [];
  for (const bin of candidates) {
    try {
      const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
      found.push(`${bin}（${version}）`);
      if (majorOf(version.replace(/^\D+/, "")) >= serverMajor) return { bin, version };
    } catch {
      /* not there */
    }
  }
  throw new Error(
    `找不到可用的 ${tool}：数据库服务器为 PostgreSQL ${serverMajor}，需要同版本或更新的客户端工具。` +
      (found.length ? `已找到：${found.join("、")}。` : "") +
      `请安装 postgresql-client-${serverMajor}（Debian/Ubuntu：apt-get install postgresql-client），或设置 PG_BIN 指向其 bin 目录。`,
  );
}

export async function serverMajor(client: pg.Client): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ v: string; n: string }>("SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n");
  return { major: Math.floor(Number(rows[0].n) / 10000), version: rows[0].v };
}

/** Ordinary tables of the public schema (the migration bookkeeping included). */
export async function listTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    "SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

/** Row count and checksum of every table, read in the client's current transaction. */
export async function fingerprint(client: pg.Client): Promise<Record<string, TableFingerprint>> {
  const out: Record<string, TableFingerprint> = {};
  for (const t of await listTables(client)) {
    const id = client.escapeIdentifier(t);
    const { rows } = await client.query<{ n: string; h: string | null }>(
      `SELECT count(*)::text AS n, md5(coalesce(string_agg(r, '' ORDER BY r), '')) AS h FROM (SELECT md5(x::text) AS r FROM ${id} x) s`,
    );
    out[t] = { rows: Number(rows[0].n), md5: rows[0].h ?? "" };
  }
  return out;
}

export function compareFingerprints(expected: Record<string, TableFingerprint>, actual: Record<string, TableFingerprint>): string[] {
  const problems: string[] = [];
  for (const [t, e] of Object.entries(expected)) {
    const a = actual[t];
    if (!a) problems.push(`表 ${t} 缺失`);
    else if (a.rows !== e.rows) problems.push(`表 ${t} 行数不符：备份 ${e.rows}，恢复后 ${a.rows}`);
    else if (a.md5 !== e.md5) problems.push(`表 ${t} 内容校验和不符`);
  }
  for (const t of Object.keys(actual)) if (!(t in expected)) problems.push(`多出表 ${t}`);
  return problems;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ["ignore", "inherit", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} 失败（退出码 ${code}）：${err.trim().slice(-2000)}`))));
  });
}

/** Beijing time, like every time the platform shows, whatever the server's TZ. */
function stamp(at: Date): string {
  return shanghaiIso(at).replace(/[-:]/g, "").replace("T", "-");
}

export async function backupDatabase(url: string, dir: string, log: (m: string) => void = () => {}): Promise<{ file: string; manifest: BackupManifest }> {
  const env = libpqEnv(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const server = await serverMajor(client);
    const dump = findPgTool("pg_dump", server.major);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = new Date();
    const file = path.join(path.resolve(dir), `pingan-${env.PGDATABASE}-${stamp(now)}.dump`);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows } = await client.query<{ s: string }>("SELECT pg_export_snapshot() AS s");
    log(`pg_dump：${dump.version}；服务器 PostgreSQL ${server.version}`);
    const dumping = run(dump.bin, ["--format=custom", "--compress=6", `--snapshot=${rows[0].s}`, "--no-owner", "--no-privileges", `--file=${file}`], env);
    const tables = await fingerprint(client);
    await dumping;
    await client.query("COMMIT");
    fs.chmodSync(file, 0o600);
    const manifest: BackupManifest = {
      format: "pingan-backup-1",
      createdAt: now.toISOString(),
      database: env.PGDATABASE ?? "",
      serverVersion: server.version,
      pgDump: dump.version,
      file: path.basename(file),
      bytes: fs.statSync(file).size,
      sha256: await sha256File(file),
      tables,
    };
    fs.writeFileSync(`${file}.json`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return { file, manifest };
  } finally {
    await client.end().catch(() => {});
  }
}

async function sha256File(file: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const h = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export function readManifest(file: string): BackupManifest | null {
  const m = `${file}.json`;
  if (!fs.existsSync(m)) return null;
  const parsed = JSON.parse(fs.readFileSync(m, "utf8")) as BackupManifest;
  if (parsed.format !== "pingan-backup-1") throw new Error(`${m} 不是本平台的备份清单`);
  return parsed;
}

/**
 * Restores a dump into an empty database (refuses one that has tables), in one transaction, then compares the
 * result with the backup's manifest when it is there.
 */
export async function restoreDatabase(url: string, file: string, log: (m: string) => void = () => {}): Promise<{ tables: number; problems: string[]; verified: boolean }> {
  if (!fs.existsSync(file)) throw new Error(`备份文件不存在：${file}`);
  const manifest = readManifest(file);
  if (manifest) {
    const actual = await sha256File(file);
    if (actual !== manifest.sha256) throw new Error(`备份文件的 SHA-256 与清单不符（文件已损坏或被修改）：${file}`);
  }
  const env = libpqEnv(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await listTables(client);
    if (existing.length) {
      throw new Error(`目标数据库 ${env.PGDATABASE} 不是空的（已有 ${existing.length} 张表，例如 ${existing.slice(0, 3).join("、")}）。恢复只写入空数据库：请新建一个数据库，或在 DATABASE_URL 中指向空库。`);
    }
    const server = await serverMajor(client);
    const restore = findPgTool("pg_restore", server.major);
    log(`pg_restore：${restore.version}；服务器 PostgreSQL ${server.version}`);
    await run(restore.bin, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${env.PGDATABASE}`, file], env);
    if (!manifest) return { tables: (await listTables(client)).length, problems: [], verified: false };
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const actual = await fingerprint(client);
    await client.query("COMMIT");
    return { tables: Object.keys(actual).length, problems: compareFingerprints(manifest.tables, actual), verified: true };
  } finally {
    await client.end().catch(() => {});
  }
}
