// Shared reads across the web processes of a host (lib/db/shared-peers.ts, scripts/lib/shared-relay.mjs): what one
// process computed is served by the others — same value, same instant, same WAL position — instead of being computed
// again; a reader with a newer write still gets fresh figures; only plain data travels; nothing older replaces newer.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CockpitData, type ShareRead, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import type { Db } from "@/lib/db/client";
import { SHARED_READ_MESSAGE, decodeSharedEntry, encodeSharedEntry } from "@/lib/db/shared-peers";
import { type SharedEntryMessage, type SharedPeers, SharedReads, isPlainData, readPosition } from "@/lib/db/shared-read";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { parsePeriod } from "@/lib/kpi/period";
import { buildReport } from "@/lib/reports/build";
import { SHARED_READ_MESSAGE as RELAYED } from "../../scripts/lib/shared-relay.mjs";
import { setupTestDatabase } from "./helpers/db";
import { makeStation } from "./helpers/factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();

/** processes connected as the cluster connects them: each entry through the real codec, delivered a turn later */
function connected(n: number, maxAgeMs = 60_000) {
  const inboxes: ((m: SharedEntryMessage) => void)[] = [];
  let inFlight = 0;
  let delivered = 0;
  let seen = 0;
  const peers = (i: number): SharedPeers => ({
    publish(entry) {
      const wire = JSON.stringify(encodeSharedEntry(entry));
      inFlight++;
      setImmediate(() => {
        inFlight--;
        delivered++;
        inboxes.forEach((deliver, j) => j !== i && deliver(decodeSharedEntry(JSON.parse(wire))!));
      });
    },
    subscribe(onEntry) {
      inboxes[i] = onEntry;
    },
  });
  const processes = Array.from({ length: n }, (_, i) => new SharedReads({ maxAgeMs, maxEntries: 50 }, peers(i)));
  /** until `count` more entries have been delivered (an entry goes out once its value and position are read) */
  const settled = async (count = 1) => {
    for (let i = 0; i < 1000 && (inFlight > 0 || delivered < seen + count); i++) await new Promise((r) => setTimeout(r, 5));
    expect(delivered).toBeGreaterThanOrEqual(seen + count);
    seen = delivered;
  };
  return { processes, settled };
}

function counter(db: Db) {
  let calls = 0;
  const load = async () => {
    calls++;
    const [r] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM units");
    return { n: r.n, at: new Date(), by: new Map([["6201", 1n]]) };
  };
  return { load, calls: () => calls };
}

