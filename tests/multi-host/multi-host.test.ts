// Several app servers behind nginx, with a streaming replica — the recipe of docs/operations.md, run for real:
// a primary and a hot standby (tests/support/replica.ts), the demo data, two app servers started as two hosts run
// them (each with its import worker and report scheduler, the same NEXTAUTH_SECRET, TRUST_PROXY=1), and nginx with
// the repository's deploy/nginx/pingan.conf. A mixed load (logins, page reads, ledger records created and edited
// through the real server actions, each write carrying its own marker) runs through nginx while app server A is
// killed (SIGKILL) and restarted and the replica is stopped and started. Then, in the database and nginx's log:
// - every write answered with success is in the database exactly once; a write that failed is there at most once;
// - no GET was answered with an error: those that reached the dead server were retried on the other one (seen in
//   nginx's log as two upstream attempts); the only GETs allowed to fail are the ones whose answer was already
//   streaming from A when it died (nginx cannot retry an answer it has begun to pass on) — at most one per virtual
//   user, all in flight at the moment of the kill, none answered with a 5xx status;
// - a session from a login on A works on B and one from B works on A; a write through A is read through B;
// - a report schedule due now gives exactly one archived report, with both servers' schedulers running;
// - an import uploaded once is claimed once and its rows written once, with both import workers running.
// Everything is stopped and removed at the end — on failure and on Ctrl-C too (reaper.mjs watches this process).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../lib/db/embedded";
import { createPrismaClient } from "../../lib/db/client";
import { applyMigrations } from "../../lib/db/schema-engine";
import { runSeed } from "../../lib/seed";
import { buildIfNeeded } from "../../scripts/lib/build";
import { disputeCsvGbk } from "../support/dispute-csv";
import { type PrimaryAndReplica, startPrimaryAndReplica } from "../support/replica";
import { type AppServer, type Nginx, nginxBinary, startAppServer, startNginx, startReaper, stopChild, waitForHealth } from "./cluster";
import { type Jar, actionIds, callAction, login } from "./http";

const LOG = process.env.MULTI_HOST_LOG === "1";
const log = (m: string) => {
  if (LOG) console.log(m);
};

interface Req {
  vu: number;
  kind: "login" | "page" | "create" | "edit";
  method: "GET" | "POST";
  path: string;
  t0: number;
  t1: number;
  status: number | null;
  /** transport error (connection cut, body cut off) */
  error?: string;
  /** for writes: the marker the write carries, and whether the action answered ok */
  marker?: string;
  ok?: boolean;
  recordId?: number;
}

let db: PrimaryAndReplica | null = null;
let nginx: Nginx | null = null;
const servers = new Map<"A" | "B", AppServer>();
let reaper: ReturnType<typeof startReaper> | null = null;
let sql: pg.Client | null = null;
let env: Record<string, string> = {};
let ids = new Map<string, string>();
let chengguanId = 0;
let scheduleId = 0;
let nginxPort = 0;
/** the load's virtual users run while this is true (cleared by cleanup too: a failed assertion mid-load stops them) */
let running = false;

const CREATE = "lib/ledgers/server-actions#createLedgerRecord";
const UPDATE = "lib/ledgers/server-actions#updateLedgerRecord";
const IMPORT = "lib/ledgers/server-actions#importLedger";

const disputeFields = (summary: string) => ({
  ledger: "disputes",
  summary,
  category: "邻里冲突",
  parties: "王某、李某",
  foundOn: "2025-03-05",
  source: "110警情",
  status: "调解中",
  riskTier: "BLUE",
});

async function cleanup() {
  running = false;
  // the balancer first (its idle keep-alive connections would hold the servers' graceful close), then the servers
  await nginx?.stop().catch(() => {});
  nginx = null;
  await Promise.all([...servers.values()].map((s) => stopChild(s.child, "SIGTERM", 10_000).catch(() => {})));
  servers.clear();
  await sql?.end().catch(() => {});
  sql = null;
  await db?.stop().catch(() => {});
  db = null;
  reaper?.stop();
  reaper = null;
}

