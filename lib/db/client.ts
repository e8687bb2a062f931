// PrismaClient over the pg driver adapter (no engine binary). The app uses the singleton in lib/db.ts; command-line
// tools and tests create their own with this factory.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** the client inside `db.$transaction(async (tx) => …)` */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createPrismaClient(connectionString: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: opts.max ?? 10, idleTimeoutMillis: 30_000 });
  // an interactive transaction (a login, every write) waits up to 10 s for a connection and may run 15 s: Prisma's
  // defaults (2 s and 5 s) made logins and writes fail with "Unable to start a transaction in the given time" as
  // soon as 200 people at once kept the pool busy (bench/load.ts); under load that is latency, not an error
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}
