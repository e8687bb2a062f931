// How the browser asks for a page when a link inside the app is clicked (a client-side navigation): an RSC request
// whose `Next-Router-State-Tree` header names the page's route tree with a "refetch" marker on the first segment
// that differs from the page the browser is on. The server renders from that segment down (the shell, i.e. the
// (app) layout, is not rendered again) and answers with React flight data instead of HTML.
//
// The header and the cache-busting `_rsc` parameter are byte for byte those a real Chromium sent (captured with
// Playwright, tests/unit/load-navigation.test.ts); `_rsc` is computed by Next's own function, without which Next 16
// redirects.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("package.json"));
const { computeCacheBustingSearchParam } = require("next/dist/shared/lib/router/utils/cache-busting-search-param.js") as {
  computeCacheBustingSearchParam: (prefetch: string, segmentPrefetch: undefined, stateTree: string, nextUrl: string | undefined) => Promise<string>;
};

type Segment = string | [name: string, value: string, kind: "d", null];

/** the dynamic segments of the app's routes (app/(app)/…/[name]) */
function paramName(parts: string[], i: number): string | null {
  if (i === 1 && parts[0] === "tasks") return "id";
  if (i === 1 && parts[0] === "cockpit") return "code";
  if (i === 1 && parts[0] === "ledgers") return "key";
  if (i === 2 && parts[0] === "ledgers" && parts[2] !== "new" && parts[2] !== "import") return "id";
  return null;
}

/** the route segments of a page under the (app) layout, the page itself last */
export function segmentsOf(url: string): Segment[] {
  const parts = new URL(url, "http://x").pathname.split("/").filter(Boolean).map(decodeURIComponent);
  return ["(app)", ...parts.map((p, i): Segment => {
    const name = paramName(parts, i);
    return name ? [name, p, "d", null] : p;
  }), "__PAGE__"];
}

const same = (a: Segment | undefined, b: Segment) => JSON.stringify(a) === JSON.stringify(b);

function tree(to: Segment[], changed: number, root: "refetch" | null): unknown {
  let node: unknown[] = ["__PAGE__", {}, null, changed === to.length - 1 ? "refetch" : null, 0];
  for (let i = to.length - 2; i >= 0; i--) node = [to[i], { children: node }, null, i === changed ? "refetch" : null, 0];
  return ["", { children: node }, null, root, 16];
}

/** the router state tree the browser sends when it navigates from `current` to `target` (both path + query) */
export function stateTree(target: string, current: string): unknown {
  const to = segmentsOf(target);
  const from = segmentsOf(current);
  let changed = to.findIndex((s, i) => !same(from[i], s));
  if (changed < 0) changed = to.length - 1; // only the query differs: the page segment is fetched again
  return tree(to, changed, null);
}

/** the headers of a server action posted from the page `current` (ActionForm) */
export function actionHeaders(current: string): Record<string, string> {
  return { "next-router-state-tree": encodeURIComponent(JSON.stringify(tree(segmentsOf(current), -1, null))) };
}

/** router.refresh() on the page `current` (ActionForm after a success): the whole tree again, shell included */
export async function refreshRequest(current: string): Promise<{ url: string; headers: Record<string, string> }> {
  const t = encodeURIComponent(JSON.stringify(tree(segmentsOf(current), -1, "refetch")));
  const rsc = await computeCacheBustingSearchParam("0", undefined, t, undefined);
  return { url: `${current}${current.includes("?") ? "&" : "?"}_rsc=${rsc}`, headers: { accept: "*/*", rsc: "1", "next-router-state-tree": t } };
}

/** the URL and headers of the client-side navigation from `current` to `target` */
export async function navigationRequest(target: string, current: string): Promise<{ url: string; headers: Record<string, string> }> {
  const tree = encodeURIComponent(JSON.stringify(stateTree(target, current)));
  const nextUrl = new URL(current, "http://x").pathname;
  const rsc = await computeCacheBustingSearchParam("0", undefined, tree, nextUrl);
  return {
    url: `${target}${target.includes("?") ? "&" : "?"}_rsc=${rsc}`,
    headers: { accept: "*/*", rsc: "1", "next-router-state-tree": tree, "next-url": nextUrl },
  };
}
