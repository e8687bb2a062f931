// Read routing over streaming replicas (DATABASE_REPLICA_URL, one or more, comma-separated).
// Cockpit, report and list reads may go to a hot standby; writes, anything inside a write transaction, session and
// permission checks stay on the primary (lib/db.ts getDb). A replica is used only while it is up and at most
// REPLICA_MAX_LAG_SECONDS behind, and, for a user who has just written, only once it has replayed that user's write
// (the primary's WAL position after the write, carried by the browser in a cookie: several app servers share no
// memory). Replica health is checked in the background (every REPLICA_CHECK_MS per process), never on a page's path:
// a page only reads the last check. A query that still meets a replica going down is re-run on the primary.
// An own small router rather than @prisma/extension-read-replicas: that extension picks a replica at random and
// knows neither lag nor a user's last write.
import pg from "pg";
import { type Db, createPrismaClient } from "@/lib/db/client";

/** The browser's last write, as the primary's WAL position ("16/B374D848"): not secret, format-checked. */
export const WAL_COOKIE = "pingan-wal";

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** A PostgreSQL LSN ("XXXXXXXX/XXXXXXXX") as a number, or null when it is not one. */
export function parseLsn(s: string | null | undefined): bigint | null {
  const m = typeof s === "string" ? LSN.exec(s.trim()) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(n: bigint): string {
  return `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
}

export interface ReplicaStatus {
  /** host:port (no credentials) */
  name: string;
  up: boolean;
  /** used for reads right now (up, a standby, not too far behind, checked recently) */
  usable: boolean;
  replayLsn: string | null;
  /** the data on it is at least as new as this instant (primary clock) */
  asOf: Date | null;
  lagSeconds: number | null;
  checkedAt: Date | null;
  problem: string | null;
}

export interface ReadChoice {
  db: Db;
  source: "primary" | "replica";
  /** replica: the instant its data is current to; primary: null (the data is live) */
  asOf: Date | null;
  /** replica: at the last check it had replayed everything the primary had written (then asOf is that check) */
  inSync: boolean;
  replica: string | null;
  /** the chosen server's connection string (for a raw pg connection, e.g. COPY … TO STDOUT of an export) */
  url: string;
}

export interface ReadRouterOptions {
  maxLagSeconds: number;
  intervalMs: number;
  poolMax: number;
  log?: (line: string) => void;
}

interface Replica {
  name: string;
  url: string;
  db: Db;
  client: Db;
  probe: pg.Pool;
  up: boolean;
  standby: boolean;
  replayLsn: bigint | null;
  asOf: Date | null;
  lagSeconds: number | null;
  inSync: boolean;
  checkedAt: number;
  problem: string | null;
}

/** Errors that mean "this server cannot answer now" (down, shutting down, restarting, a recovery conflict). */
export function isUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const code = typeof err?.code === "string" ? err.code : "";
  if (["P1001", "P1002", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P02", "57P03", "40001", "08006", "08001", "08003"].includes(code)) return true;
  const text = `${String(err?.message ?? e)} ${err?.cause ? String((err.cause as { message?: unknown }).message ?? err.cause) : ""}`;
  return /ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|server closed the connection|database system is (shutting down|starting up|in recovery mode)|conflict with recovery|Can't reach database server|connection timeout|timeout exceeded when trying to connect/i.test(text);
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}`;
  } catch {
    return "（无效地址）";
  }
}

/** A client on the replica whose every query is re-run on the primary if the replica cannot answer. */
function withFallback(client: Db, primary: Db, onDown: (e: unknown) => void): Db {
  const extended = client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        try {
          return await query(args);
        } catch (e) {
          if (!isUnavailable(e)) throw e;
          onDown(e);
          const p = primary as unknown as Record<string, unknown>;
          if (model) {
            const delegate = p[model.charAt(0).toLowerCase() + model.slice(1)] as Record<string, (a: unknown) => Promise<unknown>>;
            return delegate[operation](args);
          }
          const fn = p[operation] as (...a: unknown[]) => Promise<unknown>;
          return Array.isArray(args) ? fn.apply(primary, args) : fn.call(primary, args);
        }
      },
    },
  });
  return extended as unknown as Db;
}

export class ReadRouter {
  private readonly replicas: Replica[];
  private readonly primaryProbe: pg.Pool;
  /** recent (primary WAL position, primary time) pairs: how new a replay position is */
  private samples: { lsn: bigint; at: Date }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private next = 0;

