// Restricted sessions (initial/reset/expired password, second factor not yet enrolled) get nothing from any page.
// The gate is in requireUser()/requirePermission(), which every page calls itself — not only in the layout, which a
// request with `RSC: 1` may skip. This test walks app/ for every page.tsx (a new page is covered automatically),
// calls each page's component as a restricted user of every role, with concrete params for dynamic segments, and
// asserts it answers with the redirect to the account page before producing anything.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ROLES, type RoleName } from "@/lib/auth/permissions";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";
import { makeAssignment, makeLedgerRecord } from "./helpers/work-factories";
import { makeSupervision } from "../support/factories";

// the request: who is signed in (the next-auth token claims) and the path (set by proxy.ts)
const request = vi.hoisted(() => ({ claims: null as null | Record<string, number>, pathname: "/" }));

vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-pathname": request.pathname }),
  // the session cookie, encrypted as next-auth does (helpers/session-cookie.ts)
  cookies: async () => (await import("./helpers/session-cookie")).sessionCookieStore(request.claims),
}));

const t = setupTestDatabase();

function pageFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pageFiles(p) : e.name === "page.tsx" ? [p] : [];
  });
}

const PAGES = pageFiles("app").sort();
/** the only pages a restricted session may see, and the restriction each resolves */
const ACCOUNT_PAGES: Record<string, "password" | "mfa"> = { "app/(app)/account/password/page.tsx": "password", "app/(app)/account/mfa/page.tsx": "mfa" };
/** pages without a session by design */
const PUBLIC_PAGES = ["app/login/page.tsx"];
const GATED = PAGES.filter((p) => !ACCOUNT_PAGES[p] && !PUBLIC_PAGES.includes(p));

/** the URL path of a page file: route groups dropped, dynamic segments filled in from `params` */
function urlOf(file: string, params: Record<string, string>): string {
  const segs = path.dirname(file).split(path.sep).slice(1).filter((s) => !/^\(.*\)$/.test(s));
  return "/" + segs.map((s) => (s.startsWith("[") ? params[s.slice(1, -1)] : s)).join("/");
}

/** concrete params from the test database for every dynamic segment */
let PARAMS: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const db = t.db;
  const assignment = await makeAssignment(db, "620102");
  const record = await makeLedgerRecord(db, "disputes", "620102");
  const unit = await db.unit.findUniqueOrThrow({ where: { code: "620102" } });
  const city = await db.unit.findUniqueOrThrow({ where: { code: "6201" } });
  const user = await makeUser(db, "OFFICER", "620102");
  const task = await db.planTask.findFirstOrThrow({ where: { plan: { active: true } }, orderBy: { code: "asc" } });
  const supervision = await makeSupervision(db, "620102");
  const archive = await db.reportArchive.create({ data: { unitId: city.id, unitPath: city.path, period: "2025-10", title: "秘密月报", figures: {} } });
  PARAMS = {
    "app/(app)/admin/units/[id]/page.tsx": { id: String(unit.id) },
    "app/(app)/admin/users/[id]/page.tsx": { id: String(user.id) },
    "app/(app)/assessment/[code]/page.tsx": { code: "6201" },
    "app/(app)/cockpit/[code]/page.tsx": { code: "6201" },
    "app/(app)/ledgers/[key]/[id]/page.tsx": { key: "disputes", id: String(record.id) },
    "app/(app)/ledgers/[key]/import/page.tsx": { key: "disputes" },
    "app/(app)/ledgers/[key]/new/page.tsx": { key: "disputes" },
    "app/(app)/ledgers/[key]/page.tsx": { key: "disputes" },
    "app/(app)/plan/tasks/[code]/page.tsx": { code: task.code },
    "app/(app)/reports/archive/[id]/page.tsx": { id: String(archive.id) },
    "app/(app)/tasks/[id]/page.tsx": { id: String(assignment.id) },
    "app/(app)/supervision/[code]/page.tsx": { code: supervision.code },
    "app/wall/[code]/page.tsx": { code: "6201" },
  };
});

/** a signed-in user of `role` whose session is restricted as asked (the restriction comes from the database) */
async function signIn(role: RoleName, restriction: "password" | "mfa" | null) {
  const u = await makeUser(t.db, role, role === "SYSADMIN" || role === "SECADMIN" || role === "AUDITOR" ? "62" : "6201");
  await t.db.user.update({
    where: { id: u.id },
    data: {
      mustChangePassword: restriction === "password",
      // "mfa": the default policy requires a second factor and this user has none; unrestricted: demo-style exemption
      mfaExempt: restriction === null,
    },
  });
  const now = Date.now();
  request.claims = { uid: u.id, sv: 1, lat: now, seen: now };
  return u;
}

