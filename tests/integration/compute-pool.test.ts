// The compute pool (lib/db.ts getComputeReadDb): the statements that compute shared figures — a cockpit's widgets,
// the report view — run on their own small pool, so that a cold province cockpit (some 30 statements at once) does not
// take every connection of the main pool while the next officer's task list waits behind it; and when that small pool
// is saturated, a new computation uses the main pool instead of queueing without end. On a real PostgreSQL.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Db, poolOf } from "@/lib/db/client";
import { COMPUTE_BACKLOG_MAX_MS, COMPUTE_QUEUE_MAX, getComputeReadDb, getDb, getReadDb, sharedRead } from "@/lib/db";
import { setupTestDatabase } from "./helpers/db";

// the app's database for this file (lib/db.ts getDb), which the compute pool connects to as well
setupTestDatabase();
const holder = globalThis as unknown as { pinganComputeDb?: Db };
const saved = process.env.COMPUTE_POOL_SIZE;

afterEach(() => {
  if (saved === undefined) delete process.env.COMPUTE_POOL_SIZE;
  else process.env.COMPUTE_POOL_SIZE = saved;
});
afterAll(async () => {
  await holder.pinganComputeDb?.$disconnect();
});

const sleeps = (db: Db, n: number, seconds: number, done: () => void) => Array.from({ length: n }, () => db.$queryRawUnsafe(`SELECT pg_sleep(${seconds})::text AS s`).then(done));

async function until(what: string, check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("compute pool", () => {
  it("a page's read does not wait behind a cold cockpit's statements", async () => {
    delete process.env.COMPUTE_POOL_SIZE; // the default: 2
    const compute = await getComputeReadDb();
    expect(compute).not.toBe(getDb());
    expect(poolOf(compute)?.options.max).toBe(2);
    const order: string[] = [];
    // a cold province cockpit: 30 statements at once (the main pool of this test has 5 connections)
    const heavy = sleeps(compute, 30, 0.05, () => order.push("compute"));
    await until("统计语句在排队", () => (poolOf(compute)?.waitingCount ?? 0) > 0);
    await (await getReadDb()).$queryRawUnsafe("SELECT 1");
    order.push("page");
    await Promise.all(heavy);
    // at most the two statements already running finish first; on one shared pool the page came after ~25 of them
    expect(order.indexOf("page")).toBeLessThanOrEqual(2);
  });

  it("shared figures are computed on it: sharedRead hands its load the compute pool", async () => {
    const compute = await getComputeReadDb();
    const r = await sharedRead(`compute-pool-test|${Date.now()}`, async (db) => db);
    expect(r.value).toBe(compute);
  });

  it("saturated, a new computation takes the main pool instead of queueing behind the others", async () => {
    const compute = await getComputeReadDb();
    const pool = poolOf(compute)!;
    let finished = 0;
    const heavy = sleeps(compute, COMPUTE_QUEUE_MAX + 10, 0.01, () => finished++);
    await until("计算池饱和", () => pool.waitingCount > COMPUTE_QUEUE_MAX);
    expect(await getComputeReadDb()).toBe(getDb());
    await Promise.all(heavy);
    expect(finished).toBe(COMPUTE_QUEUE_MAX + 10);
    expect(await getComputeReadDb()).toBe(compute);
  });

  it("a backlog that has not run dry for COMPUTE_BACKLOG_MAX_MS sends new computations to the main pool, however short", async () => {
    const compute = await getComputeReadDb();
    const pool = poolOf(compute)!;
    // both connections busy for longer than the limit, three statements waiting behind them (far below COMPUTE_QUEUE_MAX)
    const running = sleeps(compute, 2, (COMPUTE_BACKLOG_MAX_MS + 1500) / 1000, () => {});
    await until("两个连接都在执行", () => pool.totalCount === 2 && pool.idleCount === 0 && pool.waitingCount === 0);
    const waiting = sleeps(compute, 3, 0.01, () => {});
    await until("三条语句在排队", () => pool.waitingCount === 3);
    // the backlog has just begun: still the compute pool
    expect(await getComputeReadDb()).toBe(compute);
    await new Promise((r) => setTimeout(r, COMPUTE_BACKLOG_MAX_MS + 300));
    expect(pool.waitingCount).toBe(3);
    expect(await getComputeReadDb()).toBe(getDb());
    await Promise.all([...running, ...waiting]);
    // the queue ran dry: the compute pool again
    expect(await getComputeReadDb()).toBe(compute);
  });

  it("a backlog that ran dry in between is a new one: its age counts from then", async () => {
    const compute = await getComputeReadDb();
    const pool = poolOf(compute)!;
    const backlogOnce = async (seconds: number) => {
      const running = sleeps(compute, 2, seconds, () => {});
      await until("两个连接都在执行", () => pool.totalCount === 2 && pool.idleCount === 0 && pool.waitingCount === 0);
      const waiting = sleeps(compute, 1, 0.01, () => {});
      await until("一条语句在排队", () => pool.waitingCount === 1);
      return [...running, ...waiting];
    };
    const first = await backlogOnce(0.3);
    expect(await getComputeReadDb()).toBe(compute); // the first backlog is seen here
    await Promise.all(first); // … and runs dry, with nobody asking in between
    await new Promise((r) => setTimeout(r, COMPUTE_BACKLOG_MAX_MS));
    const second = await backlogOnce(0.5);
    // more than COMPUTE_BACKLOG_MAX_MS since the first backlog was seen, but this one has just begun
    expect(await getComputeReadDb()).toBe(compute);
    await Promise.all(second);
  });

  it("COMPUTE_POOL_SIZE=0: computations share the main pool, as before", async () => {
    process.env.COMPUTE_POOL_SIZE = "0";
    expect(await getComputeReadDb()).toBe(getDb());
    const r = await sharedRead(`compute-pool-test-0|${Date.now()}`, async (db) => db);
    expect(r.value).toBe(getDb());
  });
});
