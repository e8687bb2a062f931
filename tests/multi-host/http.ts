// HTTP as a browser speaks it to the platform, for the multi-host test: a cookie jar, the next-auth credentials
// login, pages, and server actions called the way the page's JavaScript calls them (POST to the page with the
// Next-Action header; the action's id read from the production build's manifest).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromiumMultipart } from "../support/browser-form";

const require = createRequire(path.resolve("package.json"));
const { encodeReply } = require("next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.node.production.js") as {
  encodeReply: (v: unknown) => Promise<FormData | string>;
};

export const DEMO_PASSWORD = "Pingan@2023";

export class Jar {
  private readonly cookies = new Map<string, string>();
  update(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  hasSession() {
    return [...this.cookies.keys()].some((k) => k.endsWith("session-token"));
  }
}

/** next-auth credentials login (csrf token, then the callback); throws with the HTTP status when it fails */
export async function login(base: string, username: string, timeoutMs = 30_000): Promise<Jar> {
  const jar = new Jar();
  const r1 = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(timeoutMs) });
  jar.update(r1);
  if (!r1.ok) throw new Error(`csrf: HTTP ${r1.status}`);
  const { csrfToken } = (await r1.json()) as { csrfToken: string };
  const r2 = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, username, password: DEMO_PASSWORD, json: "true" }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  jar.update(r2);
  await r2.arrayBuffer().catch(() => {});
  if (!jar.hasSession()) throw new Error(`登录失败：${username}（HTTP ${r2.status}）`);
  return jar;
}

/** The ids of the build's server actions by exported name (from .next/server/server-reference-manifest.json). */
export function actionIds(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string; workers?: Record<string, { exportedName?: string; filename?: string }> }>;
  };
  const out = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.values(entry.workers ?? {})[0];
    const name = entry.exportedName ?? worker?.exportedName;
    const file = entry.filename ?? worker?.filename ?? "";
    if (name) out.set(`${file.replace(/^.*?(lib\/)/, "$1").replace(/\.tsx?$/, "")}#${name}`, id);
  }
  return out;
}

export interface ActionAnswer {
  status: number;
  /** the action's result when the server answered one ({ ok, data | error }) */
  result: { ok: boolean; data?: unknown; error?: string; code?: string } | null;
}

/** A server action as the page's JavaScript calls it: POST <page> with Next-Action; one argument (an object or a FormData). */
export async function callAction(
  base: string,
  page: string,
  actionId: string,
  jar: Jar,
  arg: Record<string, unknown> | FormData,
  opts: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ActionAnswer> {
  const encoded = await encodeReply([arg]);
  let body: string | Blob;
  let contentType: string;
  if (typeof encoded === "string") {
    body = encoded;
    contentType = "text/plain;charset=UTF-8";
  } else {
    const m = await chromiumMultipart(encoded);
    body = new Blob([new Uint8Array(m.body)]);
    contentType = m.contentType;
  }
  const res = await fetch(`${base}${page}`, {
    method: "POST",
    redirect: "manual",
    headers: { accept: "text/x-component", "next-action": actionId, origin: base, "content-type": contentType, cookie: jar.header(), ...opts.headers },
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
  });
  jar.update(res);
  const text = await res.text();
  return { status: res.status, result: res.ok ? actionResult(text) : null };
}

/** The action's return value in a React Flight answer: the row the root row's "a" points to. */
export function actionResult(flight: string): ActionAnswer["result"] {
  const rows = new Map<string, string>();
  for (const line of flight.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  const root = rows.get("0");
  if (!root) return null;
  const ref = /"a":"\$@([0-9a-f]+)"/.exec(root)?.[1];
  const row = ref ? rows.get(ref) : null;
  if (!row) return null;
  try {
    const v = JSON.parse(row) as ActionAnswer["result"];
    return v && typeof v === "object" && "ok" in v ? v : null;
  } catch {
    return null;
  }
}
