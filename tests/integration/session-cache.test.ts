// The per-process session cache (lib/auth/session-cache.ts) on a real PostgreSQL: two caches on two connections stand
// for two app processes (or two app servers). A revocation committed through one is seen by the other at its very
// next read — no sleep in between — and an update made while a cache's listener is down is never served from it.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SessionUserRow, loadSessionUser } from "@/lib/auth/session";
import { SessionCache } from "@/lib/auth/session-cache";
import { type Db, createPrismaClient } from "@/lib/db/client";
import { DEFAULT_SECURITY_POLICY, SECURITY_POLICY_KEY, type SecurityPolicy, getSecurityPolicy } from "@/lib/security/policy";
import { setupTestDatabase } from "./helpers/db";
import { makeStation, makeUser, unitByCode } from "./helpers/factories";

const t = setupTestDatabase();
// the second "process": its own Prisma client (own pool) and its own listening connection
let other: Db;
const caches: SessionCache<SessionUserRow, SecurityPolicy>[] = [];

function cacheOn(db: Db, opts: { url?: string; maxUsers?: number; loadUser?: (id: number) => Promise<SessionUserRow | null> } = {}) {
  const c = new SessionCache<SessionUserRow, SecurityPolicy>({
    url: opts.url ?? t.url,
    loadUser: opts.loadUser ?? ((id) => loadSessionUser(db, id)),
    loadPolicy: () => getSecurityPolicy(db),
    maxUsers: opts.maxUsers,
  });
  caches.push(c);
  return c;
}

beforeAll(() => {
  other = createPrismaClient(t.url, { max: 2 });
});
afterAll(async () => {
  await Promise.all(caches.map((c) => c.stop()));
  await other.$disconnect();
});

