// The wall's data and its live path against real PostgreSQL: the triggers of migration wall_notify notify at commit
// (not on rollback, once per statement), the per-process listener (lib/wall/listener.ts) hears them and comes back
// after its connection is killed; the 今日 panel counts a newly flagged homicide-risk dispute and pulses its county,
// only inside the scope; the ticker masks names, ID numbers and mobile numbers. The stream's events carry the
// database's position after the change, and shared figures from before it are not served to a reader who sends it.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parseLsn } from "@/lib/db/read-router";
import { SharedReads } from "@/lib/db/shared-read";
import { executeRoute } from "@/lib/http/route-core";
import { onDatabaseChange } from "@/lib/wall/listener";
import { wallStreamRoute } from "@/lib/wall/routes";
import { tourStopsIn, wallTickerData, wallTodayData } from "@/lib/wall/data";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { kpiScopeFor, scopeFor } from "../support/scope";

const t = setupTestDatabase();

async function listen(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const got: string[] = [];
  c.on("notification", (n) => got.push(n.payload ?? ""));
  await c.query("LISTEN pingan_changes");
  return { got, end: () => c.end() };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

async function newDispute(unitCode: string, o: { flagged: boolean; summary?: string; parties?: string }) {
  const u = await unitByCode(t.db, unitCode);
  return t.db.dispute.create({
    data: { code: `WT-${Math.random().toString(36).slice(2, 10)}`, unitId: u.id, unitPath: u.path, category: "邻里冲突", summary: o.summary ?? "因宅基地界线发生争执", parties: o.parties ?? "某甲、某乙", foundOn: new Date(), source: "排查", status: "调解中", warningFlagged: o.flagged, warningScore: o.flagged ? 90 : 0 },
  });
}

describe("NOTIFY from the writing transaction", () => {
  it("a committed change notifies its table once per statement; a rolled-back one does not", async () => {
    const l = await listen(t.url);
    try {
      await t.db.$executeRaw`UPDATE stat_values SET value = value WHERE id IN (SELECT id FROM stat_values LIMIT 50)`;
      await settle();
      const committed = l.got.filter((x) => x === "stat_values").length;
      expect(committed).toBe(1);
      await t.db.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE stat_values SET value = value WHERE id IN (SELECT id FROM stat_values LIMIT 5)`;
        throw new Error("rollback");
      }).catch(() => {});
      await settle();
      expect(l.got.filter((x) => x === "stat_values").length).toBe(committed);
      await newDispute("620102", { flagged: false });
      await settle();
      expect(l.got).toContain("disputes");
    } finally {
      await l.end();
    }
  });

  it("the app's listener hears changes, and again after its connection was killed", async () => {
    const heard: string[] = [];
    const stop = onDatabaseChange((table) => heard.push(table));
    try {
      await expect.poll(async () => (await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pingan-wall-listener'`)[0].n, { timeout: 10_000 }).toBe(1n);
      await newDispute("620102", { flagged: false });
      await expect.poll(() => heard.includes("disputes"), { timeout: 5_000 }).toBe(true);
      await t.db.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'pingan-wall-listener'`;
      // back by itself, saying that something may have been missed
      await expect.poll(() => heard.includes("*"), { timeout: 15_000 }).toBe(true);
      heard.length = 0;
      await t.db.$executeRaw`UPDATE stat_values SET value = value WHERE id = (SELECT id FROM stat_values LIMIT 1)`;
      await expect.poll(() => heard.includes("stat_values"), { timeout: 5_000 }).toBe(true);
    } finally {
      stop();
    }
  });
});

describe("the stream", () => {
  it("each event carries the position after the change; shared figures from before it are not served with that position", async () => {
    const unit = await unitByCode(t.db, "6201");
    const u = await makeUser(t.db, "COMMANDER", "6201");
    const user = { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
    const stop = new AbortController();
    const res = await executeRoute(wallStreamRoute, t.db, user, null, new Request("http://pingan.test/api/wall/stream?unit=6201", { headers: { host: "pingan.test" }, signal: stop.signal }), {});
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    const next = async (name: string) => {
      for (;;) {
        const at = buf.indexOf("\n\n");
        if (at >= 0) {
          const block = buf.slice(0, at);
          buf = buf.slice(at + 2);
          if (block.includes(`event: ${name}\n`)) return /^data: (.*)$/m.exec(block)?.[1] ?? "";
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${name}"`);
        buf += dec.decode(value, { stream: true });
      }
    };
    try {
      const hello = parseLsn(await next("hello"));
      expect(hello).not.toBeNull();
      await expect.poll(async () => (await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pingan-wall-listener'`)[0].n, { timeout: 10_000 }).toBe(1n);

      // figures shared for a minute, computed before the change
      const shared = new SharedReads({ maxAgeMs: 60_000, maxEntries: 10 });
      const count = () => t.db.dispute.count({ where: { unitPath: { startsWith: unit.path } } });
      const before = await shared.read("disputes", t.db, null, count);
      await newDispute("620102", { flagged: false });
      const changed = parseLsn(await next("changed"));
      expect(changed).not.toBeNull();
      expect(changed! > hello!).toBe(true);

      // without the position: the entry from before (its age on the page); with it: recomputed, the change included
      expect((await shared.read("disputes", t.db, null, count)).value).toBe(before.value);
      const fresh = await shared.read("disputes", t.db, changed, count);
      expect(fresh.shared).toBe(false);
      expect(fresh.value).toBe(before.value + 1);
      // and that entry is then shared with the next reader carrying the same position
      expect((await shared.read("disputes", t.db, changed, count)).shared).toBe(true);
    } finally {
      stop.abort();
      await reader.cancel().catch(() => {});
    }
  });
});

