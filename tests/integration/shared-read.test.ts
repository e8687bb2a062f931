// Shared reads (lib/db/shared-read.ts) on a real PostgreSQL: requests for the same figures within SHARED_READ_SECONDS
// share one computation; a reader's own write (its WAL position, as the pingan-wal cookie carries it) is always
// included; old entries and failed computations are not served; the cockpit's figures are the same shared or not.
import { describe, expect, it } from "vitest";
import { CockpitData, type ShareRead, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import type { Db } from "@/lib/db/client";
import { SharedReads, readPosition, sharedReadOptionsFromEnv } from "@/lib/db/shared-read";
import { sharedAsOfLabel } from "@/lib/freshness/label";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { parsePeriod } from "@/lib/kpi/period";
import { setupTestDatabase } from "./helpers/db";
import { makeStation } from "./helpers/factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

function counter(db: Db) {
  let calls = 0;
  const load = async () => {
    calls++;
    const [r] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM units");
    return r.n;
  };
  return { load, calls: () => calls };
}

describe("shared reads", () => {
  it("requests within the max age share one computation, concurrent ones included", async () => {
    const s = new SharedReads({ maxAgeMs: 60_000, maxEntries: 10 });
    const c = counter(t.db);
    const first = await Promise.all(Array.from({ length: 5 }, () => s.read("units", t.db, null, c.load)));
    expect(c.calls()).toBe(1);
    expect(new Set(first.map((r) => r.value)).size).toBe(1);
    // the one that started it computed for itself; the others shared it
    expect(first.filter((r) => !r.shared)).toHaveLength(1);
    const again = await s.read("units", t.db, null, c.load);
    expect(again.shared).toBe(true);
    expect(again.asOf).toEqual(first[0].asOf);
    expect(c.calls()).toBe(1);
    // another key is another computation
    await s.read("units 2", t.db, null, c.load);
    expect(c.calls()).toBe(2);
  });

  it("a reader who has just written gets figures that include the write; others may see the shared ones until they age", async () => {
    const s = new SharedReads({ maxAgeMs: 60_000, maxEntries: 10 });
    const c = counter(t.db);
    const before = await s.read("units", t.db, null, c.load);
    await makeStation(t.db, "620102", "共享读取测试所");
    const myWrite = await readPosition(t.db);
    expect(myWrite).not.toBeNull();
    const writer = await s.read("units", t.db, myWrite, c.load);
    expect(writer.shared).toBe(false);
    expect(writer.value).toBe(before.value + 1);
    // the new entry includes the write: the next reader, with or without the cookie, shares it
    const other = await s.read("units", t.db, null, c.load);
    expect(other).toMatchObject({ shared: true, value: before.value + 1 });
    const writerAgain = await s.read("units", t.db, myWrite, c.load);
    expect(writerAgain).toMatchObject({ shared: true, value: before.value + 1 });
    expect(c.calls()).toBe(2);
  });

  it("an aged entry is served once more while one renewal runs, then replaced; twice the age is computed again; a failed computation is not kept", async () => {
    const s = new SharedReads({ maxAgeMs: 300, maxEntries: 10 });
    const c = counter(t.db);
    const first = await s.read("units", t.db, null, c.load);
    await new Promise((r) => setTimeout(r, 400));
    // aged: served as it is (with its instant), and one background renewal starts for all who come now
    const aged = await Promise.all([s.read("units", t.db, null, c.load), s.read("units", t.db, null, c.load)]);
    for (const r of aged) expect(r).toMatchObject({ shared: true, asOf: first.asOf });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.calls()).toBe(2);
    const renewed = await s.read("units", t.db, null, c.load);
    expect(renewed.shared).toBe(true);
    expect(renewed.asOf.getTime()).toBeGreaterThan(first.asOf.getTime());
    // a reader whose write is newer than the entry does not get the aged one
    await new Promise((r) => setTimeout(r, 400));
    const writer = await s.read("units", t.db, (await readPosition(t.db))! + 1n, c.load);
    expect(writer.shared).toBe(false);
    // more than twice the max age: nobody is served it, the next reader computes
    await new Promise((r) => setTimeout(r, 700));
    expect((await s.read("units", t.db, null, c.load)).shared).toBe(false);
    expect(c.calls()).toBe(4);

    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error("查询失败");
      return 42;
    };
    await expect(s.read("flaky", t.db, null, flaky)).rejects.toThrow("查询失败");
    fail = false;
    await expect(s.read("flaky", t.db, null, flaky)).resolves.toMatchObject({ value: 42, shared: false });
  });

  it("keeps at most maxEntries (least recently used dropped) and shares nothing at max age 0", async () => {
    const s = new SharedReads({ maxAgeMs: 60_000, maxEntries: 2 });
    const c = counter(t.db);
    await s.read("a", t.db, null, c.load);
    await s.read("b", t.db, null, c.load);
    await s.read("a", t.db, null, c.load); // a is now the most recent
    await s.read("c", t.db, null, c.load); // drops b
    expect(s.size).toBe(2);
    expect((await s.read("a", t.db, null, c.load)).shared).toBe(true);
    expect((await s.read("b", t.db, null, c.load)).shared).toBe(false);

    const off = new SharedReads({ maxAgeMs: 0, maxEntries: 10 });
    const d = counter(t.db);
    await off.read("a", t.db, null, d.load);
    expect((await off.read("a", t.db, null, d.load)).shared).toBe(false);
    expect(d.calls()).toBe(2);
    expect(sharedReadOptionsFromEnv({ SHARED_READ_SECONDS: "0" }).maxAgeMs).toBe(0);
    expect(sharedReadOptionsFromEnv({ SHARED_READ_SECONDS: "abc" }).maxAgeMs).toBe(30_000);
    expect(sharedReadOptionsFromEnv({}).maxAgeMs).toBe(30_000);
  });

  it("the page says when shared figures were computed, in Beijing time and in words", () => {
    const asOf = new Date("2026-12-05T02:30:05Z");
    expect(sharedAsOfLabel(asOf, new Date("2026-12-05T02:30:12Z"), 10)).toEqual({ text: "数据截至 10:30:05", note: "北京时间，约 7 秒前汇总，同一页面 10 秒内共用，到时在后台重新汇总", iso: asOf.toISOString() });
    expect(sharedAsOfLabel(asOf, new Date("2026-12-05T02:30:05.300Z"), 10).note).toBe("北京时间，刚刚汇总，同一页面 10 秒内共用，到时在后台重新汇总");
  });

  it("a cockpit's figures are the same shared or computed alone; the second viewer's page says they were shared", async () => {
    const now = new Date("2025-11-15T04:00:00Z");
    const unit = (await findCockpitUnit(t.db, "6201"))!;
    const { children } = await cockpitFamily(t.db, unit);
    const view = { unit, scope: scopeFor(unit.path), children, period: parsePeriod("2025-10", now)!, def: KPI_MAP.get("criminal.filed")!, mapMode: "city" as const };
    const s = new SharedReads({ maxAgeMs: 60_000, maxEntries: 100 });
    const share: ShareRead = (key, load) => s.read(key, t.db, null, load);
    const figures = async (d: CockpitData) => ({
      cards: await Promise.all(d.cards.map((def) => d.card(def))),
      ranking: await d.ranking(),
      trends: await d.trends(),
      attention: await d.attention(),
    });
    const alone = await figures(new CockpitData(t.db, view, now));
    const first = new CockpitData(t.db, view, now, share);
    const second = new CockpitData(t.db, view, now, share);
    expect(await figures(first)).toEqual(alone);
    expect(await first.freshness()).toBeNull();
    expect(await figures(second)).toEqual(alone);
    const f = await second.freshness();
    expect(f?.shared).toBe(true);
    expect(f!.asOf.getTime()).toBeLessThanOrEqual(Date.now());
    // another KPI on the map and the ranking: the cards are shared, the ranking is its own
    const other = new CockpitData(t.db, { ...view, def: KPI_MAP.get("plan.completion")! }, now, share);
    const before = s.size;
    await figures(other);
    expect(s.size).toBe(before + 1);
  });
});
