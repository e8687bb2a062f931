// Read replicas on a real primary and a real streaming hot standby (tests/support/replica.ts): list, cockpit and
// report reads go to the replica; the writer's next reads go to the primary until the replica has replayed the write
// (the WAL position a write leaves in the browser's cookie); a replica that is down or too far behind is skipped
// without an error, and used again once it is back and caught up; the 「数据截至」 time is the replica's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { executeAction } from "@/lib/actions/core";
import { type Db, createPrismaClient } from "@/lib/db/client";
import { asOfLabel } from "@/lib/freshness/label";
import { ReadRouter, parseLsn } from "@/lib/db/read-router";
import { applyMigrations } from "@/lib/db/schema-engine";
import { SharedReads } from "@/lib/db/shared-read";
import { getReadDb, getReadRouter, readTarget, writeCookieValue } from "@/lib/db";
import { ledgerCreateAction } from "@/lib/ledgers/actions";
import { LEDGERS } from "@/lib/ledgers/configs";
import { ledgerPage, listLedger, parseLedgerParams } from "@/lib/ledgers/queries";
import { runSeed } from "@/lib/seed";
import { shanghaiIso } from "@/lib/time";
import { makeUser, unitByCode } from "./helpers/factories";
import { LEDGER_SAMPLES } from "./helpers/work-factories";
import { type PrimaryAndReplica, startPrimaryAndReplica } from "../support/replica";
import { scopeFor } from "../support/scope";

const MAX_LAG = 5; // seconds: above a loaded machine's pause between a check and a write
const INTERVAL = 200;
const holder = globalThis as unknown as { pinganDb?: Db; pinganReadRouter?: ReadRouter | null; pinganSharedReads?: SharedReads };

let cluster: PrimaryAndReplica;
let primary: Db;
let router: ReadRouter;
let replicaAdmin: pg.Client;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`等待超时：${what}（${JSON.stringify(router.status())}）`);
}

const inRecovery = async (db: Db) => (await db.$queryRawUnsafe<{ r: boolean }[]>("SELECT pg_is_in_recovery() AS r"))[0].r;

async function newProblem(title: string, by?: Awaited<ReturnType<typeof makeUser>>) {
  const officer = by ?? (await makeUser(primary, "OFFICER", "620102"));
  const unitId = (await unitByCode(primary, "620102")).id;
  const r = await executeAction(ledgerCreateAction, primary, officer, "10.0.0.5", { ledger: "problems", unitId, ...LEDGER_SAMPLES.problems, title });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: number; code: string } }).data;
}

const listed = async (db: Db, code: string) => (await listLedger(db, LEDGERS.problems, scopeFor("/62/6201/"), parseLedgerParams(LEDGERS.problems, { q: code }))).rows.map((r) => r.code);

beforeAll(async () => {
  cluster = await startPrimaryAndReplica({ name: "it_replica" });
  await applyMigrations(cluster.primaryUrl);
  primary = createPrismaClient(cluster.primaryUrl, { max: 4 });
  await runSeed(primary, { demo: false });
  router = new ReadRouter(primary, cluster.primaryUrl, [cluster.replicaUrl], { maxLagSeconds: MAX_LAG, intervalMs: INTERVAL, poolMax: 3 });
  router.start();
  process.env.DATABASE_URL = cluster.primaryUrl;
  holder.pinganDb = primary;
  holder.pinganReadRouter = router;
  replicaAdmin = new pg.Client({ connectionString: cluster.replicaUrl });
  await replicaAdmin.connect();
  await until("副本可用", () => router.status()[0].usable);
});

afterAll(async () => {
  await replicaAdmin?.end().catch(() => {});
  await router?.stop();
  holder.pinganReadRouter = undefined;
  await primary?.$disconnect();
  await cluster?.stop();
});

