// PrismaClient over the pg driver adapter (no engine binary). The app uses the singleton in lib/db.ts; command-line
// tools and tests create their own with this factory.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type Db = PrismaClient;
/** the client inside `db.$transaction(async (tx) => …)` */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createPrismaClient(connectionString: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: opts.max ?? 10, idleTimeoutMillis: 30_000 });
  return new PrismaClient({ adapter });
}
