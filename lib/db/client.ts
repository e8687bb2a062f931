// PrismaClient over the pg driver adapter (no engine binary). The app uses the singleton in lib/db.ts; command-line
// tools and tests create their own with this factory.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** the client inside `db.$transaction(async (tx) => …)` */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Names for prepared statements, so that each connection parses a statement once and PostgreSQL may keep its plan:
 * the same SQL text gets the same name in every connection of the process. At most `limit` texts are named (the hot
 * ones come first and stay; any text after that runs unnamed, as before): every name is kept by each connection and
 * by its server process, and texts differ with the length of an IN list. Null when turned off.
 */
export function statementNames(limit: number): ((q: { sql: string }) => string) | null {
  if (limit <= 0) return null;
  const names = new Map<string, string>();
  return (q) => {
    let name = names.get(q.sql);
    if (name === undefined && names.size < limit) names.set(q.sql, (name = `p${names.size + 1}`));
    // unnamed: node-postgres sends it as before (Parse, Bind, Execute of the unnamed statement)
    return name as string;
  };
}

/** A whole number ≥ 0 from the environment variable `name`, else `fallback` (unset, empty or not such a number). */
export function countFromEnv(name: string, fallback: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name];
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** DB_PREPARED_STATEMENTS: how many distinct statements a process prepares (default 300; 0: none — e.g. behind PgBouncer in transaction mode before 1.21). */
export function preparedLimitFromEnv(env: Record<string, string | undefined> = process.env): number {
  return countFromEnv("DB_PREPARED_STATEMENTS", 300, env);
}

export function createPrismaClient(connectionString: string, opts: { max?: number; prepared?: number } = {}): PrismaClient {
  const names = statementNames(opts.prepared ?? preparedLimitFromEnv());
  // a prepared statement is still planned for its parameters at every execution (force_custom_plan): PostgreSQL's
  // generic plan after five executions made some reads several times slower (the analyst's province-wide ledger
  // list: 18 → 86 ms), where the parameters decide whether an index pays; what is saved is parsing and analysis
  // the pool is made here (not by the adapter) so that its load can be read (poolOf); $disconnect still ends it
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, idleTimeoutMillis: 30_000, ...(names ? { options: "-c plan_cache_mode=force_custom_plan" } : {}) });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, ...(names ? { statementNameGenerator: names } : {}) });
  // an interactive transaction (a login, every write) waits up to 10 s for a connection and may run 15 s: Prisma's
  // defaults (2 s and 5 s) made logins and writes fail with "Unable to start a transaction in the given time" as
  // soon as 200 people at once kept the pool busy (bench/load.ts); under load that is latency, not an error
  const client = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** The connection pool of a client made by createPrismaClient: its size and how many statements wait for it. */
export function poolOf(db: PrismaClient): pg.Pool | undefined {
  return pools.get(db);
}
