// The authorization matrix of the route handlers (downloads, exports, form posts), generated from the one
// role → permission table and the list of every route: every role × in scope / out of scope, asserting the
// refusal, no protected data in the response, nothing written, and a denial row in the audit log.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLES, type RoleName, can } from "@/lib/auth/permissions";
import { type RouteDefinition, type RouteUser, NOT_FOUND_BODY, executeRoute } from "@/lib/http/route-core";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, snapshot, unitByCode } from "./helpers/factories";
import { makeAssignment } from "./helpers/work-factories";
import { makeSupervision } from "../support/factories";
import type { Db } from "@/lib/db/client";
import { BOUND_ROUTES, PUBLIC_ROUTE_FILES, ROUTE_DEFINITIONS, ROUTE_DEFINITION_MAP, ROUTE_FILES } from "../support/registries";

const t = setupTestDatabase();
const BASE = "http://pingan.test";

interface RouteFixture {
  /** a request (and params) for data belonging to `unitCode`'s subtree */
  request: (db: Db, unitCode: string) => Promise<{ req: Request; params: Record<string, string> }>;
  /** the route serves nothing unit-specific (only the permission applies) */
  unscoped?: boolean;
  /** the answer in scope when it is not 200 (a redirect) */
  okStatus?: number;
}

const get = (url: string) => new Request(`${BASE}${url}`, { headers: { host: "pingan.test" } });

const FIXTURES: Record<string, RouteFixture> = {
  "ledger.export": { request: async (_db, u) => ({ req: get(`/api/ledgers/disputes/export?format=csv&unit=${u}`), params: { key: "disputes" } }) },
  // the search reads the caller's own subtree (no unit in the request); its scoping is tested in search.test.ts
  "search.suggest": { unscoped: true, request: async () => ({ req: get("/api/search?q=1.1.01"), params: {} }) },
  "ledger.template": { unscoped: true, request: async () => ({ req: get("/api/ledgers/disputes/template"), params: { key: "disputes" } }) },
  "import.status": {
    request: async (db, u) => {
      const unit = await unitByCode(db, u);
      const owner = await makeUser(db, "OFFICER", u);
      const job = await db.importJob.create({ data: { ledger: "disputes", unitId: unit.id, unitPath: unit.path, createdById: owner.id, filename: "秘密名单.csv", size: 3, data: new Uint8Array([1, 2, 3]), status: "DONE" } });
      return { req: get(`/api/imports/${job.id}`), params: { id: String(job.id) } };
    },
  },
  "attachment.download": {
    request: async (db, u) => {
      const a = await makeAssignment(db, u);
      const update = await db.progressUpdate.create({ data: { assignmentId: a.id, unitPath: a.unitPath, percent: 10, content: "进展" } });
      const file = await db.attachment.create({ data: { unitPath: a.unitPath, progressUpdateId: update.id, filename: "秘密材料.pdf", mime: "application/pdf", size: 12, sha256: "x", data: new TextEncoder().encode("%PDF-秘密内容") as Uint8Array<ArrayBuffer> } });
      return { req: get(`/api/attachments/${file.id}`), params: { id: String(file.id) } };
    },
  },
  "notification.open": {
    // the caller's own message (the caller is the user made just before the request) about a record in the unit
    okStatus: 303,
    request: async (db, u) => {
      const unit = await unitByCode(db, u);
      const caller = await db.user.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true } });
      const n = await db.notification.create({ data: { userId: caller.id, kind: "TASK_RETURNED", title: "任务 1.1.01 被退回", body: "秘密理由", href: "/tasks/1", unitPath: unit.path } });
      return { req: get(`/notifications/${n.id}/open`), params: { id: String(n.id) } };
    },
  },
  // an endless event stream: the request is aborted after a moment, which ends the stream (as a closed tab does)
  "wall.stream": { request: async (_db, u) => ({ req: new Request(`${BASE}/api/wall/stream?unit=${u}`, { headers: { host: "pingan.test" }, signal: AbortSignal.timeout(500) }), params: {} }) },
  "task.export": { request: async (_db, u) => ({ req: get(`/api/tasks/export?format=csv&unit=${u}`), params: {} }) },
  "supervision.export": {
    request: async (db, u) => {
      await makeSupervision(db, u, { subject: "秘密督办事项" });
      return { req: get(`/api/supervision/export?format=csv&unit=${u}`), params: {} };
    },
  },
  "stats.export": { request: async (_db, u) => ({ req: get(`/api/stats/export?format=csv&unit=${u}&month=2025-10`), params: {} }) },
  "report.generate": {
    request: async (_db, u) => {
      const body = new URLSearchParams({ unit: u, period: "2025-10", format: "csv" });
      return { req: new Request(`${BASE}/api/reports/render`, { method: "POST", body, headers: { host: "pingan.test", origin: BASE, "content-type": "application/x-www-form-urlencoded" } }), params: {} };
    },
  },
  "report.download": {
    request: async (db, u) => {
      const unit = await unitByCode(db, u);
      const row = await db.reportArchive.create({ data: { unitId: unit.id, unitPath: unit.path, period: "2025-10", title: "秘密月报", figures: {}, csv: new TextEncoder().encode("秘密,数字") as Uint8Array<ArrayBuffer> } });
      return { req: get(`/api/reports/archive/${row.id}?format=csv`), params: { id: String(row.id) } };
    },
  },
};