async function startServer(name: "A" | "B", port: number): Promise<AppServer> {
  const s = startAppServer(name, port, env, log);
  servers.set(name, s);
  await waitForHealth(`${s.url}/api/health`, 120_000, () => (s.child.exitCode !== null ? `应用服务器 ${name} 已退出：\n${s.output.slice(-30).join("\n")}` : null));
  return s;
}

beforeAll(async () => {
  nginxBinary(); // fails first, with the package to install, when nginx is missing
  buildIfNeeded((m) => console.log(`[multi-host] ${m}`));
  ids = actionIds();
  for (const k of [CREATE, UPDATE, IMPORT]) if (!ids.get(k)) throw new Error(`构建中找不到服务器动作 ${k}`);
  reaper = startReaper([]);
  const t0 = Date.now();
  const phase = (m: string) => console.log(`[multi-host] ${m}（${((Date.now() - t0) / 1000).toFixed(0)} s）`);
  db = await startPrimaryAndReplica({ name: "multi" });
  phase("主库与流复制备库就绪");
  await applyMigrations(db.primaryUrl);
  const prisma = createPrismaClient(db.primaryUrl, { max: 2 });
  try {
    await runSeed(prisma, { demo: true });
  } finally {
    await prisma.$disconnect();
  }
  phase("迁移与演示数据完成");
  sql = new pg.Client({ connectionString: db.primaryUrl });
  await sql.connect();
  chengguanId = (await sql.query<{ id: number }>("SELECT id FROM units WHERE code = '620102'")).rows[0].id;
  // a schedule due now (day 1 ≤ today): both servers' schedulers find it at their first check, 10 s after start
  const unit = (await sql.query<{ id: number; path: string }>("SELECT id, path FROM units WHERE code = '6205'")).rows[0];
  const analyst = (await sql.query<{ id: number }>("SELECT id FROM users WHERE username = 'sheng_fenxi'")).rows[0];
  scheduleId = (
    await sql.query<{ id: number }>(
      "INSERT INTO report_schedules (unit_id, unit_path, day_of_month, active, created_by_id, updated_at) VALUES ($1, $2, 1, true, $3, now()) RETURNING id",
      [unit.id, unit.path, analyst.id],
    )
  ).rows[0].id;

  nginxPort = await freePort();
  const [portA, portB] = [await freePort(), await freePort()];
  env = {
    DATABASE_URL: db.primaryUrl,
    DATABASE_REPLICA_URL: db.replicaUrl,
    // the same secret on every host: a session signed by one server is read by the other
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: `http://127.0.0.1:${nginxPort}`,
    TRUST_PROXY: "1",
    WEB_CONCURRENCY: "1",
    // a report period claimed by A just before it is killed is taken over by B after this long (production: 30 min)
    REPORT_CLAIM_STALE_SECONDS: "20",
  };
  await Promise.all([startServer("A", portA), startServer("B", portB)]);
  phase("两台应用服务器就绪");
  nginx = await startNginx({ upstreams: [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`], port: nginxPort, log });
  phase("nginx 就绪");
}, 900_000);

afterAll(async () => {
  await cleanup();
}, 120_000);

// Ctrl-C while the test runs: stop everything before going (the reaper is the net under this)
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    void cleanup().finally(() => process.exit(130));
  });
}

describe("多台应用服务器 + nginx + 流复制备库", () => {
  it("会话在两台服务器上都有效；经 A 写入的记录经 B 读得到；客户端伪造的 X-Forwarded-For 不被采信", async () => {
    const A = servers.get("A")!;
    const B = servers.get("B")!;
    const name = (await sql!.query<{ name: string }>("SELECT name FROM users WHERE username = 'chengguan_minjing'")).rows[0].name;
    for (const [from, to] of [
      [A, B],
      [B, A],
    ]) {
      const jar = await login(from.url, "chengguan_minjing");
      const res = await fetch(`${to.url}/ledgers/disputes`, { headers: { cookie: jar.header() }, redirect: "manual" });
      const body = await res.text();
      expect(res.status, `在 ${from.name} 登录，在 ${to.name} 打开台账`).toBe(200);
      expect(body).toContain(name);
    }

    const jar = await login(A.url, "chengguan_minjing");
    const marker = `经A写入${randomBytes(4).toString("hex")}`;
    const created = await callAction(A.url, "/ledgers/disputes/new", ids.get(CREATE)!, jar, { ...disputeFields(marker), unitId: chengguanId });
    expect(created.result?.ok, JSON.stringify(created)).toBe(true);
    const id = (created.result!.data as { id: number }).id;
    const page = await fetch(`${B.url}/ledgers/disputes/${id}`, { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(marker);

    // through nginx, a forged X-Forwarded-For: nginx appends the real peer and the app takes the last entry
    const viaNginx = await login(nginx!.url, "chengguan_minjing");
    const forged = `伪造地址${randomBytes(4).toString("hex")}`;
    const r = await callAction(nginx!.url, "/ledgers/disputes/new", ids.get(CREATE)!, viaNginx, { ...disputeFields(forged), unitId: chengguanId }, { headers: { "x-forwarded-for": "6.6.6.6" } });
    expect(r.result?.ok, JSON.stringify(r)).toBe(true);
    const audit = await sql!.query<{ ip: string }>("SELECT ip FROM audit_logs WHERE action = 'ledger.create' AND result = 'success' AND entity_id = $1", [String((r.result!.data as { id: number }).id)]);
    expect(audit.rows.map((x) => x.ip)).toEqual(["127.0.0.1"]);
  });

  it("负载中杀掉并重启 A、停止并重启备库：写入不丢不重，GET 由 nginx 重试，月报只生成一份，导入只认领一次", async () => {
    const base = nginx!.url;
    const reqs: Req[] = [];
    running = true;
    let seq = 0;
    const tag = randomBytes(3).toString("hex");
    const importTag = `导入${tag}`;

    const timed = async (r: Omit<Req, "t0" | "t1" | "status">, fn: () => Promise<{ status: number; ok?: boolean; recordId?: number }>) => {
      const rec: Req = { ...r, t0: Date.now(), t1: 0, status: null };
      reqs.push(rec);
      try {
        const out = await fn();
        rec.status = out.status;
        rec.ok = out.ok;
        rec.recordId = out.recordId;
      } catch (e) {
        rec.error = e instanceof Error ? `${e.name}: ${e.message}${e.cause ? ` (${String((e.cause as Error).message ?? e.cause)})` : ""}` : String(e);
      }
      rec.t1 = Date.now();
      return rec;
    };
    const get = (vu: number, jar: Jar, p: string) =>
      timed({ vu, kind: "page", method: "GET", path: p }, async () => {
        const res = await fetch(`${base}${p}`, { headers: { cookie: jar.header() }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
        await res.arrayBuffer(); // the whole body: a cut-off answer is an error here
        return { status: res.status };
      });

    const READS: Record<string, string[]> = {
      chengguan_minjing: ["/", "/ledgers/disputes", "/tasks"],
      lanzhou_zhihui: ["/cockpit/6201", "/", "/supervision"],
      sheng_fenxi: ["/reports", "/stats", "/"],
      lanzhou_shenhe: ["/reviews", "/", "/ledgers/disputes"],
    };
    const vu = async (n: number, username: string, writes: boolean) => {
      let jar: Jar | null = null;
      let record: { id: number; version: number } | null = null;
      let i = 0;
      while (running) {
        i++;
        if (!jar || i % 12 === 0) {
          const r = await timed({ vu: n, kind: "login", method: "POST", path: "/api/auth/callback/credentials" }, async () => {
            jar = await login(base, username);
            return { status: 200 };
          });
          if (r.error) {
            await new Promise((x) => setTimeout(x, 300));
            continue;
          }
        }
        const reads = READS[username];
        await get(n, jar!, reads[i % reads.length]);
        if (writes) {
          const marker = `多机${tag}-${n}-${++seq}`;
          if (!record || i % 3 === 0) {
            const r = await timed({ vu: n, kind: "create", method: "POST", path: "/ledgers/disputes/new", marker }, async () => {
              const a = await callAction(base, "/ledgers/disputes/new", ids.get(CREATE)!, jar!, { ...disputeFields(marker), unitId: chengguanId });
              return { status: a.status, ok: a.result?.ok === true, recordId: (a.result?.data as { id?: number } | undefined)?.id };
            });
            if (r.ok && r.recordId) record = { id: r.recordId, version: 1 };
          } else {
            const current = record;
            const r = await timed({ vu: n, kind: "edit", method: "POST", path: `/ledgers/disputes/${current.id}`, marker, recordId: current.id }, async () => {
              const a = await callAction(base, `/ledgers/disputes/${current.id}`, ids.get(UPDATE)!, jar!, { ...disputeFields(marker), id: current.id, version: current.version });
              return { status: a.status, ok: a.result?.ok === true, recordId: current.id };
            });
            if (r.ok) current.version++;
            else record = null; // unknown state (or a conflict): continue on a new record
          }
        }
        await new Promise((x) => setTimeout(x, 150));
      }
    };

    const vus = [
      vu(1, "chengguan_minjing", true),
      vu(2, "chengguan_minjing", true),
      vu(3, "chengguan_minjing", true),
      vu(4, "lanzhou_zhihui", false),
      vu(5, "sheng_fenxi", false),
      vu(6, "lanzhou_shenhe", false),
    ];
    const VUS = vus.length;
    const sleep = (ms: number) => new Promise((x) => setTimeout(x, ms));

    await sleep(5_000);

    // ── kill A in the middle of the load, with a burst of page reads on their way: those nginx gave to A and that
    // had no answer yet when it died must be retried on B
    const A = servers.get("A")!;
    const burstJar = await login(servers.get("B")!.url, "lanzhou_zhihui");
    const burst = Array.from({ length: 8 }, (_, k) => get(100 + k, burstJar, k % 2 ? "/" : "/cockpit/6201"));
    await sleep(30);
    const killedAt = Date.now();
    A.child.kill("SIGKILL");
    await new Promise<void>((r) => (A.child.exitCode !== null || A.child.signalCode !== null ? r() : A.child.once("exit", () => r())));
    // and right after: nginx has not yet marked A failed, so some of these too go to A first
    const after = Array.from({ length: 8 }, (_, k) => get(200 + k, burstJar, k % 2 ? "/" : "/cockpit/6201"));
    await Promise.all([...burst, ...after]);
    await sleep(3_000);
    const restartedAt = Date.now();
    await startServer("A", A.port);
    const upAgainAt = Date.now();
    // the import, uploaded once through nginx by an officer while the load goes on, once A is back: both import
    // workers listen (a job on a worker killed mid-run is rightly claimed a second time, after 2 minutes)
    const importer = await login(base, "chengguan_minjing");
    const form = new FormData();
    form.append("ledger", "disputes");
    form.append("unitId", String(chengguanId));
    form.append("file", new File([new Uint8Array(disputeCsvGbk(40, importTag))], `多机导入${tag}.csv`, { type: "text/csv" }));
    const uploaded = await callAction(base, "/ledgers/disputes/import", ids.get(IMPORT)!, importer, form);
    expect(uploaded.result?.ok, JSON.stringify(uploaded)).toBe(true);
    const jobId = (uploaded.result!.data as { jobId: number }).jobId;

    await sleep(4_000);

    // ── the replica goes away under load and comes back
    const replicaStoppedAt = Date.now();
    await db!.stopReplica();
    await sleep(6_000);
    await db!.startReplica();
    const replicaBackAt = Date.now();
    await sleep(4_000);
    running = false;
    await Promise.all(vus);

    // ── nginx's view: which server answered each request (its access log, format "multi" from cluster.ts)
    const access = fs
      .readFileSync(path.join(nginx!.prefix, "logs", "access.log"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split("\t"));
    const portOf = (s: AppServer) => `127.0.0.1:${s.port}`;
    const B = servers.get("B")!;
    const summary = {
      requests: reqs.length,
      byKind: Object.fromEntries(["login", "page", "create", "edit"].map((k) => [k, reqs.filter((r) => r.kind === k).length])),
      failed: reqs.filter((r) => r.error || (r.status ?? 0) >= 400 || r.ok === false).map((r) => `${r.kind} ${r.method} ${r.path} ${r.status ?? ""} ${r.error ?? ""} @${r.t0 - killedAt}ms`),
      retriedInNginx: access.filter((f) => f[3]?.includes(",")).map((f) => f.join(" ")),
      timeline: { restartAfterKillMs: restartedAt - killedAt, upAgainAfterKillMs: upAgainAt - killedAt, replicaDownMs: replicaBackAt - replicaStoppedAt },
    };
    console.log(`[multi-host] ${JSON.stringify(summary, null, 1)}`);

    // the load did run on both servers, before and after the kill, and wrote
    expect(access.some((f) => f[3] === portOf(A))).toBe(true);
    expect(access.some((f) => f[3] === portOf(B))).toBe(true);
    const creates = reqs.filter((r) => r.kind === "create");
    const edits = reqs.filter((r) => r.kind === "edit");
    expect(creates.filter((r) => r.ok).length).toBeGreaterThanOrEqual(10);
    expect(edits.filter((r) => r.ok).length).toBeGreaterThanOrEqual(5);
    expect(creates.filter((r) => r.ok && r.t0 > upAgainAt).length).toBeGreaterThan(0);

    // ── GETs: never a 5xx; retried by nginx when they met the dead server
    const gets = reqs.filter((r) => r.method === "GET");
    expect(gets.filter((r) => r.status !== null && r.status >= 500).map((r) => `${r.path} ${r.status}`)).toEqual([]);
    expect(gets.filter((r) => r.status !== null && r.status !== 200).map((r) => `${r.path} ${r.status}`)).toEqual([]);
    const cut = gets.filter((r) => r.error);
    // only answers already streaming from A at the moment it was killed may be cut off: begun before the kill
    for (const r of cut) expect(r.t0 < killedAt && r.t1 >= killedAt - 100, `${r.path} ${r.error} ${r.t0 - killedAt}…${r.t1 - killedAt} ms`).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(VUS + 8);
    // nginx's log shows GETs that went to A first, failed there, and were answered by B
    const retried = access.filter((f) => f[0] === "GET" && f[3] === `${portOf(A)}, ${portOf(B)}` && f[2] === "200");
    expect(retried.length, "nginx 应把发往已停止的 A 的 GET 转给 B").toBeGreaterThan(0);
    // POSTs are never sent twice: an attempt on A that failed after the request was sent is not repeated on B.
    // (A POST that could not even connect to A is passed to B — A never received it.) Checked in the data below.

    // ── writes: success → exactly once; failure → at most once. Counted in the audit log, written in the same
    // transaction as the change (a record's summary is later overwritten by its edits; its audit rows stay)
    const applied = async (action: string, marker: string) =>
      Number((await sql!.query<{ n: string }>("SELECT count(*) AS n FROM audit_logs WHERE action = $1 AND result = 'success' AND after->>'summary' = $2", [action, marker])).rows[0].n);
    for (const r of creates) {
      const n = await applied("ledger.create", r.marker!);
      if (r.ok) {
        expect(n, `成功的新增 ${r.marker} 应恰好一次`).toBe(1);
        const row = (await sql!.query<{ entity_id: string }>("SELECT entity_id FROM audit_logs WHERE action = 'ledger.create' AND result = 'success' AND after->>'summary' = $1", [r.marker])).rows[0];
        expect(Number(row.entity_id)).toBe(r.recordId);
        expect((await sql!.query("SELECT 1 FROM disputes WHERE id = $1", [r.recordId])).rowCount).toBe(1);
      } else expect(n, `失败的新增 ${r.marker} 至多一次`).toBeLessThanOrEqual(1);
    }
    for (const r of edits) {
      const n = await applied("ledger.update", r.marker!);
      if (r.ok) expect(n, `成功的修改 ${r.marker} 应恰好一次`).toBe(1);
      else expect(n, `失败的修改 ${r.marker} 至多一次`).toBeLessThanOrEqual(1);
    }
    // and no record carries a marker twice: the table itself has no duplicate of any write
    const dup = await sql!.query("SELECT summary FROM disputes WHERE summary LIKE $1 GROUP BY summary HAVING count(*) > 1", [`多机${tag}-%`]);
    expect(dup.rows).toEqual([]);
    // each record's version counts its applied edits: never more than were sent
    const byRecord = new Map<number, Req[]>();
    for (const r of edits) byRecord.set(r.recordId!, [...(byRecord.get(r.recordId!) ?? []), r]);
    for (const [id, rs] of byRecord) {
      const v = (await sql!.query<{ version: number }>("SELECT version FROM disputes WHERE id = $1", [id])).rows[0].version;
      expect(v - 1).toBeGreaterThanOrEqual(rs.filter((r) => r.ok).length);
      expect(v - 1).toBeLessThanOrEqual(rs.length);
    }

    // ── the import: claimed once, run once, its rows written once; both servers ran an import worker. The worker
    // runs below the web server's CPU priority: on a busy machine it may finish only now
    const importEnd = Date.now() + 240_000;
    let job: { status: string } | null = null;
    while (Date.now() < importEnd) {
      job = (await sql!.query<{ status: string }>("SELECT status FROM import_jobs WHERE id = $1", [jobId])).rows[0];
      if (job.status === "DONE" || job.status === "FAILED") break;
      await sleep(250);
    }
    expect(job?.status).toBe("DONE");
    const j = (await sql!.query<{ attempts: number; claimed_by: string; inserted: number }>("SELECT attempts, claimed_by, inserted FROM import_jobs WHERE id = $1", [jobId])).rows[0];
    expect(j.attempts).toBe(1);
    expect(j.inserted).toBe(40);
    expect(Number((await sql!.query<{ n: string }>("SELECT count(*) AS n FROM disputes WHERE summary LIKE $1", [`${importTag}%`])).rows[0].n)).toBe(40);
    for (const s of [A, B]) expect(s.output.some((l) => l.includes("导入处理进程已启动")), `${s.name} 的导入处理进程`).toBe(true);

    // ── the schedule: one archive across both schedulers (both check 10 s after start; A checked again after its restart)
    const reportEnd = Date.now() + 180_000;
    let archives = 0;
    while (Date.now() < reportEnd) {
      archives = Number((await sql!.query<{ n: string }>("SELECT count(*) AS n FROM report_archives WHERE schedule_id = $1", [scheduleId])).rows[0].n);
      if (archives > 0 && Date.now() - upAgainAt > 15_000) break;
      await sleep(500);
    }
    const schedule = (await sql!.query<{ last_period: string | null; last_error: string | null }>("SELECT last_period, last_error FROM report_schedules WHERE id = $1", [scheduleId])).rows[0];
    expect(schedule.last_error).toBeNull();
    expect(archives).toBe(1);
    const periods = (await sql!.query<{ period: string }>("SELECT period FROM report_archives WHERE schedule_id = $1", [scheduleId])).rows.map((x) => x.period);
    expect(periods).toEqual([schedule.last_period]);

    // the replica came back and streams again: a write on the primary reaches it
    const lsn = (await sql!.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
    const caughtUp = Date.now() + 30_000;
    let replayed: string | null = null;
    while (Date.now() < caughtUp) {
      replayed = await db!.replayLsn();
      if (replayed && lsnValue(replayed) >= lsnValue(lsn)) break;
      await sleep(200);
    }
    expect(replayed && lsnValue(replayed) >= lsnValue(lsn)).toBe(true);
  });
});

function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}
