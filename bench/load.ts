// issue 14: a mixed-role, closed-loop load generator of our own (`npm run bench -- --only load`, and in the full run).
//
// N virtual users, each a person with an account of their own (created here in the bench database with the shared
// account code, lib/seed/accounts.ts), each signed in once through the real next-auth credentials flow, each doing
// what that person does, with a think time of 5 s ± 50 % between page loads:
// - commanders (province, city, county): their home, their cockpit, the cockpit with another KPI on the map and
//   ranking (the KPI detail), the cockpit of a unit below (the drill-down, taken from the page's own links);
// - officers (county units): the home to-do, the task list, a task of their unit, a progress update (WRITE), the
//   disputes ledger list, a record, an edit of that record with the version it was read with (WRITE; a conflict
//   with another officer's edit is a correct answer, counted apart);
// - reviewers (city and county units): the home, /reviews, the oldest waiting task, a decision on it (WRITE:
//   accept, or return with a reason) — waiting work is seeded for every reviewer's unit;
// - analysts (province and city): the home, the report view, the disputes list and a CSV export of their scope
//   (the last 30 days, as the list's filter asks for it).
// Writes are the server actions the browser calls: the action's id is read from the page (the React flight data
// inlined in the HTML: the form's `action` prop is a server reference whose row carries the id), the form's fields
// are encoded with React's own encodeReply (as the browser's ActionForm sends them) and POSTed to the page with the
// Next-Action header and a same-site Origin, with the field ActionForm adds (lib/actions/refresh-field.ts) so that
// the answer brings the page rendered again; only an answer without it is followed by a router.refresh() request.
// The home that begins each round is a click on 工作首页 (a client-side navigation), or in LOAD_RELOAD of the
// rounds (default 25 %) a whole-document load, as is each person's first page after signing in. No test-only routes.
// Every response is checked: the status, and for pages that it is the page asked for (its marker) and not the login
// page, the error boundary or a streamed error. An error is a non-2xx where none is expected, a timeout (> 30 s), a
// wrong page or a failed write.
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { hashPassword } from "@/lib/auth/password";
import { FOCUS_KPIS } from "@/lib/cockpit/data";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { createPasswordAccounts } from "@/lib/seed/accounts";
import { DEMO_PASSWORD } from "@/lib/seed/demo";
import { type Stats, Jar, processTree, procCpuMs, stats, writeMarkedSection } from "./http";

export const LOAD_TARGETS: Record<number, number> = { 200: 800, 400: 2000 };
const THINK_MS = Number(process.env.LOAD_THINK_MS ?? 5000);
const DURATION_S = Number(process.env.LOAD_SECONDS ?? 120);
const SETTLE_S = Number(process.env.LOAD_SETTLE_SECONDS ?? 15);
const TIMEOUT_MS = 30_000;
/**
 * The share of rounds (after each person's first page, always a whole document) that begin with the home loaded as
 * a whole document — F5, a new tab, the bookmark — instead of a click on 「工作首页」. 1 = every round (the model of
 * rounds 1–8 in bench/NOTES.md).
 */
export const RELOAD_SHARE = Number(process.env.LOAD_RELOAD ?? 0.25);
const START = "<!-- load:start -->";
const END = "<!-- load:end -->";

import { REFRESH_FIELD } from "@/lib/actions/refresh-field";
import { actionHeaders, navigationRequest, refreshRequest } from "./navigation";

const require = createRequire(path.resolve("package.json"));
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.node.production.js") as {
  encodeReply: (v: unknown) => Promise<FormData | string>;
};

// ── the people ──────────────────────────────────────────────────────────────────────────────────────────────

type Person = "commander" | "officer" | "reviewer" | "analyst";

export interface VirtualUser {
  username: string;
  person: Person;
  unitCode: string;
  unitLevel: string;
}

const ROLE: Record<Person, Role> = { commander: "COMMANDER", officer: "OFFICER", reviewer: "REVIEWER", analyst: "ANALYST" };

/** the share of each kind of person among the users at once (08:30: mostly officers at their work) */
const MIX: [Person, number][] = [
  ["officer", 0.5],
  ["commander", 0.2],
  ["reviewer", 0.15],
  ["analyst", 0.15],
];

interface UnitRow {
  id: number;
  code: string;
  level: string;
  path: string;
  parent_id: number | null;
  disputes: number;
}

/**
 * Accounts for `n` people (usernames load_<person>_<i>; an existing one is reused), spread over the province like
 * real users: commanders at the province (a few), the cities and the counties; officers in the counties with the most
 * disputes (where the work is); reviewers at cities and counties; analysts at the province and the cities. Then the
 * work they need: for each officer unit two tasks in progress of its own, for each reviewer unit enough submitted
 * tasks waiting for it (written as the app writes them: lib/tasks, tests/support/factories.ts makeAssignment).
 */
