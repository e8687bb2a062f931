// Every action and route definition the app binds, read off the modules themselves: every export of every
// "use server" module under lib/ and app/ is a server action carrying its `.definition` (lib/actions/server-action.ts),
// and every method export of app/**/route.ts (the API under app/api, and page-side routes such as
// /notifications/<id>/open) is a route handler carrying its `.definition` (lib/http/route.ts).
// Test-only: the product has no list of its actions, so nothing in lib/ imports every feature.
import fs from "node:fs";
import path from "node:path";
import type { ActionDefinition } from "@/lib/actions/core";
import type { RouteDefinition } from "@/lib/http/route-core";

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : walk(p, keep);
    return keep(p) ? [p] : [];
  });
}

/** Modules starting with "use server" (server actions), under lib/ and app/. */
export const SERVER_ACTION_FILES = [...walk("lib", isServerModule), ...walk("app", isServerModule)];
function isServerModule(p: string): boolean {
  return /\.(ts|tsx)$/.test(p) && /^\s*["']use server["']/.test(fs.readFileSync(p, "utf8"));
}

/** Every route file under app/ (app/api, and routes beside pages such as /notifications/<id>/open). */
export const ROUTE_FILES = walk("app", (p) => path.basename(p) === "route.ts");

/** Routes without a session by design: health check and the login machinery itself. */
export const PUBLIC_ROUTE_FILES = ["app/api/health/route.ts", "app/api/auth/[...nextauth]/route.ts", "app/api/action-refused/route.ts"];

type Bound<D> = { file: string; exportName: string; definition: D | undefined };

async function exportsOf<D>(files: string[], pick: (name: string) => boolean): Promise<Bound<D>[]> {
  const out: Bound<D>[] = [];
  for (const file of files) {
    const mod = (await import(path.resolve(file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (!pick(exportName)) continue;
      const definition = typeof value === "function" ? ((value as { definition?: D }).definition ?? undefined) : undefined;
      out.push({ file, exportName, definition });
    }
  }
  return out;
}

/** Every export of every "use server" module, with the definition it binds (undefined: not bound). */
export const BOUND_ACTIONS = await exportsOf<ActionDefinition>(SERVER_ACTION_FILES, () => true);
/** Every HTTP-method export of every non-public route file, with the definition it binds. */
export const BOUND_ROUTES = await exportsOf<RouteDefinition<Record<string, string>>>(
  ROUTE_FILES.filter((f) => !PUBLIC_ROUTE_FILES.includes(f)),
  (name) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(name),
);

function byName<D extends { name: string }>(bound: Bound<D>[]): Map<string, D> {
  const m = new Map<string, D>();
  for (const b of bound) if (b.definition) m.set(b.definition.name, b.definition);
  return m;
}

/** Every action definition bound by a server action, keyed by its name (e.g. "user.create"). */
export const ACTION_DEFINITION_MAP = byName(BOUND_ACTIONS);
export const ACTION_DEFINITIONS: ActionDefinition[] = [...ACTION_DEFINITION_MAP.values()];
/** Every route definition bound by a route file, keyed by its name (e.g. "report.generate"). */
export const ROUTE_DEFINITION_MAP = byName(BOUND_ROUTES);
export const ROUTE_DEFINITIONS = [...ROUTE_DEFINITION_MAP.values()];