function routeUser(u: Awaited<ReturnType<typeof makeUser>>, unit: { code: string; name: string; level: string }): RouteUser {
  return { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
}

async function actor(db: Db, role: RoleName, unitCode: string) {
  const u = await makeUser(db, role, unitCode);
  return routeUser(u, await unitByCode(db, unitCode));
}

const allowedFor = (def: RouteDefinition<Record<string, string>>, role: RoleName) => (Array.isArray(def.permission) ? def.permission : [def.permission]).some((p) => can(role, p));

describe("route registry", () => {
  it("every app/api route binds a route definition, or is public by design", () => {
    expect(ROUTE_FILES.length).toBeGreaterThan(PUBLIC_ROUTE_FILES.length);
    for (const f of ROUTE_FILES) {
      if (PUBLIC_ROUTE_FILES.includes(f)) continue;
      const src = fs.readFileSync(f, "utf8");
      const bound = [...src.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = routeHandler\((\w+)\);/g)];
      expect(bound.length, `${f} must export its methods as routeHandler(definition)`).toBeGreaterThan(0);
      expect([...src.matchAll(/export (?:async )?function /g)], `${f} exports a bare function`).toHaveLength(0);
      for (const [, method] of bound) {
        const def = BOUND_ROUTES.find((b) => b.file === f && b.exportName === method)?.definition;
        expect(def, `${f}: ${method} carries no route definition`).toBeTruthy();
        expect(def!.method).toBe(method);
      }
    }
  });

  it("every route has a matrix fixture", () => {
    expect(ROUTE_DEFINITIONS.map((d) => d.name).filter((n) => !FIXTURES[n])).toEqual([]);
  });
});

describe.each(ROUTE_DEFINITIONS.map((d) => [d.name, d] as const))("%s", (name, def) => {
  const fixture = FIXTURES[name];
  const allowed = ROLES.filter((r) => allowedFor(def, r));
  const refused = ROLES.filter((r) => !allowedFor(def, r));

  it.each(refused)("role %s (no permission): 404, no data, nothing written, denial audited", async (role) => {
    const user = await actor(t.db, role, "6201");
    const { req, params } = await fixture.request(t.db, "620102");
    const before = await snapshot(t.db);
    const res = await executeRoute(def, t.db, user, "10.9.9.9", req, params);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(NOT_FOUND_BODY);
    expect(await snapshot(t.db)).toEqual(before);
    expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: user.id } })).toBe(1);
  });

  if (!fixture.unscoped) {
    it.each(allowed)("role %s of 兰州 asking for 天水's data: 404, no data, nothing written, denial audited", async (role) => {
      const user = await actor(t.db, role, "6201");
      const { req, params } = await fixture.request(t.db, "620502");
      const before = await snapshot(t.db);
      const res = await executeRoute(def, t.db, user, "10.9.9.9", req, params);
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual(NOT_FOUND_BODY);
      expect(text).not.toMatch(/秘密|天水|秦州/);
      expect(await snapshot(t.db)).toEqual(before);
      expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: user.id } })).toBe(1);
    });

    it.each(allowed)("role %s of 城关区 asking for its parent city's data is refused", async (role) => {
      const user = await actor(t.db, role, "620102");
      const { req, params } = await fixture.request(t.db, "6201");
      const res = await executeRoute(def, t.db, user, null, req, params);
      expect(res.status).toBe(404);
    });
  }

  it.each(allowed)("role %s in scope gets the data", async (role) => {
    const user = await actor(t.db, role, "6201");
    const { req, params } = await fixture.request(t.db, "620102");
    const res = await executeRoute(def, t.db, user, "10.9.9.9", req, params);
    expect(res.status, await res.clone().text().catch(() => "")).toBe(fixture.okStatus ?? 200);
    await res.arrayBuffer();
  });

  it("without a session: 401", async () => {
    const { req, params } = await fixture.request(t.db, "620102");
    expect((await executeRoute(def, t.db, null, null, req, params)).status).toBe(401);
  });
});

describe("state-changing routes refuse other sites", () => {
  it("a report POST with a foreign or missing Origin is refused and nothing is generated", async () => {
    const user = await actor(t.db, "ANALYST", "6201");
    const def = ROUTE_DEFINITION_MAP.get("report.generate")!;
    const body = () => new URLSearchParams({ unit: "620102", period: "2025-10", format: "csv" });
    const before = await t.db.reportArchive.count();
    for (const headers of [{ host: "pingan.test", origin: "https://evil.example" }, { host: "pingan.test" }] as Record<string, string>[]) {
      const res = await executeRoute(def, t.db, user, null, new Request(`${BASE}/api/reports/render`, { method: "POST", body: body(), headers: { ...headers, "content-type": "application/x-www-form-urlencoded" } }), {});
      expect(res.status).toBe(403);
    }
    expect(await t.db.reportArchive.count()).toBe(before);
  });
});

// A restricted session (initial/reset/expired password, second factor not yet enrolled) reaches no route: 403 with
// a Chinese message, no data, nothing written, the refusal audited — for every route and every role.
describe.each(ROUTE_DEFINITIONS.map((d) => [d.name, d] as const))("%s from a restricted session", (name, def) => {
  it.each(ROLES.flatMap((r) => (["password", "mfa"] as const).map((x) => [r, x] as const)))("role %s, restriction %s: 403, no data, audited", async (role, restriction) => {
    const user = { ...(await actor(t.db, role, "6201")), restriction };
    const { req, params } = await FIXTURES[name].request(t.db, "620102");
    const before = await snapshot(t.db);
    const res = await executeRoute(def, t.db, user, "10.9.9.9", req, params);
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error).toMatch(restriction === "password" ? /请先修改密码/ : /请先绑定动态口令/);
    expect(Object.keys(body)).toEqual(["error"]);
    expect(await snapshot(t.db)).toEqual(before);
    expect(await t.db.auditLog.count({ where: { action: name, result: "denied", userId: user.id, reason: { startsWith: "受限会话" } } })).toBe(1);
  });
});
