// The Node CPU per page of two builds side by side (issue 14, the fixed per-page cost): the same everyday pages as
// the load users see them, requested in alternation from server A and server B (passes alternate which goes first), so
// that both see the same machine load — on a shared machine the CPU time of a request grows with the load, and only a
// side-by-side comparison is fair. CPU from /proc of each server's process tree; median of the passes.
//   database: N=40 npx tsx bench/page-cpu-env.ts &   (writes PAGE_CPU_ENV, default /tmp/page-cpu/env.json)
//   servers:  two builds (e.g. a `git archive` of the base commit built elsewhere), each started as
//             NODE_ENV=production DATABASE_URL=… NEXTAUTH_SECRET=<same for both> WEB_CONCURRENCY=1 IMPORT_WORKER=0 \
//             node scripts/lib/next-child.mjs start -p <port>
//   run:      A=http://127.0.0.1:<a> APID=<pid a> B=http://127.0.0.1:<b> BPID=<pid b> [REPS=10 PASSES=6 ONLY=<regex>] \
//             npx tsx bench/page-cpu-ab.ts
import fs from "node:fs";
import { getPage, login, processTree, procCpuMs } from "./http";
const e = JSON.parse(fs.readFileSync(process.env.PAGE_CPU_ENV ?? "/tmp/page-cpu/env.json", "utf8"));
const servers = { A: { base: process.env.A!, pid: Number(process.env.APID) }, B: { base: process.env.B!, pid: Number(process.env.BPID) } };
const N = Number(process.env.REPS ?? 10);
const passes = Number(process.env.PASSES ?? 6);
const u = (p: string, l: string) => e.users.find((x: { person: string; unitLevel: string }) => x.person === p && x.unitLevel === l);
const off = u("officer", "COUNTY"), cp = u("commander", "PROVINCE"), ck = u("commander", "COUNTY"), rv = u("reviewer", "COUNTY"), ap = u("analyst", "PROVINCE");
const jars: Record<string, Awaited<ReturnType<typeof login>>> = {};
for (const x of [off, cp, ck, rv, ap]) jars[x.username] = await login(servers.A.base, x.username);
const offTasks = await getPage(servers.A.base, "/tasks", jars[off.username]);
const taskId = /href="\/tasks\/(\d+)"/.exec(offTasks)![1];
const led = await getPage(servers.A.base, "/ledgers/disputes", jars[off.username]);
const recId = /href="\/ledgers\/disputes\/(\d+)"/.exec(led)![1];
const cases: [string, string, string][] = [
  ["officer home", off.username, "/"], ["officer tasks", off.username, "/tasks"], ["officer task", off.username, `/tasks/${taskId}`],
  ["officer ledger list", off.username, "/ledgers/disputes"], ["officer record", off.username, `/ledgers/disputes/${recId}`],
  ["province cmd home", cp.username, "/"], ["county cmd home", ck.username, "/"], ["reviewer home", rv.username, "/"], ["reviews", rv.username, "/reviews"],
  ["analyst home", ap.username, "/"], ["analyst ledger list", ap.username, "/ledgers/disputes"], ["account/password", off.username, "/account/password"],
];
const picked = cases.filter(([name]) => !process.env.ONLY || new RegExp(process.env.ONLY).test(name));
for (const s of Object.values(servers)) for (const [, user, url] of picked) for (let i = 0; i < 5; i++) await getPage(s.base, url, jars[user]);
const res: Record<string, Record<string, number[]>> = {};
const kb: Record<string, Record<string, number>> = {};
const load0 = (await import("node:os")).loadavg()[0];
for (let pass = 0; pass < passes; pass++) {
  for (const [name, user, url] of picked) {
    for (const [k, s] of pass % 2 ? Object.entries(servers).reverse() : Object.entries(servers)) {
      const c0 = procCpuMs(processTree(s.pid)); let bytes = 0;
      for (let i = 0; i < N; i++) bytes += (await getPage(s.base, url, jars[user])).length;
      const c1 = procCpuMs(processTree(s.pid));
      ((res[name] ??= {})[k] ??= []).push((c1 - c0) / N);
      (kb[name] ??= {})[k] = bytes / N / 1024;
    }
  }
}
const load1 = (await import("node:os")).loadavg()[0];
const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`load average (1 min) ${load0.toFixed(1)} → ${load1.toFixed(1)}; ${passes} passes × ${N} requests per server, node CPU ms per request (median of passes)`);
console.log(`${"page".padEnd(22)}      A      B   B−A`);
for (const [name, r] of Object.entries(res)) {
  const a = med(r.A), b = med(r.B);
  console.log(`${name.padEnd(22)} ${a.toFixed(1).padStart(6)} ${b.toFixed(1).padStart(6)} ${(b - a).toFixed(1).padStart(5)}   ${kb[name].A.toFixed(0)}/${kb[name].B.toFixed(0)} KB`);
}
process.exit(0);