  constructor(
    private readonly primary: Db,
    private readonly primaryUrl: string,
    replicaUrls: string[],
    private readonly o: ReadRouterOptions,
  ) {
    const probe = (url: string) => {
      const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2_000, idleTimeoutMillis: 30_000, query_timeout: 2_000, application_name: "pingan_replica_check" });
      pool.on("error", () => {}); // an idle probe connection cut by a restart: the next check reconnects
      return pool;
    };
    this.primaryProbe = probe(primaryUrl);
    this.replicas = replicaUrls.map((url) => {
      const client = createPrismaClient(url, { max: o.poolMax });
      const r: Replica = { name: hostOf(url), url, client, db: client, probe: probe(url), up: false, standby: false, replayLsn: null, asOf: null, lagSeconds: null, inSync: false, checkedAt: 0, problem: "尚未检查" };
      r.db = withFallback(client, primary, (e) => {
        if (r.up) o.log?.(`[db] 只读副本 ${r.name} 无法应答，改由主库读取：${e instanceof Error ? e.message.split("\n").pop() : String(e)}`);
        r.up = false;
        r.problem = "无法连接";
      });
      return r;
    });
  }

  /** Begin the background checks (the first one right away). */
  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.o.intervalMs);
    this.timer.unref();
  }

  /** One round of checks (concurrent rounds share one). */
  check(): Promise<void> {
    this.running ??= this.checkRound().finally(() => (this.running = null));
    return this.running;
  }

  private async checkRound(): Promise<void> {
    try {
      const { rows } = await this.primaryProbe.query<{ lsn: string; at: Date }>("SELECT pg_current_wal_lsn()::text AS lsn, clock_timestamp() AS at");
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== null) {
        this.samples.push({ lsn, at: rows[0].at });
        if (this.samples.length > 300) this.samples.shift();
      }
    } catch {
      /* primary unreachable: the replicas' own replay times still tell their age */
    }
    await Promise.all(this.replicas.map((r) => this.checkReplica(r)));
  }

  private async checkReplica(r: Replica): Promise<void> {
    try {
      const { rows } = await r.probe.query<{ standby: boolean; lsn: string | null; replayed: Date | null; now: Date }>(
        "SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn, pg_last_xact_replay_timestamp() AS replayed, clock_timestamp() AS now",
      );
      const row = rows[0];
      const lsn = parseLsn(row.lsn);
      // as new as the last primary sample this replay position covers, and never older than the last replayed commit
      let asOf: Date | null = row.replayed;
      if (lsn !== null) {
        for (let i = this.samples.length - 1; i >= 0; i--) {
          if (this.samples[i].lsn <= lsn) {
            if (!asOf || this.samples[i].at > asOf) asOf = this.samples[i].at;
            break;
          }
        }
      }
      const latest = this.samples.at(-1)?.at ?? row.now;
      const wasUp = r.up;
      r.standby = row.standby;
      r.up = true;
      r.replayLsn = lsn;
      r.asOf = asOf;
      const last = this.samples.at(-1);
      r.inSync = lsn !== null && last !== undefined && last.lsn <= lsn;
      r.lagSeconds = asOf ? Math.max(0, (latest.getTime() - asOf.getTime()) / 1000) : null;
      r.problem = !row.standby ? "不是备库（未处于恢复状态），不用于读取" : r.lagSeconds === null ? "尚无复制进度" : r.lagSeconds > this.o.maxLagSeconds ? `落后 ${Math.round(r.lagSeconds)} 秒，超过 ${this.o.maxLagSeconds} 秒` : null;
      if (!wasUp) this.o.log?.(`[db] 只读副本 ${r.name} 可以连接${r.problem ? `（${r.problem}）` : ""}`);
    } catch (e) {
      if (r.up) this.o.log?.(`[db] 只读副本 ${r.name} 无法连接，读取改走主库：${e instanceof Error ? e.message : String(e)}`);
      r.up = false;
      r.problem = "无法连接";
    }
    r.checkedAt = Date.now();
  }

  private usable(r: Replica): boolean {
    const fresh = Date.now() - r.checkedAt <= Math.max(3 * this.o.intervalMs, 3_000);
    return fresh && r.up && r.standby && r.problem === null && r.replayLsn !== null;
  }

  /**
   * Where a read goes: a usable replica that has replayed `minLsn` (the reader's last write), else the primary.
   * Costs no query: it reads the last background check.
   */
  pick(minLsn: bigint | null): ReadChoice {
    const ok = this.replicas.filter((r) => this.usable(r) && (minLsn === null || r.replayLsn! >= minLsn));
    if (!ok.length) return { db: this.primary, source: "primary", asOf: null, inSync: true, replica: null, url: this.primaryUrl };
    const r = ok[this.next++ % ok.length];
    return { db: r.db, source: "replica", asOf: r.asOf, inSync: r.inSync, replica: r.name, url: r.url };
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name,
      up: r.up,
      usable: this.usable(r),
      replayLsn: r.replayLsn === null ? null : formatLsn(r.replayLsn),
      asOf: r.asOf,
      lagSeconds: r.lagSeconds,
      checkedAt: r.checkedAt ? new Date(r.checkedAt) : null,
      problem: r.problem,
    }));
  }

  /** The primary's WAL position now (after a write has committed): what the writer's next reads must see. */
  async primaryLsn(): Promise<string | null> {
    const rows = await this.primary.$queryRawUnsafe<{ lsn: string }[]>("SELECT pg_current_wal_lsn()::text AS lsn");
    return parseLsn(rows[0]?.lsn) === null ? null : rows[0].lsn;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
    await Promise.all([this.primaryProbe.end().catch(() => {}), ...this.replicas.flatMap((r) => [r.probe.end().catch(() => {}), r.client.$disconnect().catch(() => {})])]);
  }
}

/** DATABASE_REPLICA_URL split on commas (blank parts ignored). */
export function replicaUrlsFromEnv(value = process.env.DATABASE_REPLICA_URL): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function routerOptionsFromEnv(): ReadRouterOptions {
  const num = (v: string | undefined, dflt: number, min: number) => {
    const n = Number(v);
    return v !== undefined && v.trim() !== "" && Number.isFinite(n) && n >= min ? n : dflt;
  };
  return {
    maxLagSeconds: num(process.env.REPLICA_MAX_LAG_SECONDS, 10, 0),
    intervalMs: num(process.env.REPLICA_CHECK_MS, 1_000, 100),
    poolMax: num(process.env.DB_POOL_SIZE, 10, 1),
    log: (l) => console.warn(l),
  };
}

/** How long the write cookie matters: past this, any replica in use has replayed the write anyway. */
export function walCookieMaxAge(o: Pick<ReadRouterOptions, "maxLagSeconds" | "intervalMs">): number {
  return Math.max(60, Math.ceil(2 * o.maxLagSeconds + (3 * o.intervalMs) / 1000 + 5));
}
