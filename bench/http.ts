// Helpers shared by the bench sections (bench/run.ts, bench/import.ts): percentiles, CPU time from /proc, signing in
// and reading pages over HTTP as a browser would.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** nearest-rank percentiles */
export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

// ── CPU time from /proc (Linux) ─────────────────────────────────────────────────────────────────────────────

const TICK_MS = 10; // USER_HZ = 100 on Linux

export function procCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, and cutime, cstime: the CPU of children already exited and reaped — a PostgreSQL backend that
      // ends between two readings moves its time into the postmaster's cutime, so the sum never goes backwards
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* gone, or not Linux */
    }
  }
  return ticks * TICK_MS;
}

/** Stops a server the bench started: SIGTERM, SIGKILL after 5 s; resolves once it has exited (or at once if it had). */
export async function stopChild(child: ChildProcess | null | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 5000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * `root` and all its descendants, from one pass over /proc (a parent → children map): the load stage samples it
 * twice a second, and a scan of /proc per tree level cost the generator (beside the server) ~6 % of a core.
 */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  if (fs.existsSync("/proc"))
    for (const e of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const list = children.get(ppid);
        if (list) list.push(Number(e));
        else children.set(ppid, [Number(e)]);
      } catch {
        /* gone */
      }
    }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  if (!fs.existsSync("/proc")) return out;
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The web server's processes: next-child.mjs and its cluster workers (not the import worker it also runs). */
export function webProcesses(pid: number): number[] {
  return [
    pid,
    ...childrenOf(pid).filter((c) => {
      try {
        return !fs.readFileSync(`/proc/${c}/cmdline`, "utf8").includes("import-worker");
      } catch {
        return false;
      }
    }),
  ];
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────────────────────

export class Jar {
  private readonly cookies = new Map<string, string>();
  update(res: Response | { setCookies: string[] }) {
    for (const c of "setCookies" in res ? res.setCookies : res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export async function login(base: string, username: string): Promise<Jar> {
  const jar = new Jar();
  const r1 = await fetch(`${base}/api/auth/csrf`);
  jar.update(r1);
  const { csrfToken } = (await r1.json()) as { csrfToken: string };
  const r2 = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, username, password: "Pingan@2023", json: "true" }),
  });
  jar.update(r2);
  if (!jar.header().includes("session-token")) throw new Error(`登录失败：${username}（HTTP ${r2.status}）`);
  return jar;
}

/** GET a page and read the whole (streamed) body */
export async function getPage(base: string, pathname: string, jar: Jar): Promise<string> {
  const res = await fetch(`${base}${pathname}`, { headers: { cookie: jar.header() }, redirect: "manual" });
  jar.update(res);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${pathname}: HTTP ${res.status}`);
  return body;
}

export async function waitReady(base: string, child: ChildProcess, ms = 90_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`next start 已退出（${child.exitCode}）`);
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("next start 未在时限内就绪");
}


/**
 * Replaces the part of a results file between `start` and `end` with `section` (markers included in `section`);
 * the first time, the section goes before the line `before` (or at the end). The rest of the file is kept.
 */
export function writeMarkedSection(file: string, start: string, end: string, section: string, before: string) {
  const md = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const a = md.indexOf(start);
  const b = md.indexOf(end);
  let next: string;
  if (a >= 0 && b > a) next = md.slice(0, a) + section + md.slice(b + end.length);
  else {
    const at = md.indexOf(`\n${before}`);
    next = at >= 0 ? `${md.slice(0, at)}\n${section}\n${md.slice(at)}` : `${md.trimEnd()}\n\n${section}\n`;
  }
  fs.writeFileSync(file, next);
}