describe("session cache", () => {
  it("serves repeated reads from memory, and a revocation committed on one process is seen by the other at its next read", async () => {
    const a = cacheOn(t.db);
    const b = cacheOn(other);
    await Promise.all([a.whenListening(), b.whenListening()]);
    const u = await makeUser(t.db, "OFFICER", "620102");

    const first = await b.read(u.id);
    expect(first.user?.sessionVersion).toBe(1);
    await b.read(u.id);
    await b.read(u.id);
    expect(b.stats()).toMatchObject({ misses: 1, hits: 2, bypassed: 0, listening: true });

    // 60 revocations in a row, each read back on the other process right after the commit (no wait)
    for (let i = 2; i <= 61; i++) {
      const writer = i % 2 ? t.db : other;
      await writer.user.update({ where: { id: u.id }, data: { sessionVersion: { increment: 1 } } });
      expect((await b.read(u.id)).user?.sessionVersion).toBe(i);
      expect((await a.read(u.id)).user?.sessionVersion).toBe(i);
    }

    // disabling, a role change, a unit change, a reset password: each seen at once
    await t.db.user.update({ where: { id: u.id }, data: { status: "DISABLED" } });
    expect((await b.read(u.id)).user?.status).toBe("DISABLED");
    await t.db.user.update({ where: { id: u.id }, data: { status: "ACTIVE", role: "ANALYST" } });
    expect((await b.read(u.id)).user).toMatchObject({ status: "ACTIVE", role: "ANALYST" });
    const city = await unitByCode(t.db, "6201");
    await t.db.user.update({ where: { id: u.id }, data: { unitId: city.id } });
    expect((await b.read(u.id)).user?.unit.path).toBe(city.path);
    await t.db.user.update({ where: { id: u.id }, data: { mustChangePassword: true } });
    expect((await b.read(u.id)).user?.mustChangePassword).toBe(true);

    // a unit renamed or deactivated: every cached user of every process drops it
    await t.db.unit.update({ where: { id: city.id }, data: { name: "兰州市公安局（改）" } });
    expect((await b.read(u.id)).user?.unit.name).toBe("兰州市公安局（改）");
    await t.db.unit.update({ where: { id: city.id }, data: { active: false } });
    expect((await a.read(u.id)).user?.unit.active).toBe(false);

    // the security policy
    expect((await b.read(u.id)).policy.mfa.required).toBe(DEFAULT_SECURITY_POLICY.mfa.required);
    const changed = { ...DEFAULT_SECURITY_POLICY, mfa: { required: !DEFAULT_SECURITY_POLICY.mfa.required } };
    await t.db.setting.upsert({ where: { key: SECURITY_POLICY_KEY }, create: { key: SECURITY_POLICY_KEY, value: changed }, update: { value: changed } });
    expect((await b.read(u.id)).policy.mfa.required).toBe(changed.mfa.required);
    await t.db.setting.delete({ where: { key: SECURITY_POLICY_KEY } });
    expect((await a.read(u.id)).policy.mfa.required).toBe(DEFAULT_SECURITY_POLICY.mfa.required);

    // columns the session does not read (a login's time) leave the cache alone. b first reads once more: its barrier
    // makes sure the policy deletion's notification (read above through a) has reached b before counting starts
    expect((await b.read(u.id)).policy.mfa.required).toBe(DEFAULT_SECURITY_POLICY.mfa.required);
    const before = b.stats().invalidations;
    await t.db.user.update({ where: { id: u.id }, data: { lastLoginAt: new Date(), failedLoginCount: 0 } });
    await b.read(u.id);
    expect(b.stats().invalidations).toBe(before);
  });

  it("concurrent requests share one round trip and still see a revocation committed before they started", async () => {
    const b = cacheOn(other);
    await b.whenListening();
    const u = await makeUser(t.db, "OFFICER", "620103");
    await b.read(u.id);
    const barriers = b.stats().barriers;
    await t.db.user.update({ where: { id: u.id }, data: { sessionVersion: 7 } });
    const reads = await Promise.all(Array.from({ length: 40 }, () => b.read(u.id)));
    expect(reads.every((r) => r.user?.sessionVersion === 7)).toBe(true);
    // 40 reads, far fewer round trips (at most two: one possibly in flight, one joined by the rest)
    expect(b.stats().barriers - barriers).toBeLessThanOrEqual(2);
  });

  it("never keeps a row read just before a revocation committed", async () => {
    let gate: (() => void) | null = null;
    const b = cacheOn(other, {
      loadUser: async (id) => {
        const row = await loadSessionUser(other, id);
        if (gate === null) await new Promise<void>((r) => (gate = r));
        return row;
      },
    });
    await b.whenListening();
    const u = await makeUser(t.db, "OFFICER", "620102");
    const pending = b.read(u.id); // reads version 1, then waits at the gate
    while (!gate) await new Promise((r) => setTimeout(r, 5));
    // counted before the update: its notification may reach the listener before the update's own answer does
    const seen = b.stats().invalidations;
    await t.db.user.update({ where: { id: u.id }, data: { sessionVersion: 2 } });
    while (b.stats().invalidations === seen) await new Promise((r) => setTimeout(r, 5));
    (gate as () => void)();
    expect((await pending).user?.sessionVersion).toBe(1); // that request began before the commit
    expect((await b.read(u.id)).user?.sessionVersion).toBe(2); // the next one does not get the old row from the cache
  });

  it("is bypassed while the listener is down, and starts empty when it is back", async () => {
    // never connects: every read goes to the database
    const down = cacheOn(t.db, { url: t.url.replace(/\/[^/]+$/, "/no_such_database") });
    const u = await makeUser(t.db, "OFFICER", "620102");
    await down.read(u.id);
    await t.db.user.update({ where: { id: u.id }, data: { sessionVersion: 5 } });
    expect((await down.read(u.id)).user?.sessionVersion).toBe(5);
    expect(down.stats()).toMatchObject({ hits: 0, bypassed: 2, listening: false });

    // the listening connection is killed: bypassed at once, an update made meanwhile is seen, then cached again
    const b = cacheOn(other);
    await b.whenListening();
    await b.read(u.id);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pingan-session-listener' AND datname = current_database()");
      while (b.listening) await new Promise((r) => setTimeout(r, 5));
      await t.db.user.update({ where: { id: u.id }, data: { sessionVersion: 6 } });
      expect((await b.read(u.id)).user?.sessionVersion).toBe(6);
      expect(b.stats().bypassed).toBeGreaterThan(0);
      // back after the retry delay (0.5 s): empty, then cached again
      const deadline = Date.now() + 10_000;
      while (!b.listening && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(b.listening).toBe(true);
      expect(b.stats().users).toBe(0);
      await t.db.user.update({ where: { id: u.id }, data: { sessionVersion: 7 } });
      expect((await b.read(u.id)).user?.sessionVersion).toBe(7);
      const hits = b.stats().hits;
      expect((await b.read(u.id)).user?.sessionVersion).toBe(7);
      expect(b.stats().hits).toBe(hits + 1);
    } finally {
      await admin.end();
    }
  });

  it("keeps a subtree's unit list until a unit is added or changed on any process", async () => {
    const b = cacheOn(other);
    await b.whenListening();
    let loads = 0;
    const county = await unitByCode(t.db, "620104");
    const list = () =>
      b.fromUnits(`units-in:${county.path}`, async () => {
        loads++;
        return other.unit.findMany({ where: { path: { startsWith: county.path } }, select: { name: true }, orderBy: { id: "asc" } });
      });
    const first = await list();
    await list();
    expect(loads).toBe(1);
    const station = await makeStation(t.db, "620104", "新设派出所");
    expect((await list()).length).toBe(first.length + 1);
    await t.db.unit.update({ where: { id: station.id }, data: { sortOrder: 5 } });
    await list();
    await t.db.unit.update({ where: { id: station.id }, data: { name: "新设派出所（改）" } });
    expect((await list()).map((u) => u.name)).toContain("新设派出所（改）");
    expect(loads).toBe(4);
  });

  it("holds at most maxUsers users, dropping the least recently used", async () => {
    const c = cacheOn(t.db, { maxUsers: 3 });
    await c.whenListening();
    const users = await Promise.all(Array.from({ length: 5 }, () => makeUser(t.db, "OFFICER", "620102")));
    for (const u of users) await c.read(u.id);
    expect(c.stats().users).toBe(3);
    // the first two were dropped: reading them again is a miss; the last one is still a hit
    const { hits, misses } = c.stats();
    await c.read(users[4].id);
    await c.read(users[0].id);
    expect(c.stats()).toMatchObject({ hits: hits + 1, misses: misses + 1, users: 3 });
  });
});
