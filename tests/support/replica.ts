// A throwaway primary and a streaming hot-standby replica for tests (read routing, several app servers).
// The primary is an embedded PostgreSQL (lib/db/embedded.ts: as root it runs as the postgres user, binaries and data
// moved where that user can reach them); the replica is a `pg_basebackup -R` copy of it (Debian postgresql-client)
// run by the very same `postgres` binary the primary runs, as the same user, on its own free port.
// Linux only (reads /proc for the primary's binary), like the rest of the test machinery.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, startThrowawayPostgres } from "../../lib/db/embedded";

export interface PrimaryAndReplica {
  /** the primary (read-write), database pingan_test */
  primaryUrl: string;
  /** the hot standby (read-only), same database and credentials */
  replicaUrl: string;
  /** fast shutdown of the replica (its port stops answering; data kept) */
  stopReplica(): Promise<void>;
  /** start the replica again on the same port; resolves once it accepts read-only connections */
  startReplica(): Promise<void>;
  /** the replica's pg_last_wal_replay_lsn() as text, or null while it is down */
  replayLsn(): Promise<string | null>;
  /** stop both and remove their data */
  stop(): Promise<void>;
}

/** pg_basebackup of the same major version as the embedded server (Debian's per-version folder first). */
function basebackupBinary(major: string): string {
  const candidates = [`/usr/lib/postgresql/${major}/bin/pg_basebackup`, "/usr/bin/pg_basebackup", "/usr/local/bin/pg_basebackup"];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error("找不到 pg_basebackup：请安装 Debian 软件包 postgresql-client（.ci/run 会安装它）");
  return found;
}

function run(bin: string, args: string[], ids: { uid: number; gid: number }, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const asOther = ids.uid !== process.getuid?.();
    const c = spawn(bin, args, { ...(asOther ? { uid: ids.uid, gid: ids.gid } : {}), cwd: "/", env: { ...process.env, ...env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    c.stdout!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-2000)));
    c.stderr!.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-2000)));
    c.once("error", (e) => reject(new Error(`${path.basename(bin)}: ${e.message}`)));
    c.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} 失败（代码 ${code}）：${out.trim()}`))));
  });
}

const quote = (v: string) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

export async function startPrimaryAndReplica(opts: { name?: string } = {}): Promise<PrimaryAndReplica> {
  const name = (opts.name ?? "replica").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
  const primary = await startThrowawayPostgres(`pingan-${name}`);
  let replica: ChildProcess | null = null;
  let replicaDir = "";
  try {
    const url = new URL(primary.url);
    const password = decodeURIComponent(url.password);
    // the binary the primary runs and the user it runs as (postgres when we are root)
    const pid = Number(fs.readFileSync(path.join(primary.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const postgresBin = fs.readlinkSync(`/proc/${pid}/exe`);
    const st = fs.statSync(primary.dataDir);
    const ids = { uid: st.uid, gid: st.gid };
    const major = fs.readFileSync(path.join(primary.dataDir, "PG_VERSION"), "utf8").trim();

    // beside the primary's data: a folder the server's user already reaches
    replicaDir = path.join(path.dirname(primary.dataDir), `${name}-standby`);
    fs.mkdirSync(replicaDir, { mode: 0o700 });
    fs.chownSync(replicaDir, ids.uid, ids.gid);
    const applicationName = `pingan_${name}_standby`;
    const conninfo = `host=127.0.0.1 port=${primary.port} user=postgres password=${password} application_name=${applicationName}`;
    await run(basebackupBinary(major), ["-D", replicaDir, "-R", "-X", "stream", "-c", "fast", "-d", conninfo], ids, { PGPASSWORD: password });
    // -R wrote standby.signal and a primary_conninfo; state ours explicitly (the later line wins)
    fs.appendFileSync(path.join(replicaDir, "postgresql.auto.conf"), `primary_conninfo = ${quote(conninfo)}\n`);

    const port = await freePort();
    const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200", "-c", "shared_buffers=128MB", "-c", "timezone=UTC", "-c", "hot_standby=on", "-c", "wal_receiver_status_interval=1s"];
    const log: string[] = [];
    const onExit = () => replica?.kill("SIGINT");

    const startReplica = async (): Promise<void> => {
      if (replica) return;
      await new Promise<void>((resolve, reject) => {
        const asOther = ids.uid !== process.getuid?.();
        const c = spawn(postgresBin, ["-D", replicaDir, "-p", String(port), ...flags], { ...(asOther ? { uid: ids.uid, gid: ids.gid } : {}), cwd: "/", env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
        replica = c;
        let ready = false;
        const onData = (d: Buffer) => {
          const text = d.toString();
          log.push(text);
          if (log.length > 50) log.shift();
          if (!ready && /ready to accept read-only connections/.test(text)) {
            ready = true;
            resolve();
          }
        };
        c.stdout!.on("data", onData);
        c.stderr!.on("data", onData);
        c.once("error", (e) => reject(new Error(`无法运行 postgres（备库）：${e.message}`)));
        c.once("close", (code) => {
          replica = null;
          process.off("exit", onExit);
          if (!ready) reject(new Error(`备库 postgres 退出（代码 ${code}）：${log.join("").trim().slice(-800)}`));
        });
      });
      process.on("exit", onExit);
    };

    const stopReplica = async (): Promise<void> => {
      const c = replica;
      if (!c) return;
      const closed = new Promise<void>((r) => c.once("close", () => r()));
      c.kill("SIGINT"); // fast shutdown
      const timer = setTimeout(() => c.kill("SIGKILL"), 20_000);
      await closed;
      clearTimeout(timer);
    };

    await startReplica();
    const replicaUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}${url.pathname}`;

    const replayLsn = async (): Promise<string | null> => {
      if (!replica) return null;
      const client = new pg.Client({ connectionString: replicaUrl, connectionTimeoutMillis: 3_000 });
      try {
        await client.connect();
        const { rows } = await client.query<{ lsn: string | null }>("SELECT pg_last_wal_replay_lsn()::text AS lsn");
        return rows[0]?.lsn ?? null;
      } catch {
        return null;
      } finally {
        await client.end().catch(() => {});
      }
    };

    let stopped = false;
    return {
      primaryUrl: primary.url,
      replicaUrl,
      stopReplica,
      startReplica,
      replayLsn,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopReplica();
        fs.rmSync(replicaDir, { recursive: true, force: true });
        await primary.stop();
      },
    };
  } catch (e) {
    (replica as ChildProcess | null)?.kill("SIGKILL");
    if (replicaDir) fs.rmSync(replicaDir, { recursive: true, force: true });
    await primary.stop();
    throw e;
  }
}