export async function prepareLoadUsers(db: Db, n: number, log: (l: string) => void): Promise<VirtualUser[]> {
  const t = performance.now();
  const units = await db.$queryRaw<UnitRow[]>`
    SELECT u.id, u.code, u.level::text AS level, u.path, u.parent_id,
           (SELECT count(*)::int FROM disputes d WHERE d.unit_path LIKE u.path || '%') AS disputes
    FROM units u WHERE u.active AND u.level IN ('PROVINCE', 'CITY', 'COUNTY') ORDER BY u.path`;
  const province = units.find((u) => u.level === "PROVINCE")!;
  const cities = units.filter((u) => u.level === "CITY");
  const counties = units.filter((u) => u.level === "COUNTY");
  const busyCounties = [...counties].sort((a, b) => b.disputes - a.disputes).slice(0, 40);
  const counts = MIX.map(([p, share]) => [p, Math.round(n * share)] as const);
  const users: (VirtualUser & { unitId: number })[] = [];
  const pick = <T,>(xs: T[], i: number) => xs[i % xs.length];
  for (const [person, count] of counts) {
    for (let i = 0; i < count; i++) {
      let u: UnitRow;
      if (person === "commander") u = i % 10 === 0 ? province : i % 10 < 4 ? pick(cities, i) : pick(counties, i * 7);
      else if (person === "officer") u = pick(busyCounties, i);
      else if (person === "reviewer") u = i % 3 === 0 ? pick(cities, i) : pick(busyCounties, i * 3 + 1);
      else u = i % 4 === 0 ? province : pick(cities, i);
      users.push({ username: `load_${person}_${i}`, person, unitCode: u.code, unitLevel: u.level, unitId: u.id });
    }
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await createPasswordAccounts(
    db,
    users.map((u) => ({ username: u.username, name: `压测${u.person}${u.username.split("_").pop()}`, unitId: u.unitId, role: ROLE[u.person], passwordHash, demoLike: true })),
  );
  // the work: tasks of the active plan that a unit does not have yet, handed down by its parent unit
  const tasks = await db.planTask.findMany({ where: { plan: { active: true } }, orderBy: { code: "asc" }, select: { id: true } });
  const taken = new Set((await db.taskAssignment.findMany({ where: { task: { plan: { active: true } } }, select: { taskId: true, unitId: true } })).map((a) => `${a.taskId}:${a.unitId}`));
  const rows: { taskId: number; unitId: number; unitPath: string; assignedById: number; status: "IN_PROGRESS" | "PENDING_REVIEW"; reviewUnitId: number | null }[] = [];
  const give = (unit: { id: number; path: string; parentId: number }, status: "IN_PROGRESS" | "PENDING_REVIEW", howMany: number) => {
    let made = 0;
    for (const task of tasks) {
      if (made >= howMany) break;
      const key = `${task.id}:${unit.id}`;
      if (taken.has(key)) continue;
      taken.add(key);
      rows.push({ taskId: task.id, unitId: unit.id, unitPath: unit.path, assignedById: unit.parentId, status, reviewUnitId: status === "PENDING_REVIEW" ? unit.parentId : null });
      made++;
    }
  };
  for (const code of new Set(users.filter((u) => u.person === "officer").map((u) => u.unitCode))) {
    const u = units.find((x) => x.code === code)!;
    give({ id: u.id, path: u.path, parentId: u.parent_id! }, "IN_PROGRESS", 2);
  }
  // waiting work for every reviewer unit: submitted by the units right below it (its stations or counties)
  const reviewersAt = new Map<number, number>();
  for (const u of users.filter((x) => x.person === "reviewer")) reviewersAt.set(u.unitId, (reviewersAt.get(u.unitId) ?? 0) + 1);
  const below = await db.unit.findMany({ where: { active: true, parentId: { in: [...reviewersAt.keys()] }, level: { in: ["COUNTY", "STATION"] } }, select: { id: true, path: true, parentId: true } });
  for (const [unitId, reviewers] of reviewersAt) {
    const kids = below.filter((b) => b.parentId === unitId);
    const want = reviewers * 15; // a decision every ~4th page load of a 120 s run and a ramp-up, with room to spare
    for (let i = 0; i < want && kids.length; i++) give({ id: kids[i % kids.length].id, path: kids[i % kids.length].path, parentId: unitId }, "PENDING_REVIEW", 1);
  }
  const deadline = new Date("2099-12-31T00:00:00Z");
  const submittedAt = new Date();
  for (let i = 0; i < rows.length; i += 500) {
    await db.taskAssignment.createMany({
      data: rows.slice(i, i + 500).map((r) => ({
        taskId: r.taskId,
        unitId: r.unitId,
        unitPath: r.unitPath,
        role: "LEAD" as const,
        assignedById: r.assignedById,
        dutyType: "TERRITORIAL" as const,
        deadline,
        status: r.status,
        progress: r.status === "PENDING_REVIEW" ? 100 : 40,
        reviewUnitId: r.reviewUnitId,
        submittedAt: r.status === "PENDING_REVIEW" ? submittedAt : null,
      })),
    });
  }
  log(`[load] ${users.length} 个账号（${counts.map(([p, c]) => `${PERSON_LABEL[p]} ${c}`).join("、")}），新交办任务 ${rows.filter((r) => r.status === "IN_PROGRESS").length} 项、待审核 ${rows.filter((r) => r.status === "PENDING_REVIEW").length} 项（${((performance.now() - t) / 1000).toFixed(1)} s）`);
  return users.map(({ unitId: _, ...u }) => u);
}

const PERSON_LABEL: Record<Person, string> = { commander: "指挥员", officer: "民警", reviewer: "审核人", analyst: "分析员" };

// ── one request, checked ────────────────────────────────────────────────────────────────────────────────────

type Kind =
  | "首页"
  | "首页（整页）"
  | "驾驶舱"
  | "驾驶舱·指标切换"
  | "驾驶舱·下钻"
  | "任务清单"
  | "任务详情"
  | "台账列表"
  | "台账记录"
  | "待我审核"
  | "报告"
  | "导出 CSV"
  | "写：填报进展"
  | "写：台账修改"
  | "写：审核决定"
  | "刷新（RSC）";

interface Sample {
  kind: Kind;
  start: number;
  ms: number;
  error?: string;
}

class Recorder {
  samples: Sample[] = [];
  writes = { progress: { ok: 0, conflict: 0, failed: 0 }, ledger: { ok: 0, conflict: 0, failed: 0 }, review: { ok: 0, conflict: 0, failed: 0 }, exports: 0, exportRows: 0 };
  logins: { ms: number; error?: string }[] = [];
}

class Failure extends Error {}

/** the page markers: the page's title (from its metadata) and an element it renders when it rendered */
const MARKERS: Partial<Record<Kind, RegExp>> = {
  首页: /<title>工作首页 /,
  "首页（整页）": /<title>工作首页 /,
  驾驶舱: /data-testid="cockpit"/,
  "驾驶舱·指标切换": /data-testid="cockpit"/,
  "驾驶舱·下钻": /data-testid="cockpit"/,
  任务清单: /<title>任务清单 /,
  任务详情: /data-testid="task-status"/,
  台账列表: /<title>矛盾纠纷[^<]* · /,
  台账记录: /data-testid="record-code"/,
  待我审核: /<title>待我审核 /,
  报告: /<title>报告 /,
};

/** the same markers in a client-side navigation's flight data (the page's title is sent as a <title> element) */
const RSC_MARKERS: Partial<Record<Kind, RegExp>> = {
  首页: /\["\$","title","0",\{"children":"工作首页 /,
  驾驶舱: /"data-testid":"cockpit"/,
  "驾驶舱·指标切换": /"data-testid":"cockpit"/,
  "驾驶舱·下钻": /"data-testid":"cockpit"/,
  任务清单: /\["\$","title","0",\{"children":"任务清单 /,
  任务详情: /"data-testid":"task-status"/,
  台账列表: /\["\$","title","0",\{"children":"矛盾纠纷[^"]* · /,
  台账记录: /"data-testid":"record-code"/,
  待我审核: /\["\$","title","0",\{"children":"待我审核 /,
  报告: /\["\$","title","0",\{"children":"报告 /,
};

/**
 * A client-side navigation's answer: flight data, without an error row (a server component that threw: `E{…}`),
 * the not-found page, the login page, and with the page's marker.
 */
function checkRsc(kind: Kind, url: string, res: Reply, body: string) {
  if (!(res.headers.get("content-type") ?? "").includes("text/x-component")) throw new Failure(`${url}：客户端导航的回应不是 RSC（${res.headers.get("content-type")}）`);
  if (/(?:^|\n)[0-9a-f]+:E\{/.test(body)) throw new Failure(`${url}：页面出错（错误边界）`);
  if (body.includes("页面不存在，或不在您的管辖范围内")) throw new Failure(`${url}：页面不存在`);
  if (/\["\$","title","0",\{"children":"[^"]*登录/.test(body)) throw new Failure(`${url}：得到的是登录页`);
  const m = RSC_MARKERS[kind];
  if (m && !m.test(body)) throw new Failure(`${url}：不是预期的页面（缺少 ${m.source}）`);
}

/**
 * The HTML itself (not the flight data inlined with it, which carries the not-found and error components of every
 * page as props): the login page, an error boundary (rendered, or switched to on the client by a streamed error:
 * $RX / data-dgst), the not-found page, or a page without its marker.
 */
function checkHtml(kind: Kind, url: string, body: string) {
  if (/<title>[^<]*登录/.test(body)) throw new Failure(`${url}：得到的是登录页`);
  if (body.includes(">系统处理出错<") || body.includes("$RX(") || body.includes("data-dgst=")) throw new Failure(`${url}：页面出错（错误边界）`);
  if (body.includes(">页面不存在，或不在您的管辖范围内<")) throw new Failure(`${url}：页面不存在`);
  const m = MARKERS[kind];
  if (m && !m.test(body)) throw new Failure(`${url}：不是预期的页面（缺少 ${m.source}）`);
}

interface Ctx {
  base: string;
  jar: Jar;
  rec: Recorder;
  /** the page the browser shows (path and query); undefined before the first page */
  at?: string;
  /** only requests started inside the measured window are recorded */
  recording: () => boolean;
}

/** what a check sees of an answer */
interface Reply {
  status: number;
  headers: Headers;
}

/**
 * keep-alive connections, as a browser keeps them (fetch's pool did the same). An idle connection is closed by us
 * after 20 s, well before the server's keep-alive timeout (65 s, scripts/lib/next-child.mjs): otherwise a request
 * could go out on a connection the server was closing at that moment and fail with ECONNRESET (seen once in 5,146
 * requests: a report view), which a browser would have retried and nobody would have seen.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 20_000 });

/**
 * One HTTP exchange over node:http. fetch (undici) decompressed each answer through web streams and decoded it
 * with TextDecoder: ~4 ms of the generator's CPU per page, on the same two cores as the server. Here the body is
 * read as a whole and gunzipped in one call. `stream`: the body is consumed as it arrives and only its lines are
 * counted (exports).
 */
async function send(url: string, o: { method?: string; headers: Record<string, string>; body?: BodyInit; stream?: boolean }): Promise<{ reply: Reply; setCookies: string[]; body: string }> {
  let payload: Buffer | undefined;
  const headers = { ...o.headers };
  if (o.body instanceof FormData) {
    const r = new Response(o.body);
    payload = Buffer.from(await r.arrayBuffer());
    headers["content-type"] = r.headers.get("content-type")!;
  } else if (typeof o.body === "string") payload = Buffer.from(o.body);
  if (payload) headers["content-length"] = String(payload.length);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? "GET", headers, agent, signal: AbortSignal.timeout(TIMEOUT_MS) }, (res) => {
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== "set-cookie") h.set(k, Array.isArray(v) ? v.join(", ") : v);
      const reply = { status: res.statusCode ?? 0, headers: h };
      const setCookies = res.headers["set-cookie"] ?? [];
      const gz = res.headers["content-encoding"] === "gzip";
      if (o.stream) {
        let lines = 0;
        const src = gz ? res.pipe(zlib.createGunzip()) : res;
        src.on("data", (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        });
        let ended = false;
        src.on("end", () => {
          ended = true;
          resolve({ reply, setCookies, body: String(lines) });
        });
        res.on("aborted", () => ended || reject(new Error("连接在回应读完之前关闭")));
        src.on("error", reject);
        res.on("error", reject);
        return;
      }
      const parts: Buffer[] = [];
      let ended = false;
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("close", () => ended || reject(new Error("连接在回应读完之前关闭")));
      res.on("end", () => {
        ended = true;
        try {
          const raw = Buffer.concat(parts);
          resolve({ reply, setCookies, body: (gz ? zlib.gunzipSync(raw) : raw).toString("utf8") });
        } catch (e) {
          reject(e);
        }
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function request(ctx: Ctx, kind: Kind, url: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit; check?: (res: Reply, body: string) => void; stream?: boolean } = {}): Promise<{ res: Reply; body: string }> {
  const start = performance.now();
  const record = ctx.recording();
  let error: string | undefined;
  try {
    const headers: Record<string, string> = { accept: "text/html,application/xhtml+xml", ...init.headers, cookie: ctx.jar.header(), "accept-encoding": "gzip" };
    const { reply: res, setCookies, body } = await send(`${ctx.base}${url}`, { method: init.method, headers, body: init.body, stream: init.stream });
    ctx.jar.update({ setCookies });
    if (res.status >= 300 && res.status < 400) throw new Failure(`${url}：HTTP ${res.status} → ${res.headers.get("location")}`);
    if (res.status !== 200) throw new Failure(`${url}：HTTP ${res.status}`);
    if (init.check) init.check(res, body);
    else checkHtml(kind, url, body);
    return { res, body };
  } catch (e) {
    error = e instanceof Failure ? e.message : e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? `${url}：超时（> ${TIMEOUT_MS / 1000} s）` : `${url}：${e instanceof Error ? e.message : String(e)}`;
    throw new Failure(error);
  } finally {
    if (record) ctx.rec.samples.push({ kind, start, ms: performance.now() - start, error });
  }
}

/**
 * Opens a page as a person does. The first page of each round is loaded as a whole document (the app opened from a
 * bookmark, or the page reloaded); every other page is reached by clicking a link on the page before it, which the
 * browser turns into a client-side navigation (bench/navigation.ts): flight data from the changed route segment
 * down, the shell stays. Returns the HTML or the flight data.
 */
async function visit(ctx: Ctx, kind: Kind, url: string, o: { document?: boolean } = {}): Promise<string> {
  if (o.document || !ctx.at) {
    const { body } = await request(ctx, kind === "首页" ? "首页（整页）" : kind, url);
    ctx.at = url;
    return body;
  }
  const nav = await navigationRequest(url, ctx.at);
  const { body } = await request(ctx, kind, nav.url, { headers: nav.headers, check: (res, b) => checkRsc(kind, url, res, b) });
  ctx.at = url;
  return body;
}

/** a page's flight data: inlined in its HTML, or the whole answer of a client-side navigation */
const flightIn = (body: string) => (body.trimStart().startsWith("<") ? flightOf(body) : body);

// ── server actions as the browser calls them ───────────────────────────────────────────────────────────────

/** the React flight payload inlined in a page's HTML (self.__next_f.push([1, "…"])) */
export function flightOf(html: string): string {
  let out = "";
  const re = /self\.__next_f\.push\((\[1,"(?:[^"\\]|\\.)*"\])\)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out += (JSON.parse(m[1]) as [number, string])[1];
  return out;
}

/**
 * The id of the server action a client form received as its `action` prop: `props` matches the form's props in the
 * flight data with the server reference "$h<row>" as its first group; the row is {"id":"<action id>","bound":null}.
 */
export function actionIdOf(flight: string, props: RegExp): string | null {
  const ref = props.exec(flight)?.[1];
  if (!ref) return null;
  const row = new RegExp(`(?:^|\\n)${ref}:\\{"id":"([0-9a-f]+)"`).exec(flight);
  return row ? row[1] : null;
}

/** posts FormData to a server action as ActionForm does (JavaScript on), returns the action's result */
async function callAction(ctx: Ctx, kind: Kind, page: string, actionId: string, fields: [string, string][]): Promise<{ ok: boolean; code?: string; error?: string; refreshed?: boolean }> {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  // ActionForm asks for the page to come back rendered again with the answer (lib/actions/refresh-field.ts)
  form.append(REFRESH_FIELD, "1");
  const encoded = await encodeReply([form]);
  let result: { ok: boolean; code?: string; error?: string; refreshed?: boolean } = { ok: false };
  await request(ctx, kind, page, {
    method: "POST",
    headers: { accept: "text/x-component", "next-action": actionId, origin: ctx.base, ...actionHeaders(page) },
    body: encoded as FormData,
    check: (res, body) => {
      if (!(res.headers.get("content-type") ?? "").includes("text/x-component")) throw new Failure(`${page}：服务器操作的回应不是 RSC（${res.headers.get("content-type")}）`);
      const m = /(?:^|\n)[0-9a-f]+:(\{"ok":(?:true|false)[^\n]*)/.exec(body);
      if (!m) throw new Failure(`${page}：服务器操作没有返回结果`);
      result = JSON.parse(m[1]) as typeof result;
    },
  });
  return result;
}

/**
 * What ActionForm does after a success when the action's answer did not bring the page rendered again (an action
 * outside lib/actions/server-action.ts): router.refresh() — the page's whole RSC payload, shell included, with the
 * headers and `_rsc` value Chromium sends (bench/navigation.ts refreshRequest).
 */
async function refresh(ctx: Ctx, page: string) {
  const r = await refreshRequest(page);
  await request(ctx, "刷新（RSC）", r.url, {
    headers: r.headers,
    check: (res, body) => {
      if (!(res.headers.get("content-type") ?? "").includes("text/x-component")) throw new Failure(`${page}：刷新的回应不是 RSC`);
      if (!body.length) throw new Failure(`${page}：刷新的回应为空`);
    },
  });
}

/** the JSON value that follows `key` in `text` (objects and strings scanned with their nesting and escapes) */
function jsonAfter(text: string, key: string): unknown {
  const start = text.indexOf(key);
  if (start < 0) return undefined;
  let i = start + key.length;
  const from = i;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      if (--depth === 0) break;
    }
  }
  return JSON.parse(text.slice(from, i + 1));
}

/**
 * A ledger record's form as the browser submits it, read from the flight data of the form's props (fields, values,
 * record) — a client-side navigation's answer, or the flight inlined in a whole page (flightIn): hidden
 * ledger/id/version, every field's value, a checkbox only when checked (value "true"), as the HTML form sends it.
 */
export function recordFormFromFlight(flight: string, ledger: string): [string, string][] {
  const at = flight.indexOf(`"ledger":"${ledger}","action":"$h`);
  if (at < 0) return [];
  const props = flight.slice(at);
  const valuesAt = props.indexOf('"values":');
  const bools = new Set([...props.slice(0, valuesAt).matchAll(/\{"key":"(\w+)","label":"[^"]*","type":"bool"/g)].map((m) => m[1]));
  const values = jsonAfter(props, '"values":') as Record<string, string> | undefined;
  const record = jsonAfter(props, '"record":') as { id: number; version: number } | undefined;
  if (!values || !record) return [];
  const out: [string, string][] = [["ledger", ledger], ["id", String(record.id)], ["version", String(record.version)]];
  for (const [k, v] of Object.entries(values)) if (!bools.has(k)) out.push([k, v]);
  else if (v === "true") out.push([k, "true"]);
  return out;
}

/** the captured group of every link matching `re` (written for HTML `href="…"`; flight data writes `"href":"…"`) */
const links = (body: string, re: RegExp) => {
  const both = new RegExp(re.source.replace(/^href="/, '(?:href="|"href":")'), re.flags);
  return [...new Set([...body.matchAll(both)].map((m) => m[1]))];
};
/** whether this round begins with a reload (RELOAD_SHARE) rather than a click on the home link */
const reload = () => Math.random() < RELOAD_SHARE;
const any = <T,>(xs: T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)];

// ── the people's scripts: each step one page load or one write; think time between steps ──────────────────

type Step = (ctx: Ctx) => Promise<void>;

function commanderScript(u: VirtualUser): Step[] {
  let children: string[] = [];
  const cockpit = `/cockpit/${u.unitCode}`;
  return [
    async (c) => void (await visit(c, "首页", "/", { document: reload() })),
    async (c) => {
      const body = await visit(c, "驾驶舱", cockpit);
      // the units below, as the page links them (map, ranking, station list)
      children = links(body, /href="\/cockpit\/(\d{4,6})(?:\?[^"]*)?"/g).filter((x) => x.startsWith(u.unitCode) && x !== u.unitCode);
    },
    async (c) => void (await visit(c, "驾驶舱·指标切换", `${cockpit}?kpi=${any(FOCUS_KPIS)}`)),
    async (c) => {
      const child = any(children);
      if (child) await visit(c, "驾驶舱·下钻", `/cockpit/${child}`);
      else await visit(c, "驾驶舱", cockpit);
    },
    async (c) => {
      const child = any(children);
      await visit(c, "驾驶舱·指标切换", `/cockpit/${child ?? u.unitCode}?kpi=${any(FOCUS_KPIS)}`);
    },
  ];
}

function officerScript(): Step[] {
  let taskId: string | undefined;
  let taskPage = "";
  let recordId: string | undefined;
  let recordPage = "";
  return [
    async (c) => void (await visit(c, "首页", "/", { document: reload() })),
    async (c) => {
      const body = await visit(c, "任务清单", "/tasks");
      taskId = any(links(body, /href="\/tasks\/(\d+)"/g));
    },
    async (c) => {
      if (!taskId) throw new Failure("/tasks：清单中没有本单位的任务");
      taskPage = await visit(c, "任务详情", `/tasks/${taskId}`);
    },
    async (c) => {
      // a progress update on that task, with the version the page showed
      const page = `/tasks/${taskId}`;
      const flight = flightIn(taskPage);
      const props = new RegExp(`\\{"action":"\\$h([0-9a-f]+)","id":${taskId},"version":(\\d+),"progress":(\\d+)\\}`);
      const id = actionIdOf(flight, props);
      if (!id) throw new Failure(`${page}：页面上没有填报进展的表单（任务可能已提交审核）`);
      const [, , version, progress] = props.exec(flight)!;
      const pct = Math.min(95, Number(progress) + 5);
      const r = await callAction(c, "写：填报进展", page, id, [
        ["id", taskId!],
        ["version", version],
        ["percent", String(pct)],
        ["content", `压测进展：走访排查 ${Math.floor(Math.random() * 50)} 户，化解纠纷 ${Math.floor(Math.random() * 5)} 起。`],
      ]);
      count(c, "progress", r, page);
      if (r.ok && !r.refreshed) await refresh(c, page);
    },
    async (c) => {
      const body = await visit(c, "台账列表", "/ledgers/disputes");
      recordId = any(links(body, /href="\/ledgers\/disputes\/(\d+)"/g));
    },
    async (c) => {
      if (!recordId) throw new Failure("/ledgers/disputes：列表中没有记录");
      recordPage = await visit(c, "台账记录", `/ledgers/disputes/${recordId}`);
    },
    async (c) => {
      // the record's form as the page filled it, one field changed
      const page = `/ledgers/disputes/${recordId}`;
      const flight = flightIn(recordPage);
      const fields = recordFormFromFlight(flight, "disputes");
      const version = fields.find(([k]) => k === "version")?.[1];
      const id = actionIdOf(flight, /\{"ledger":"disputes","action":"\$h([0-9a-f]+)"/);
      if (!id || !version) throw new Failure(`${page}：页面上没有修改表单`);
      const repeat = fields.find(([k]) => k === "repeatCalls");
      if (repeat) repeat[1] = String((Number(repeat[1]) || 0) % 5 + 1);
      const r = await callAction(c, "写：台账修改", page, id, fields);
      count(c, "ledger", r, page);
      if (r.ok && !r.refreshed) await refresh(c, page);
    },
  ];
}

function reviewerScript(): Step[] {
  let next: string | undefined;
  let taskPage = "";
  return [
    async (c) => void (await visit(c, "首页", "/", { document: reload() })),
    async (c) => {
      const body = await visit(c, "待我审核", "/reviews");
      next = links(body, /href="\/tasks\/(\d+)\?from=queue"/g)[0];
    },
    async (c) => {
      if (!next) return void (await visit(c, "待我审核", "/reviews")); // the queue is empty: look again later
      taskPage = await visit(c, "任务详情", `/tasks/${next}?from=queue`);
    },
    async (c) => {
      if (!next) return void (await visit(c, "首页", "/"));
      const page = `/tasks/${next}?from=queue`;
      const flight = flightIn(taskPage);
      const props = new RegExp(`\\{"action":"\\$h([0-9a-f]+)","id":${next},"version":(\\d+),"reopen":false\\}`);
      const m = props.exec(flight);
      const id = actionIdOf(flight, props);
      if (!m || !id) {
        // decided by another reviewer of the same unit in the meantime: the page shows no form — a correct answer
        c.rec.writes.review.conflict++;
        return;
      }
      const accept = Math.random() < 0.7;
      const r = await callAction(c, "写：审核决定", page, id, [
        ["id", next],
        ["version", m[2]],
        ["decision", accept ? "ACCEPT" : "RETURN"],
        ["reason", accept ? "材料齐全，同意" : "佐证材料不全，请补充走访记录"],
      ]);
      count(c, "review", r, page);
      if (r.ok && !r.refreshed) await refresh(c, page);
    },
  ];
}

function analystScript(): Step[] {
  return [
    async (c) => void (await visit(c, "首页", "/", { document: reload() })),
    async (c) => void (await visit(c, "报告", "/reports/view")),
    async (c) => void (await visit(c, "台账列表", "/ledgers/disputes")),
    async (c) => {
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      const { body } = await request(c, "导出 CSV", `/api/ledgers/disputes/export?format=csv&foundOn_from=${from}`, {
        headers: { accept: "*/*" },
        stream: true,
        check: (res) => {
          if (!(res.headers.get("content-type") ?? "").includes("text/csv")) throw new Failure(`导出：不是 CSV（${res.headers.get("content-type")}）`);
        },
      });
      if (c.recording()) {
        c.rec.writes.exports++;
        c.rec.writes.exportRows += Math.max(0, Number(body) - 1);
      }
    },
  ];
}

function count(c: Ctx, what: "progress" | "ledger" | "review", r: { ok: boolean; code?: string; error?: string }, page: string) {
  if (!c.recording()) return;
  if (r.ok) c.rec.writes[what].ok++;
  else if (r.code === "CONFLICT") c.rec.writes[what].conflict++;
  else {
    c.rec.writes[what].failed++;
    c.rec.samples.push({ kind: what === "progress" ? "写：填报进展" : what === "ledger" ? "写：台账修改" : "写：审核决定", start: performance.now(), ms: 0, error: `${page}：写入失败（${r.code ?? "?"}：${r.error ?? ""}）` });
  }
}

// ── login ──────────────────────────────────────────────────────────────────────────────────────────────────

async function signIn(base: string, username: string): Promise<Jar> {
  const jar = new Jar();
  const r1 = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  jar.update(r1);
  const { csrfToken } = (await r1.json()) as { csrfToken: string };
  const r2 = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, username, password: DEMO_PASSWORD, json: "true" }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  jar.update(r2);
  const text = await r2.text();
  if (!jar.header().includes("session-token")) throw new Error(`登录失败：${username}（HTTP ${r2.status}：${text.slice(0, 120)}）`);
  return jar;
}

// ── the server's processes ─────────────────────────────────────────────────────────────────────────────────

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

// ── a run ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface LoadRun {
  users: number;
  mix: Record<string, number>;
  rampSeconds: number;
  seconds: number;
  thinkMs: number;
  requests: number;
  rps: number;
  overall: Stats;
  kinds: { kind: string; stats: Stats; errors: number }[];
  errors: number;
  errorSamples: string[];
  logins: { stats: Stats; errors: number };
  /** genCores: this load generator's own CPU (it shares the machine's cores with the server it measures) */
  cpu: { nodeMsPerReq: number; pgMsPerReq: number; nodeCores: number; pgCores: number; genCores?: number };
  rss: { startMb: number; peakMb: number; processes: number };
  writes: Recorder["writes"];
  load: { before: number; after: number; max: number };
  target: number | null;
}

export async function runLoad(o: { base: string; users: VirtualUser[]; serverPid: number; pgPids: () => number[]; log: (l: string) => void; seconds?: number; rampSeconds?: number }): Promise<LoadRun> {
  const seconds = o.seconds ?? DURATION_S;
  const ramp = o.rampSeconds ?? Math.max(20, Math.round(o.users.length / 8));
  const rec = new Recorder();
  const t0 = performance.now();
  // the measured window opens when the ramp-up is over and every login has been answered (on a busy machine the
  // logins — one argon2 verification each — can take longer than the ramp-up)
  let windowStart = Infinity;
  let windowEnd = Infinity;
  const recording = () => {
    const now = performance.now();
    return now >= windowStart && now < windowEnd;
  };
  const loadBefore = os.loadavg()[0];
  let loadMax = loadBefore;
  let cpu0 = { node: 0, pg: 0 };
  let gen0 = process.cpuUsage();
  let rssStart = 0;
  let rssPeak = 0;
  let procs = 0;
  const sampler = setInterval(() => {
    const pids = processTree(o.serverPid);
    procs = Math.max(procs, pids.length);
    const r = rssMb(pids);
    if (performance.now() >= windowStart) rssPeak = Math.max(rssPeak, r);
    loadMax = Math.max(loadMax, os.loadavg()[0]);
  }, 500);
  let loggedIn!: () => void;
  const allLoggedIn = new Promise<void>((r) => (loggedIn = r));
  // the measured window opens SETTLE_S after the ramp-up is over and every login has been answered: the login wave
  // (one argon2 verification each, hundreds in the ramp-up) leaves a queue behind it, and the shared figures are
  // all computed for the first time then; the window measures the pages under steady load (the logins are reported
  // on their own)
  const opening = Promise.all([allLoggedIn.then(() => new Promise((r) => setTimeout(r, SETTLE_S * 1000))), new Promise((r) => setTimeout(r, ramp * 1000))]).then(() => {
    windowStart = performance.now();
    windowEnd = windowStart + seconds * 1000;
    cpu0 = { node: procCpuMs(processTree(o.serverPid)), pg: procCpuMs(o.pgPids()) };
    gen0 = process.cpuUsage();
    rssStart = rssMb(processTree(o.serverPid));
    rssPeak = rssStart;
    o.log(`[load] ${o.users.length} 人：登录完毕（${((windowStart - t0) / 1000).toFixed(0)} s，成功 ${rec.logins.filter((l) => !l.error).length}），开始计时 ${seconds} s`);
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const think = () => THINK_MS * (0.5 + Math.random());
  const vu = async (u: VirtualUser, i: number) => {
    // logins spread over the first 80 % of the ramp-up, then the first page after a think time
    await sleep((i / o.users.length) * ramp * 800);
    const t = performance.now();
    let jar: Jar;
    try {
      jar = await signIn(o.base, u.username);
      rec.logins.push({ ms: performance.now() - t });
    } catch (e) {
      rec.logins.push({ ms: performance.now() - t, error: e instanceof Error ? e.message : String(e) });
      return;
    } finally {
      if (rec.logins.length === o.users.length) loggedIn();
    }
    const ctx: Ctx = { base: o.base, jar, rec, recording };
    const steps = u.person === "commander" ? commanderScript(u) : u.person === "officer" ? officerScript() : u.person === "reviewer" ? reviewerScript() : analystScript();
    // each person starts at a different point of their round
    let k = Math.floor(Math.random() * steps.length);
    await sleep(Math.random() * THINK_MS);
    while (performance.now() < windowEnd) {
      try {
        busy.set(u.username, `第 ${k % steps.length} 步`);
        await steps[k % steps.length](ctx);
      } catch (e) {
        if (!(e instanceof Failure)) rec.samples.push({ kind: "首页", start: performance.now(), ms: 0, error: e instanceof Error ? e.message : String(e) });
        // after an error the person starts the round again from their home
        k = -1;
      }
      k++;
      await sleep(think());
    }
  };
  // a person still busy well after the window (every request has a 30 s timeout) is reported as hung, not waited for
  const busy = new Map<string, string>();
  const people = o.users.map((u, i) =>
    vu(u, i).finally(() => busy.delete(u.username)),
  );
  o.users.forEach((u) => busy.set(u.username, "登录前"));
  let deadline: NodeJS.Timeout | undefined;
  const hardStop = new Promise<void>((resolve) => {
    const check = () => (performance.now() > windowEnd + TIMEOUT_MS + 15_000 ? resolve() : (deadline = setTimeout(check, 1000)));
    check();
  });
  await Promise.all([opening, Promise.race([Promise.all(people), hardStop])]);
  clearTimeout(deadline);
  for (const [name, where] of busy) rec.samples.push({ kind: "首页", start: windowEnd - 1, ms: 0, error: `${name}：计时结束后仍未返回（${where}）` });
  clearInterval(sampler);
  const cpu1 = { node: procCpuMs(processTree(o.serverPid)), pg: procCpuMs(o.pgPids()) };
  const gen = process.cpuUsage(gen0);
  const inWindow = rec.samples.filter((s) => s.start >= windowStart && s.start < windowEnd);
  const timed = inWindow.filter((s) => s.ms > 0);
  // LOAD_SAMPLES=file: every timed request (kind, start in s from the window's opening, ms) for a closer look
  if (process.env.LOAD_SAMPLES) fs.writeFileSync(process.env.LOAD_SAMPLES, timed.map((s) => `${s.kind}\t${((s.start - windowStart) / 1000).toFixed(2)}\t${s.ms.toFixed(0)}`).join("\n"));
  const errors = inWindow.filter((s) => s.error);
  const kindsSeen = [...new Set(timed.map((s) => s.kind))];
  const order: Kind[] = ["首页（整页）", "首页", "驾驶舱", "驾驶舱·指标切换", "驾驶舱·下钻", "任务清单", "任务详情", "台账列表", "台账记录", "待我审核", "报告", "导出 CSV", "写：填报进展", "写：台账修改", "写：审核决定", "刷新（RSC）"];
  const kinds = order.filter((k) => kindsSeen.includes(k)).map((k) => ({ kind: k, stats: stats(timed.filter((s) => s.kind === k).map((s) => s.ms)), errors: errors.filter((s) => s.kind === k).length }));
  const wall = (Math.min(performance.now(), windowEnd + TIMEOUT_MS) - windowStart) / 1000;
  const mix: Record<string, number> = {};
  for (const u of o.users) mix[PERSON_LABEL[u.person]] = (mix[PERSON_LABEL[u.person]] ?? 0) + 1;
  const run: LoadRun = {
    users: o.users.length,
    mix,
    rampSeconds: ramp,
    seconds,
    thinkMs: THINK_MS,
    requests: timed.length,
    rps: timed.length / seconds,
    overall: timed.length ? stats(timed.map((s) => s.ms)) : { n: 0, p50: 0, p95: 0, max: 0 },
    kinds,
    errors: errors.length + rec.logins.filter((l) => l.error).length,
    errorSamples: [...new Set([...errors.map((e) => e.error!), ...rec.logins.filter((l) => l.error).map((l) => l.error!)])].slice(0, 10),
    logins: { stats: stats(rec.logins.map((l) => l.ms)), errors: rec.logins.filter((l) => l.error).length },
    cpu: {
      nodeMsPerReq: (cpu1.node - cpu0.node) / Math.max(1, timed.length),
      pgMsPerReq: (cpu1.pg - cpu0.pg) / Math.max(1, timed.length),
      nodeCores: (cpu1.node - cpu0.node) / (wall * 1000),
      pgCores: (cpu1.pg - cpu0.pg) / (wall * 1000),
      genCores: (gen.user + gen.system) / 1000 / (wall * 1000),
    },
    rss: { startMb: rssStart, peakMb: rssPeak, processes: procs },
    writes: rec.writes,
    load: { before: loadBefore, after: os.loadavg()[0], max: loadMax },
    target: LOAD_TARGETS[o.users.length] ?? null,
  };
  o.log(
    `[load] ${run.users} 人：${run.requests} 次请求（${run.rps.toFixed(1)}/s），p50 ${run.overall.p50.toFixed(0)} ms，p95 ${run.overall.p95.toFixed(0)} ms，max ${run.overall.max.toFixed(0)} ms，错误 ${run.errors}；每次 CPU：Node ${run.cpu.nodeMsPerReq.toFixed(1)} ms，PostgreSQL ${run.cpu.pgMsPerReq.toFixed(1)} ms；RSS ${run.rss.startMb.toFixed(0)} → ${run.rss.peakMb.toFixed(0)} MB；负载 ${run.load.before.toFixed(1)} → ${run.load.after.toFixed(1)}`,
  );
  for (const e of run.errorSamples) o.log(`[load]   错误：${e}`);
  return run;
}

// ── the section of bench/RESULTS.md ────────────────────────────────────────────────────────────────────────

const f0 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export function loadTable(runs: LoadRun[]): string[] {
  const lines = [
    "| 同时在线 | 请求/s | 全部请求 p50 / p95 / max ms | 错误 | 每次请求 CPU：Node / PostgreSQL ms | 占用核数：Node / PG / 压测程序 | 服务器 RSS 开始 → 峰值（进程数） | 写入：进展 / 台账修改 / 审核（成功·冲突·失败）；导出（行） | 负载（前 → 后，峰值） | 目标 | 结果 |",
    "|--:|--:|--:|--:|--:|--:|--:|---|---|---|---|",
  ];
  for (const r of runs) {
    const w = r.writes;
    const ws = (x: { ok: number; conflict: number; failed: number }) => `${x.ok}·${x.conflict}·${x.failed}`;
    const ok = r.target !== null && r.errors === 0 && r.overall.p95 <= r.target;
    lines.push(
      `| ${r.users} | ${r.rps.toFixed(1)} | ${f0(r.overall.p50)} / ${f0(r.overall.p95)} / ${f0(r.overall.max)} | ${r.errors} | ${f0(r.cpu.nodeMsPerReq)} / ${f0(r.cpu.pgMsPerReq)} | ${r.cpu.nodeCores.toFixed(2)} / ${r.cpu.pgCores.toFixed(2)} / ${r.cpu.genCores === undefined ? "—" : r.cpu.genCores.toFixed(2)} | ${r.rss.startMb.toFixed(0)} → ${r.rss.peakMb.toFixed(0)} MB（${r.rss.processes}） | ${ws(w.progress)} / ${ws(w.ledger)} / ${ws(w.review)}；${w.exports}（${w.exportRows.toLocaleString("en-US")}） | ${r.load.before.toFixed(1)} → ${r.load.after.toFixed(1)}（${r.load.max.toFixed(1)}） | ${r.target !== null ? `p95 ≤ ${r.target} ms，0 错误` : "—"} | ${r.target === null ? "—" : ok ? "通过" : "未达标"} |`,
    );
  }
  return lines;
}

export function kindTable(runs: LoadRun[]): string[] {
  const kinds = [...new Set(runs.flatMap((r) => r.kinds.map((k) => k.kind)))];
  const lines = [`| 页面 / 操作 | ${runs.map((r) => `${r.users} 人：次数 · p50 / p95 / max ms · 错误`).join(" | ")} |`, `|---|${runs.map(() => "--:").join("|")}|`];
  for (const k of kinds) {
    lines.push(
      `| ${k} | ${runs
        .map((r) => {
          const x = r.kinds.find((y) => y.kind === k);
          return x ? `${x.stats.n} · ${f0(x.stats.p50)} / ${f0(x.stats.p95)} / ${f0(x.stats.max)} · ${x.errors}` : "—";
        })
        .join(" | ")} |`,
    );
  }
  lines.push(`| 登录（爬坡期间，不计入上表） | ${runs.map((r) => `${r.logins.stats.n} · ${f0(r.logins.stats.p50)} / ${f0(r.logins.stats.p95)} / ${f0(r.logins.stats.max)} · ${r.logins.errors}`).join(" | ")} |`);
  return lines;
}

export function loadSection(runs: LoadRun[], data: string): string {
  const r0 = runs[0];
  return [
    START,
    "## 多角色并发负载（闭环，`npm run bench -- --only load`）",
    "",
    ...loadTable(runs),
    "",
    ...kindTable(runs),
    "",
    `数据：${data}。每人一个账号、一次真实登录（next-auth 凭据流程），各按自己的角色循环（人员构成 ${Object.entries(r0.mix).map(([k, v]) => `${k} ${v}`).join("、")}，按比例）：`
      + "指挥员（省厅、市州、县区）看首页、本级驾驶舱、切换地图/排名指标（`?kpi=`）、下钻到页面上链接的下级驾驶舱；民警（纠纷最多的 40 个县区）看首页待办、任务清单、本单位一项任务、"
      + "**填报进展**、纠纷台账列表、一条记录、**修改该记录**（带读到的版本号）；审核人（市州、县区）看首页、待我审核、最早的一项、**作出审核决定**（七成通过、三成退回）；"
      + "分析员（省厅、市州）看首页、报告、纠纷台账列表、**导出本辖区近 30 天纠纷 CSV**。"
      + `两次页面之间思考 ${r0.thinkMs / 1000} s ±50%（均匀分布）；登录分散在 ${r0.rampSeconds} s 的爬坡期内，最后一个登录得到回应 ${SETTLE_S} s 后开始计时 ${r0.seconds} s（登录潮留下的排队与第一次汇总的共用数字不计入），只统计计时窗口内开始的请求。`
      + `页面的取法与浏览器相同：每人登录后的第一页整页载入（HTML 整页流式读完，表中「首页（整页）」）；此后每一轮从首页开始，${RELOAD_SHARE >= 1 ? "每一轮都整页载入（从书签打开或刷新）" : `其中 ${Math.round(RELOAD_SHARE * 100)}% 的轮次整页载入（刷新、新标签页、从书签打开），其余是点击「工作首页」`}（\`LOAD_RELOAD\`，1 = 每轮都整页载入）；其余各页是点击页面上的链接` + "，浏览器做客户端导航——带 `Next-Router-State-Tree`（标出与当前页不同的第一段路由）和对应 `_rsc` 参数的 RSC 请求，服务器只渲染变化的部分、不再渲染外框（头部与 `_rsc` 与真实 Chromium 发出的逐字节相同，`bench/navigation.ts`，`tests/unit/load-navigation.test.ts`）。"
      + "应用的链接不自动预取（`components/link.tsx`：真实 Chromium 在民警首页每看一页会为可见链接发出 24 个预取请求，每个 7–15 ms 服务器 CPU，而对动态页面只取回约 0.3 KB 的路由形状），所以负载里没有预取请求。不取静态资源（浏览器会缓存）。"
      + "写入走浏览器所用的同一个服务器操作：从页面的 React flight 数据（整页内嵌的，或客户端导航的回应本身）中读出表单 `action` 的服务器引用（`$h…` → `{\"id\":…}`），"
      + "用 React 的 `encodeReply` 编码表单字段（连同 ActionForm 加上的「随回应重新渲染页面」字段，`lib/actions/refresh-field.ts`），带 `Next-Action`、路由树头和本站 Origin POST 到页面；成功的写入在同一个回应里带回重新渲染的整棵路由树（含外框），不再另发 `router.refresh()`（回应里没有时才另发，表中「刷新（RSC）」）。"
      + "版本冲突（`CONFLICT`，另一人先改了同一条）是正确的回应，单独计数，不算错误；审核时另一位同单位审核人已先作出决定、页面不再给出表单的，也计为冲突。"
      + "错误 = 非预期的非 2xx、超过 30 s、得到登录页/错误边界/不是所要的页面（每种页面检查自己的标记）、写入失败。"
      + "CPU：计时窗口内 Web 服务器进程及其全部子进程（多个 Web 进程时合计）与 PostgreSQL 全部进程的 CPU 时间（/proc），除以请求数；「占用核数」= CPU 时间 ÷ 墙钟时间，「压测程序」是本压测进程自己（与服务器同在这 2 个核上：解析页面、编码表单、解压响应；用 node:http 一次解压整个回应，不用 fetch 的流式解压）。RSS 为同一组进程之和，每 0.5 s 采样。"
      + "负载为 1 分钟平均（2 核；压测程序与服务器在同一台机器上，其 CPU 计入负载）：负载高于 2 时墙钟时间含等待 CPU 的时间，请结合 CPU 列阅读。",
    END,
  ].join("\n");
}

/** Replaces the load section of RESULTS.md (first time: before the KPI table). */
export function writeLoadSection(file: string, runs: LoadRun[], data: string) {
  writeMarkedSection(file, START, END, loadSection(runs, data), "## 各项 KPI");
}