type PageModule = { default: (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown> };

async function callPage(file: string): Promise<{ ok: true; value: unknown } | { ok: false; digest: string; error: unknown }> {
  const mod = (await import(/* @vite-ignore */ path.resolve(file))) as PageModule;
  const params = PARAMS[file] ?? {};
  request.pathname = urlOf(file, params);
  try {
    return { ok: true, value: await mod.default({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }) };
  } catch (e) {
    return { ok: false, digest: String((e as { digest?: string })?.digest ?? ""), error: e };
  }
}

const redirectTo = (digest: string) => (digest.startsWith("NEXT_REDIRECT;") ? digest.split(";")[2] : null);

describe("every page under app/", () => {
  it("is found by the walk, and every page is gated, an account page or public by design", () => {
    expect(GATED.length).toBeGreaterThan(25);
    expect(GATED).toContain("app/(app)/cockpit/page.tsx");
    for (const f of Object.keys(ACCOUNT_PAGES)) expect(PAGES).toContain(f);
    // every dynamic page has concrete params
    for (const f of GATED.filter((p) => p.includes("["))) expect(PARAMS[f], `${f}: add params for its dynamic segments`).toBeTruthy();
  });
});

describe.each(GATED)("%s", (file) => {
  it.each(ROLES.flatMap((r) => (["password", "mfa"] as const).map((x) => [r, x] as const)))("role %s with a %s restriction is redirected to the account page and gets no data", async (role, restriction) => {
    await signIn(role, restriction);
    const r = await callPage(file);
    expect(r.ok, `${file} rendered for a restricted session`).toBe(false);
    if (!r.ok) expect(redirectTo(r.digest), String(r.error)).toBe(`/account/${restriction}?required=1`);
  });

  it("an unrestricted session is not sent to the account pages (the gate is the restriction, not the page)", async () => {
    await signIn("COMMANDER", null);
    const r = await callPage(file);
    if (!r.ok) expect(redirectTo(r.digest) ?? "", String(r.error)).not.toMatch(/^\/account\//);
  });
});

describe("the account pages", () => {
  it("each serves the restriction it resolves, and sends the other restriction to its own page", async () => {
    for (const [file, own] of Object.entries(ACCOUNT_PAGES)) {
      const other = own === "password" ? "mfa" : "password";
      await signIn("OFFICER", own);
      const mine = await callPage(file);
      expect(mine.ok, `${file} for a ${own} restriction: ${mine.ok ? "" : String(mine.error)}`).toBe(true);
      await signIn("OFFICER", other);
      const theirs = await callPage(file);
      expect(!theirs.ok && redirectTo(theirs.digest)).toBe(`/account/${other}?required=1`);
    }
  });

  it("the layout sends a restricted session from any other path to its account page", async () => {
    const { default: AppLayout } = (await import("@/app/(app)/layout")) as unknown as { default: (p: { children: null }) => Promise<unknown> };
    await signIn("COMMANDER", "password");
    request.pathname = "/cockpit";
    await expect(AppLayout({ children: null })).rejects.toMatchObject({ digest: expect.stringContaining("/account/password?required=1") });
    request.pathname = "/account/password";
    await expect(AppLayout({ children: null })).resolves.toBeTruthy();
  });
});

// A 大屏 display device (role DISPLAY, lib/auth/permissions.ts) holds only wall:read: every page but its wall is
// refused — a 404 like a missing page, or the home page sending it to its wall.
describe("a 大屏 display session", () => {
  it.each(PAGES.filter((f) => !PUBLIC_PAGES.includes(f) && !f.startsWith("app/wall/")))("%s is refused", async (file) => {
    await signIn("DISPLAY", null);
    const r = await callPage(file);
    expect(r.ok, `${file} rendered for a display session`).toBe(false);
    if (!r.ok) expect(r.digest === "NEXT_HTTP_ERROR_FALLBACK;404" || (redirectTo(r.digest) ?? "").startsWith("/wall/6201"), `${file}: ${r.digest} ${String(r.error)}`).toBe(true);
  });
});
