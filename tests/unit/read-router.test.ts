// The pieces of read routing that need no database: the write cookie's LSN format, the replica settings from the
// environment, and the words of 「数据截至」.
import { afterEach, describe, expect, it } from "vitest";
import { formatLsn, isUnavailable, parseLsn, replicaUrlsFromEnv, routerOptionsFromEnv, walCookieMaxAge } from "@/lib/db/read-router";
import { asOfLabel } from "@/lib/freshness/label";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["REPLICA_MAX_LAG_SECONDS", "REPLICA_CHECK_MS"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("the write cookie's LSN", () => {
  it("parses PostgreSQL's text form and orders positions as numbers, not strings", () => {
    expect(parseLsn("0/3015FF8")).toBe(0x3015ff8n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(parseLsn("0/9")! < parseLsn("0/10")!).toBe(true); // "0/9" > "0/10" as strings
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
  });

  it.each(["", "0", "0/", "/1", "0/1/2", "g/1", "0/123456789", "0/1;x", " 0/1 x", "-1/1"])("refuses %j", (s) => {
    expect(parseLsn(s)).toBeNull();
  });

  it("refuses a missing cookie", () => {
    expect(parseLsn(undefined)).toBeNull();
    expect(parseLsn(null)).toBeNull();
  });
});

describe("settings", () => {
  it("DATABASE_REPLICA_URL: one or more, comma-separated, blanks ignored", () => {
    expect(replicaUrlsFromEnv(undefined)).toEqual([]);
    expect(replicaUrlsFromEnv(" ")).toEqual([]);
    expect(replicaUrlsFromEnv("postgresql://a/x, postgresql://b/x,")).toEqual(["postgresql://a/x", "postgresql://b/x"]);
  });

  it("REPLICA_MAX_LAG_SECONDS defaults to 10; nonsense falls back to the default", () => {
    delete process.env.REPLICA_MAX_LAG_SECONDS;
    expect(routerOptionsFromEnv().maxLagSeconds).toBe(10);
    process.env.REPLICA_MAX_LAG_SECONDS = "3";
    expect(routerOptionsFromEnv().maxLagSeconds).toBe(3);
    process.env.REPLICA_MAX_LAG_SECONDS = "abc";
    expect(routerOptionsFromEnv().maxLagSeconds).toBe(10);
    process.env.REPLICA_CHECK_MS = "5";
    expect(routerOptionsFromEnv().intervalMs).toBe(1000);
  });

  it("the write cookie outlives the largest lag a replica in use can have", () => {
    expect(walCookieMaxAge({ maxLagSeconds: 10, intervalMs: 1000 })).toBeGreaterThan(10 + 3);
    expect(walCookieMaxAge({ maxLagSeconds: 100, intervalMs: 1000 })).toBeGreaterThan(200);
  });

  it("knows a server that cannot answer from an error in the query", () => {
    expect(isUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isUnavailable(new Error("terminating connection due to administrator command"))).toBe(true);
    expect(isUnavailable(new Error('relation "x" does not exist'))).toBe(false);
  });
});

describe("「数据截至」", () => {
  const now = new Date("2026-12-05T07:00:10Z");
  it("a replica: its data time in Beijing time, and how far behind in words", () => {
    // in sync at the last check: the check's time, 已同步
    expect(asOfLabel({ source: "replica", asOf: new Date("2026-12-05T07:00:09.5Z"), inSync: true }, now)).toEqual({ text: "数据截至 15:00:09", note: "北京时间，只读副本，已同步", iso: "2026-12-05T07:00:09.500Z" });
    // replaying: how long ago its data time was, never "0 秒"
    expect(asOfLabel({ source: "replica", asOf: new Date("2026-12-05T07:00:04Z"), inSync: false }, now).note).toBe("北京时间，只读副本，约 6 秒前");
    expect(asOfLabel({ source: "replica", asOf: new Date("2026-12-05T07:00:09.9Z"), inSync: false }, now).note).toBe("北京时间，只读副本，约 1 秒前");
  });
  it("the primary: live, as of the request (also across Beijing midnight)", () => {
    expect(asOfLabel({ source: "primary", asOf: null }, now)).toMatchObject({ text: "数据截至 15:00:10", note: "北京时间，实时数据" });
    expect(asOfLabel({ source: "primary", asOf: null }, new Date("2026-12-05T16:30:00Z")).text).toBe("数据截至 00:30:00");
  });
});
