// A throwaway PostgreSQL whose owner is killed (Playwright stops its web server with SIGKILL unless told otherwise;
// an interrupted benchmark) leaves its whole cluster behind: 1.4 GB per end-to-end run, and the disk filled until
// the seed test failed with "No space left on device". The next throwaway start removes such folders, and only
// those: never one whose owner still runs, never one a postgres still runs on, never a young one without an owner.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startThrowawayPostgres, sweepAbandonedThrowaways } from "@/lib/db/embedded";

let base: string;
let deadPid: number;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-base-"));
  fs.chmodSync(base, 0o755); // as root, the postgres user runs the clusters made inside
  deadPid = spawnSync("true").pid!; // a process that has exited
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** a folder shaped like a throwaway instance's: a data directory, optionally an owner file */
function folder(name: string, owner?: number) {
  const dir = path.join(base, name);
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  fs.writeFileSync(path.join(dir, "data", "PG_VERSION"), "18\n");
  if (owner !== undefined) fs.writeFileSync(path.join(dir, "owner.pid"), `${owner}\n`);
  return dir;
}

/** a process of its own group that starts a throwaway instance under `base` and then idles */
function ownerProcess(label: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "-e", `import("./lib/db/embedded.ts").then(async (m) => { await m.startThrowawayPostgres("${label}"); console.log("up"); setInterval(() => {}, 1000); })`],
    { detached: true, env: { ...process.env, TMPDIR: base }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const up = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("up") && resolve());
    child.once("exit", (code) => reject(new Error(`child exited ${code}`)));
  });
  return { process: child, up };
}

const hoursAgo = (dir: string, h: number) => {
  const t = new Date(Date.now() - h * 3_600_000);
  fs.utimesSync(dir, t, t);
};

describe("abandoned throwaway folders", () => {
  it("removes a folder whose owner is gone, keeps one whose owner runs", () => {
    const gone = folder("pingan-e2e-AbC123", deadPid);
    const mine = folder("pingan-e2e-XyZ789", process.pid);
    const log: string[] = [];
    expect(sweepAbandonedThrowaways(base, (l) => log.push(l))).toEqual([gone]);
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.existsSync(mine)).toBe(true);
    expect(log).toEqual([`[db] 删除上次未清理的临时数据库目录 ${gone}`]);
  });

  it("a folder without an owner file is removed only when it holds a data directory and is over an hour old", () => {
    const young = folder("pingan-bench-Young1");
    const old = folder("pingan-bench-Old123");
    hoursAgo(old, 2);
    const noData = path.join(base, "pingan-nginx-Nodata");
    fs.mkdirSync(path.join(noData, "logs"), { recursive: true });
    hoursAgo(noData, 2);
    const notOurs = path.join(base, "someone-else-Old456");
    fs.mkdirSync(path.join(notOurs, "data"), { recursive: true });
    hoursAgo(notOurs, 2);
    expect(sweepAbandonedThrowaways(base)).toEqual([old]);
    for (const kept of [young, noData, notOurs]) expect(fs.existsSync(kept)).toBe(true);
  });

  it("never removes a folder a postgres still runs on, whoever its owner was", async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = base;
    const h = await startThrowawayPostgres("pingan-live");
    try {
      const parent = path.dirname(h.dataDir);
      // the owner file names this process; pretend it died
      expect(fs.readFileSync(path.join(parent, "owner.pid"), "utf8").trim()).toBe(String(process.pid));
      fs.writeFileSync(path.join(parent, "owner.pid"), `${deadPid}\n`);
      expect(sweepAbandonedThrowaways(base)).not.toContain(parent);
      expect(fs.existsSync(path.join(h.dataDir, "PG_VERSION"))).toBe(true);
    } finally {
      await h.stop();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 60_000);

  it("an owner stopped with SIGTERM (Playwright's gracefulShutdown, Ctrl-C) removes its folder as it exits", async () => {
    const child = ownerProcess("pingan-termed");
    await child.up;
    const [name] = fs.readdirSync(base).filter((n) => n.startsWith("pingan-termed-"));
    expect(fs.existsSync(path.join(base, name, "data", "PG_VERSION"))).toBe(true);
    const exited = new Promise((r) => child.process.once("exit", r));
    process.kill(-child.process.pid!, "SIGTERM");
    await exited;
    expect(fs.existsSync(path.join(base, name))).toBe(false);
  }, 120_000);

  it("an owner killed with SIGKILL leaves its cluster; the next throwaway start removes it", async () => {
    const dirs = () => fs.readdirSync(base).filter((n) => n.startsWith("pingan-killed-"));
    // killed whole, the way Playwright kills its web server by default
    const child = ownerProcess("pingan-killed");
    await child.up;
    expect(dirs()).toHaveLength(1);
    const left = path.join(base, dirs()[0]);
    const exited = new Promise((r) => child.process.once("exit", r));
    process.kill(-child.process.pid!, "SIGKILL");
    await exited;
    // postgres dies with its group; its postmaster.pid stays behind
    const pid = Number(fs.readFileSync(path.join(left, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(left)).toBe(true);

    const saved = process.env.TMPDIR;
    process.env.TMPDIR = base;
    try {
      const next = await startThrowawayPostgres("pingan-next");
      await next.stop();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    expect(fs.existsSync(left)).toBe(false);
    expect(dirs()).toEqual([]);
  }, 120_000);
});