describe("shared reads across processes", () => {
  it("an entry computed in one process is served by the other without computing: same value, instant and position", async () => {
    const { processes: [a, b], settled } = connected(2);
    const c = counter(t.db);
    const first = await a.read("k", t.db, null, c.load);
    await settled();
    const there = await b.read("k", t.db, null, c.load);
    expect(c.calls()).toBe(1);
    expect(there.shared).toBe(true);
    expect(there.asOf).toEqual(first.asOf);
    expect(there.value).toEqual(first.value);
    expect(there.value.by).toBeInstanceOf(Map);
    expect(there.value.at).toBeInstanceOf(Date);
    // the position came along: a reader whose last write the entry includes is served it too
    const position = await readPosition(t.db);
    await makeStation(t.db, "620102", "跨进程共享测试所");
    const after = await readPosition(t.db);
    expect(after! > position!).toBe(true);
    expect((await b.read("k", t.db, position, c.load)).shared).toBe(true);
    expect(c.calls()).toBe(1);
    // a reader who wrote after the entry was computed gets fresh figures, computed where they asked
    const mine = await b.read("k", t.db, after, c.load);
    expect(mine.shared).toBe(false);
    expect(mine.value.n).toBe(first.value.n + 1);
    expect(c.calls()).toBe(2);
    // …and that newer entry reaches the first process in turn
    await settled();
    expect(await a.read("k", t.db, after, c.load)).toMatchObject({ shared: true, asOf: mine.asOf });
    expect(c.calls()).toBe(2);
  });

  it("an older entry never replaces a newer one; an entry already past serving age is not taken", async () => {
    const { processes: [a, b], settled } = connected(2);
    const c = counter(t.db);
    // both compute at about the same time; b's is later
    const older = await a.read("k", t.db, null, c.load);
    await new Promise((r) => setTimeout(r, 5));
    b.accept({ key: "too old", value: -1, started: Date.now() - 10 * 60_000, asOf: Date.now() - 10 * 60_000, lsn: null, ttl: 60_000 });
    expect(await b.read("too old", t.db, null, async () => 1)).toMatchObject({ shared: false, value: 1 });
    await settled();
    // b has a's now; b computes its own later one for a writer, then a's (older) arrives again: b keeps its own
    const later = await b.read("k", t.db, (await readPosition(t.db))! + 1n, c.load);
    b.accept({ key: "k", value: "older", started: older.asOf.getTime(), asOf: older.asOf.getTime(), lsn: null, ttl: 60_000 });
    expect(await b.read("k", t.db, null, c.load)).toMatchObject({ shared: true, asOf: later.asOf });
  });

  it("only plain data travels: an instance of a class stays in its process", async () => {
    class Money {
      constructor(readonly cents: number) {}
      yuan() {
        return this.cents / 100;
      }
    }
    const { processes: [a, b], settled } = connected(2);
    let calls = 0;
    const load = async () => ({ total: new Money(12_345), n: ++calls });
    await a.read("money", t.db, null, load);
    await new Promise((r) => setTimeout(r, 50));
    await settled(0);
    const r = await b.read("money", t.db, null, load);
    expect(r.shared).toBe(false);
    expect(r.value.total.yuan()).toBe(123.45);
    expect(calls).toBe(2);
    expect(isPlainData({ a: [1, "x", null, undefined, true, 3n, new Date()], m: new Map([[1, new Set(["y"])]]), o: Object.create(null) })).toBe(true);
    expect(isPlainData({ nested: [{ f: () => 1 }] })).toBe(false);
    expect(isPlainData([new Money(1)])).toBe(false);
  });

  it("what the cockpit and the report view share is plain data, so it does travel", async () => {
    const now = new Date("2025-11-15T04:00:00Z");
    const period = parsePeriod("2025-10", now)!;
    const seen: [string, unknown][] = [];
    const s = new SharedReads({ maxAgeMs: 60_000, maxEntries: 100 });
    const share: ShareRead = async (key, load) => {
      const r = await s.read(key, t.db, null, load);
      seen.push([key, r.value]);
      return r;
    };
    for (const code of ["62", "6201", "620102"]) {
      const unit = (await findCockpitUnit(t.db, code))!;
      const { children } = await cockpitFamily(t.db, unit);
      const d = new CockpitData(t.db, { unit, scope: scopeFor(unit.path), children, period, def: KPI_MAP.get("criminal.filed")!, mapMode: "city" }, now, share);
      await Promise.all(d.loaders().map((l) => l.load()));
    }
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter(([, v]) => !isPlainData(v)).map(([k]) => k)).toEqual([]);
    const province = (await findCockpitUnit(t.db, "62"))!;
    const report = await buildReport(t.db, { id: province.id, code: province.code, name: province.name, level: province.level, scope: scopeFor(province.path) }, period, { by: "", now });
    expect(isPlainData(report)).toBe(true);
  });

  it("a web process joins at start-up (instrumentation.ts), before it has served a cockpit: entries sent earlier are not lost", async () => {
    const holder = globalThis as { pinganSharedReads?: SharedReads };
    const saved = { reads: holder.pinganSharedReads, runtime: process.env.NEXT_RUNTIME, url: process.env.DATABASE_URL, scheduler: process.env.PINGAN_SCHEDULER };
    delete holder.pinganSharedReads;
    Object.assign(process.env, { NEXT_RUNTIME: "nodejs", DATABASE_URL: t.url, PINGAN_SCHEDULER: "0" });
    try {
      const { register } = await import("@/instrumentation");
      await register();
      expect(holder.pinganSharedReads).toBeInstanceOf(SharedReads);
    } finally {
      holder.pinganSharedReads = saved.reads;
      for (const [k, v] of [["NEXT_RUNTIME", saved.runtime], ["DATABASE_URL", saved.url], ["PINGAN_SCHEDULER", saved.scheduler]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it("two cluster workers behind the relay `npm start` uses: the second serves the first's entry without computing", async () => {
    expect(RELAYED).toBe(SHARED_READ_MESSAGE);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/shared-cluster.ts"], { env: { ...process.env, DATABASE_URL: t.url }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((r) => child.once("exit", r));
    const { reports, error } = JSON.parse(out.trim().split("\n").pop()!) as { reports: { worker: number; value: unknown; types: string[]; asOf: number; shared: boolean; calls: number }[]; error?: string };
    expect(error).toBeUndefined();
    const [one, two] = [reports.find((r) => r.worker === 1)!, reports.find((r) => r.worker === 2)!];
    expect(one).toMatchObject({ shared: false, calls: 1 });
    expect(two).toMatchObject({ shared: true, calls: 0, asOf: one.asOf });
    expect(two.value).toEqual(one.value);
    expect(two.types).toEqual(["Date", "Map", "bigint"]);
  }, 60_000);
});
