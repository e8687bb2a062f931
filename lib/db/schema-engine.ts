// Prisma's schema engine as WebAssembly (`@prisma/schema-engine-wasm`) driven through the pg driver adapter:
// migrations apply and diff without Prisma's native binaries, which cannot be downloaded on an air-gapped
// network. Records applied migrations in `_prisma_migrations` exactly as `prisma migrate deploy` does.
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const LOCKFILE = "migration_lock.toml";
/** serialises concurrent starts of several app servers: only one migrates */
const MIGRATION_LOCK_KEY = 727_202_301;

type WasmModule = typeof import("@prisma/schema-engine-wasm");
type SchemaEngine = Awaited<ReturnType<WasmModule["SchemaEngine"]["new"]>>;

let wasmReady: Promise<WasmModule> | undefined;
let lastPanic: string | undefined;
export const lastSchemaEnginePanic = () => lastPanic;

async function loadWasm(): Promise<WasmModule> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    // the engine reports Rust panics through this global before throwing
    (globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (m: string) => {
        lastPanic = m;
      },
    };
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    (bg as unknown as { __wbg_set_wasm: (e: unknown) => void }).__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg as unknown as WasmModule;
  })();
  return wasmReady;
}

async function withEngine<T>(url: string, fn: (engine: SchemaEngine) => Promise<T>, log?: (l: string) => void): Promise<T> {
  const wasm = await loadWasm();
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const opened: { dispose(): Promise<void> }[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg({ connectionString: url }), opened));
  const engine = await wasm.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    (msg: string) => log?.(msg),
    adapter,
  );
  try {
    return await fn(engine);
  } catch (e) {
    if (lastPanic) throw new Error(`schema engine: ${lastPanic}`, { cause: e });
    throw e;
  } finally {
    engine.free();
    // the engine never closes its connections; one left open would keep Prisma's migration advisory lock and make
    // the next run wait 10 s for it
    await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  }
}

type ScriptAdapter = { executeScript(script: string): Promise<void>; underlyingDriver(): { query(sql: string): Promise<unknown> } };

/**
 * The pg adapter runs a migration script by splitting it on ";", which breaks function bodies (triggers). Send each
 * script whole instead: PostgreSQL's simple-query protocol runs a multi-statement string as one implicit
 * transaction, so a migration applies entirely or not at all.
 */
function wholeScripts(factory: PrismaPg, opened: { dispose(): Promise<void> }[]): PrismaPg {
  const patch = <T>(adapter: T): T => {
    const a = adapter as unknown as ScriptAdapter & { onError(e: unknown): never; dispose(): Promise<void> };
    opened.push(a);
    a.executeScript = async (script: string) => {
      try {
        await a.underlyingDriver().query(script);
      } catch (e) {
        a.onError(e);
      }
    };
    return adapter;
  };
  return Object.assign(Object.create(factory), {
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  }) as PrismaPg;
}

export interface MigrationOnDisk {
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationOnDisk[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => ({ name: d.name, sql: fs.readFileSync(path.join(dir, d.name, "migration.sql"), "utf8") }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function migrationsList(dir: string) {
  const lockPath = path.join(dir, LOCKFILE);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(dir).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: m.sql } },
    })),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Applies every migration not yet recorded in `_prisma_migrations`. Safe to call from several processes at once:
 * a PostgreSQL advisory lock lets one migrate while the others wait and then find nothing to do.
 */
export async function applyMigrations(url: string, log?: (l: string) => void): Promise<string[]> {
  const lockClient = new pg.Client({ connectionString: url });
  await lockClient.connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    return await withEngine(
      url,
      async (engine) => {
        const out = await engine.applyMigrations({ migrationsList: migrationsList(MIGRATIONS_DIR), filters: noFilters });
        return out.appliedMigrationNames;
      },
      log,
    );
  } finally {
    await lockClient.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
    await lockClient.end();
  }
}

/**
 * SQL that takes the schema as it was at the last migration (`prisma/snapshots/<migration>.prisma`, written next to
 * each generated migration) to the current schema.prisma. Datamodel-to-datamodel: no database is introspected
 * (introspection through the pg driver adapter fails on PostgreSQL's "char" catalog columns).
 */
export async function diffSchemas(url: string, fromSchema: string | null, toSchema: string): Promise<string> {
  return withEngine(url, async (engine) => {
    const out = await engine.diff({
      from: fromSchema === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "from.prisma", content: fromSchema }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: toSchema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return (out as unknown as { stdout: string }).stdout;
  });
}

export { LOCKFILE };
