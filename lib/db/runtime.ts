// Which PostgreSQL the command-line tools (start, migrate, seed, plan import, backup) use:
// DATABASE_URL when set (production), otherwise the embedded instance under .data/postgres.
// Node-only module.
import fs from "node:fs";
import path from "node:path";
import { effectiveDataDir, ownedByLiveProcess, portInUse, startEmbeddedPostgres } from "./embedded";

export const DATA_DIR = path.resolve(process.env.PINGAN_DATA_DIR ?? ".data");
export const EMBEDDED_DATA_DIR = path.join(DATA_DIR, "postgres");
export const EMBEDDED_DATABASE = "pingan";

export interface ResolvedDatabase {
  url: string;
  /** true on the embedded default (demo data is loaded there) */
  embedded: boolean;
  /** stops the embedded server when this process started it; a no-op otherwise */
  stop: () => Promise<void>;
}

export function embeddedPort(): number {
  const raw = process.env.EMBEDDED_PG_PORT ?? "5433";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`EMBEDDED_PG_PORT 无效：${raw}（应为 1–65535 的整数）`);
  }
  return port;
}

/**
 * The embedded server of a running `npm start` (another process owns it): its postmaster.pid names a live
 * postmaster whose parent is a live node process. Tools then connect to it instead of starting a second server.
 */
async function runningEmbeddedUrl(port: number): Promise<string | null> {
  // as root in a private folder the data lives under /var/tmp (lib/db/embedded.ts)
  const dataDir = effectiveDataDir(EMBEDDED_DATA_DIR);
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const filePort = Number(lines[3]);
  if (!(pid > 0) || filePort !== port || !ownedByLiveProcess(pid)) return null;
  if (!(await portInUse(port))) return null;
  const pwFile = `${dataDir}.password`;
  if (!fs.existsSync(pwFile)) return null;
  const pw = fs.readFileSync(pwFile, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
}

export async function resolveDatabase(log: (l: string) => void = () => {}): Promise<ResolvedDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) return { url: external, embedded: false, stop: async () => {} };

  const port = embeddedPort();
  const running = await runningEmbeddedUrl(port);
  if (running) {
    log(`[db] 使用正在运行的内置 PostgreSQL（端口 ${port}）`);
    return { url: running, embedded: true, stop: async () => {} };
  }
  const handle = await startEmbeddedPostgres({
    dataDir: EMBEDDED_DATA_DIR,
    port,
    database: EMBEDDED_DATABASE,
    persistent: true,
    log: (l) => {
      if (/FATAL|PANIC|ERROR/.test(l)) log(`[db] ${l}`);
    },
    notice: log,
  });
  const shown = path.relative(process.cwd(), handle.dataDir);
  log(`[db] 内置 PostgreSQL 已启动：127.0.0.1:${port}，数据目录 ${shown.startsWith("..") ? handle.dataDir : shown}`);
  return { url: handle.url, embedded: true, stop: handle.stop };
}
