// A node:cluster of two workers relaying shared reads exactly as `npm start` does (scripts/lib/shared-relay.mjs in the
// primary, lib/db/shared-peers.ts in the workers), on the test's database (DATABASE_URL). Worker 1 computes one entry;
// worker 2 waits until it has arrived and reads the same key with a loader that counts its calls. The primary prints
// one JSON line with what each worker saw and exits. Used by tests/integration/shared-peers.test.ts.
import cluster from "node:cluster";
import { relaySharedReads } from "../../scripts/lib/shared-relay.mjs";

type Report = { worker: number; value?: unknown; types?: string[]; asOf?: number; shared?: boolean; calls?: number; error?: string };

if (cluster.isPrimary) {
  const reports: Report[] = [];
  const workers = [cluster.fork({ SHARED_ROLE: "1" }), cluster.fork({ SHARED_ROLE: "2" })];
  relaySharedReads(cluster, () => Object.values(cluster.workers ?? {}));
  const timer = setTimeout(() => finish("timeout"), 20_000);
  const finish = (error?: string) => {
    clearTimeout(timer);
    console.log(JSON.stringify({ reports, error }));
    for (const w of workers) w.kill();
    process.exit(0);
  };
  cluster.on("message", (_w, m: { type?: string; report?: Report }) => {
    if (m?.type !== "test:report" || !m.report) return;
    reports.push(m.report);
    if (m.report.error) finish(m.report.error);
    // worker 1 has computed: worker 2 may look now
    if (m.report.worker === 1) workers[1].send({ type: "test:go" });
    if (reports.length === 2) finish();
  });
} else {
  const role = Number(process.env.SHARED_ROLE);
  const { createPrismaClient } = await import("../../lib/db/client");
  const { SharedReads } = await import("../../lib/db/shared-read");
  const { clusterPeers } = await import("../../lib/db/shared-peers");
  const db = createPrismaClient(process.env.DATABASE_URL!, { max: 2 });
  const reads = new SharedReads({ maxAgeMs: 60_000, maxEntries: 10 }, clusterPeers());
  let calls = 0;
  const load = async () => {
    calls++;
    const [r] = await db.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM units");
    // what cockpit data holds: Maps, Dates, bigint, nested objects and arrays
    return { units: r.n, at: new Date("2026-11-30T16:00:00Z"), by: new Map([["6201", { v: 1.5, last: null }]]), big: 2n ** 70n, list: [1, "二", true] };
  };
  const report = (r: Omit<Report, "worker">) => process.send!({ type: "test:report", report: { worker: role, ...r } });
  const types = (v: unknown) => {
    const x = v as { at: unknown; by: unknown; big: unknown };
    return [x.at instanceof Date ? "Date" : typeof x.at, x.by instanceof Map ? "Map" : typeof x.by, typeof x.big];
  };
  const show = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Map ? { map: [...x] } : x)));
  try {
    if (role === 1) {
      const r = await reads.read("cockpit|6201|test", db, null, load);
      // the entry goes out once its value is there; give the channel a moment before reporting
      await new Promise((res) => setTimeout(res, 200));
      report({ value: show(r.value), types: types(r.value), asOf: r.asOf.getTime(), shared: r.shared, calls });
    } else {
      await new Promise<void>((res) => process.on("message", (m: { type?: string }) => m?.type === "test:go" && res()));
      for (let i = 0; i < 100 && reads.size === 0; i++) await new Promise((res) => setTimeout(res, 50));
      const r = await reads.read("cockpit|6201|test", db, null, load);
      report({ value: show(r.value), types: types(r.value), asOf: r.asOf.getTime(), shared: r.shared, calls });
    }
  } catch (e) {
    report({ error: String(e) });
  }
}