describe("read replicas", () => {
  it("list reads go to the replica (a hot standby), and see what the primary committed once replayed", async () => {
    expect(await readTarget()).toMatchObject({ source: "replica", url: cluster.replicaUrl });
    const db = await getReadDb();
    expect(await inRecovery(db)).toBe(true);
    expect(await inRecovery(primary)).toBe(false);
    const { code } = await newProblem("副本读取的排查问题");
    await until("副本重放该写入", async () => (await listed(db, code)).includes(code));
    // the page-facing query takes the same route
    const page = await ledgerPage(LEDGERS.problems, scopeFor("/62/6201/"), parseLedgerParams(LEDGERS.problems, { q: code }));
    expect(page.rows.map((r) => r.code)).toEqual([code]);
  });

  it("the writer reads the primary right after the write; another user reads the replica; once replayed both read the replica", async () => {
    const writer0 = await makeUser(primary, "OFFICER", "620102"); // made before the pause: only the write itself is behind
    await until("副本已同步", () => router.pick(null).inSync);
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      const { code } = await newProblem("写后立即读取", writer0);
      const cookie = await writeCookieValue();
      expect(cookie?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(cookie!.maxAge).toBeGreaterThanOrEqual(60);
      await router.check();
      const writer = router.pick(parseLsn(cookie!.value));
      expect(writer.source).toBe("primary");
      expect(await listed(writer.db, code)).toEqual([code]);
      const other = router.pick(null);
      expect(other.source).toBe("replica");
      expect(await inRecovery(other.db)).toBe(true);
      expect(await listed(other.db, code)).toEqual([]); // the replica has not replayed it yet: the writer did not read there
      // a malformed cookie counts as none (and never throws)
      expect(parseLsn("0/0; DROP TABLE x")).toBeNull();
      expect(parseLsn("zz/1")).toBeNull();
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
      await until("副本重放到写入位置", () => router.pick(parseLsn(cookie!.value)).source === "replica");
      expect(await listed(router.pick(parseLsn(cookie!.value)).db, code)).toEqual([code]);
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()").catch(() => {});
    }
  });

  it("a replica more than REPLICA_MAX_LAG_SECONDS behind is skipped, and used again once caught up", async () => {
    await replicaAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      await newProblem("副本落后时的写入");
      await until("副本因落后被跳过", () => !router.status()[0].usable, 30_000);
      const s = router.status()[0];
      expect(s.up).toBe(true);
      expect(s.lagSeconds!).toBeGreaterThan(MAX_LAG);
      expect(s.problem).toMatch(/^落后 \d+ 秒，超过 5 秒$/);
      expect(asOfLabel({ source: "replica", asOf: s.asOf, inSync: false }, new Date()).note).toMatch(/^北京时间，只读副本，约 \d+ 秒前$/);
      const choice = router.pick(null);
      expect(choice).toMatchObject({ source: "primary", url: cluster.primaryUrl });
      expect(await inRecovery(choice.db)).toBe(false);
      expect(asOfLabel(choice, new Date()).note).toBe("北京时间，实时数据");
    } finally {
      await replicaAdmin.query("SELECT pg_wal_replay_resume()");
    }
    await until("副本追上后重新使用", () => router.pick(null).source === "replica");
  });

  it("a replica that goes down: reads in flight move to the primary without an error; after a restart it is used again", async () => {
    const before = router.pick(null);
    expect(before.source).toBe("replica");
    await replicaAdmin.end();
    await cluster.stopReplica();
    expect(await cluster.replayLsn()).toBeNull();
    // a query on the replica's client chosen before the check noticed: answered by the primary
    expect(await inRecovery(before.db)).toBe(false);
    expect(await before.db.unit.count()).toBeGreaterThan(0);
    await router.check();
    expect(router.status()[0]).toMatchObject({ up: false, usable: false, problem: "无法连接" });
    const during = router.pick(null);
    expect(during.source).toBe("primary");
    const { code } = await newProblem("副本停机期间的写入");
    expect(await listed(during.db, code)).toEqual([code]);

    await cluster.startReplica();
    replicaAdmin = new pg.Client({ connectionString: cluster.replicaUrl });
    await replicaAdmin.connect();
    await until("副本重启并追上后重新使用", () => router.pick(null).source === "replica");
    const after = router.pick(null);
    expect(await inRecovery(after.db)).toBe(true);
    expect(await listed(after.db, code)).toEqual([code]); // it caught up with the write made while it was down
    expect(await cluster.replayLsn()).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it("「数据截至」 shows the replica's data time in Beijing time; caught up and idle, the time of the last check", async () => {
    await newProblem("标签时间");
    const committedAt = Date.now();
    const lsn = parseLsn(await router.primaryLsn());
    await until("副本重放", () => router.pick(lsn).source === "replica");
    await new Promise((r) => setTimeout(r, 4_000)); // idle: no further writes
    const target = router.pick(null);
    const now = new Date();
    expect(target.source).toBe("replica");
    expect(target.asOf).not.toBeNull();
    // caught up and idle: as new as the last check (every 200 ms), not the time of the last commit
    expect(target.asOf!.getTime() - committedAt).toBeGreaterThan(2_500);
    expect(now.getTime() - target.asOf!.getTime()).toBeLessThan(2_500);
    const label = asOfLabel(target, now);
    expect(label.text).toBe(`数据截至 ${shanghaiIso(target.asOf!).slice(11, 19)}`);
    expect(target.inSync).toBe(true);
    expect(label.note).toBe("北京时间，只读副本，已同步");
  });

  it("without DATABASE_REPLICA_URL nothing changes: every read on the primary, no label", async () => {
    const saved = holder.pinganReadRouter;
    const env = process.env.DATABASE_REPLICA_URL;
    try {
      holder.pinganReadRouter = undefined;
      delete process.env.DATABASE_REPLICA_URL;
      expect(getReadRouter()).toBeNull();
      const t = await readTarget();
      expect(t).toMatchObject({ source: "primary", asOf: null });
      expect(await inRecovery(await getReadDb())).toBe(false);
      // the write cookie is then only for shared reads (lib/db/shared-read.ts): none when they are off
      const shared = holder.pinganSharedReads;
      try {
        holder.pinganSharedReads = new SharedReads({ maxAgeMs: 0, maxEntries: 1 });
        expect(await writeCookieValue()).toBeNull();
        holder.pinganSharedReads = new SharedReads({ maxAgeMs: 10_000, maxEntries: 1 });
        const cookie = await writeCookieValue();
        expect(cookie?.name).toBe("pingan-wal");
        expect(parseLsn(cookie!.value)).not.toBeNull();
      } finally {
        holder.pinganSharedReads = shared;
      }
    } finally {
      holder.pinganReadRouter = saved;
      if (env !== undefined) process.env.DATABASE_REPLICA_URL = env;
    }
  });
});