describe("the 今日 panel and the ticker", () => {
  it("a newly flagged dispute counts today and pulses its county, inside the scope only", async () => {
    const lanzhou = kpiScopeFor(await unitByCode(t.db, "6201"));
    const tianshui = kpiScopeFor(await unitByCode(t.db, "6205"));
    const [a, b] = await Promise.all([wallTodayData(t.db, lanzhou), wallTodayData(t.db, tianshui)]);
    // flagged when registered, and flagged by a later edit
    await newDispute("620102", { flagged: true });
    const later = await newDispute("620103", { flagged: false });
    await t.db.dispute.update({ where: { id: later.id }, data: { warningFlagged: true } });
    const [a2, b2] = await Promise.all([wallTodayData(t.db, lanzhou), wallTodayData(t.db, tianshui)]);
    expect(a2.warningsToday).toBe(a.warningsToday + 2);
    expect(a2.warningsOpen).toBe(a.warningsOpen + 2);
    expect(a2.pulse.map((p) => p.code)).toEqual(expect.arrayContaining(["620102", "620103"]));
    expect(b2).toEqual(b);
    expect(a2.intelByGrade.map((g) => g.grade)).toEqual([1, 2, 3, 4]);
  });

  it("the ticker masks names, ID numbers and mobile numbers", async () => {
    await newDispute("620102", { flagged: true, summary: "王小明（620102199001011234，13912345678）与赵四因借款发生纠纷，王小明扬言报复", parties: "王小明、赵四" });
    const items = await wallTickerData(t.db, kpiScopeFor(await unitByCode(t.db, "620102")));
    const text = items.map((i) => i.text).join("\n");
    expect(text).toContain("王**（620102********1234，139****5678）与赵*因借款发生纠纷，王**扬言报复");
    expect(text).not.toMatch(/王小明|赵四|199001011234|13912345678/);
    expect(items.find((i) => i.text.includes("王**"))?.kind).toBe("预警");
  });
});

describe("the tour", () => {
  it("stops only at units the viewer may see, in the order given, each once", async () => {
    const lanzhou = scopeFor((await unitByCode(t.db, "6201")).path);
    expect(await tourStopsIn(t.db, lanzhou, ["620102", "62", "6205", "620103", "620102", "999999"])).toEqual(["620102", "620103"]);
    const province = scopeFor((await unitByCode(t.db, "62")).path);
    expect(await tourStopsIn(t.db, province, ["6201", "6205", "62"])).toEqual(["6201", "6205", "62"]);
    expect(await tourStopsIn(t.db, province, [])).toEqual([]);
  });
});
