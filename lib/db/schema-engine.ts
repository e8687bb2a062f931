// Prisma's schema engine as WebAssembly (`@prisma/schema-engine-wasm`) driven through the pg driver adapter:
// migrations apply and diff without Prisma's native binaries, which cannot be downloaded on an air-gapped
// network. Records applied migrations in `_prisma_migrations` exactly as `prisma migrate deploy` does.
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { LEDGER_SEARCH, searchIndexName } from "../search/spec";

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const LOCKFILE = "migration_lock.toml";
/** serialises concurrent starts of several app servers: only one migrates */
const MIGRATION_LOCK_KEY = 727_202_301;

type WasmModule = typeof import("@prisma/schema-engine-wasm");
type SchemaEngine = Awaited<ReturnType<WasmModule["SchemaEngine"]["new"]>>;

let wasmReady: Promise<WasmModule> | undefined;
let lastPanic: string | undefined;

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

async function withEngine<T>(url: string, fn: (engine: SchemaEngine) => Promise<T>, log?: (l: string) => void, opts: { shadow?: boolean } = {}): Promise<T> {
  const wasm = await loadWasm();
  const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
  const opened: { dispose(): Promise<void> }[] = [];
  // the adapter opens its shadow database as { ...config, database }, which a connection string would override
  const config = opts.shadow ? scratchServerConfig(url) : { connectionString: url };
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScripts(new PrismaPg(config), opened));
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

/** A scratch server's URL (embedded or test PostgreSQL: host, port, user, password, database) as pg pool fields. */
function scratchServerConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)) };
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
    readCharColumns(a);
    return adapter;
  };
  return Object.assign(Object.create(factory), {
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await shadowDatabase(factory)),
  }) as PrismaPg;
}

/**
 * A shadow database next to the factory's (for diffing from the migrations directory), dropped when the engine lets
 * go of it. The adapter's own drops the database before closing its pool ("being accessed by other users").
 */
async function shadowDatabase(factory: PrismaPg) {
  const config = (factory as unknown as { config: pg.PoolConfig }).config;
  const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, "")}`;
  const admin = new pg.Client(config);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const adapter = await new PrismaPg({ ...config, database: name }).connect();
  const dispose = adapter.dispose.bind(adapter);
  let disposed = false;
  adapter.dispose = async () => {
    if (disposed) return;
    disposed = true;
    await dispose().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
  };
  return adapter;
}

const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils
type PgResult = { fields: { dataTypeID: number }[]; rows: unknown[] };
type RawResult = { columnTypes: number[] };

/**
 * The engine reads PostgreSQL's catalogs to describe a database (diffing from the migrations directory, which it
 * applies to a shadow database). Several catalog columns have the one-byte type "char" (pg_constraint.contype,
 * pg_class.relkind…), which the pg adapter refuses ("Column type 'char' could not be deserialized") although the
 * engine expects exactly that, a Character column. node-postgres already returns such a value as a one-letter
 * string; the column is reported to the adapter as text and to the engine as Character.
 */
function readCharColumns(adapter: unknown): void {
  const a = adapter as { performIO(q: object): Promise<PgResult>; queryRaw(q: object): Promise<RawResult> };
  const charColumns = new WeakMap<object, number[]>();
  const performIO = a.performIO.bind(a);
  const queryRaw = a.queryRaw.bind(a);
  a.performIO = async (query) => {
    const result = await performIO(query);
    const found: number[] = [];
    result.fields.forEach((f, i) => {
      if (f.dataTypeID === CHAR_OID) {
        f.dataTypeID = TEXT_OID;
        found.push(i);
      }
    });
    if (found.length) charColumns.set(query, found);
    return result;
  };
  a.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
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
 * What the migrations create by hand and schema.prisma cannot express (a covering index with INCLUDE columns, the
 * trigger-fed KPI rollup table, an index kept for the cockpit's plans): the generated diff leaves them alone.
 * Add a name here when a migration hand-writes another such object.
 */
export const HAND_WRITTEN = {
  tables: ["public.kpi_monthly"],
  indexes: [
    "task_assignments_kpi_idx",
    "task_assignments_unit_status_idx",
    "review_records_reopened_idx",
    // the global search's trigram indexes (lib/search/spec.ts)
    ...LEDGER_SEARCH.map(searchIndexName),
  ],
};

const EMPTY_MIGRATION = "-- This is an empty migration.";

/**
 * The SQL of the next migration: what takes the database that `prisma/migrations/` builds to `toSchema` (by default
 * prisma/schema.prisma); "" when they agree. `url` is a scratch database on a server where the engine may create
 * its shadow database (it applies the migrations there and describes the result); the migrations are applied to
 * `url` too, to compare index definitions. Two kinds of noise are removed from the engine's answer: hand-written
 * objects (HAND_WRITTEN), and indexes it drops and re-creates identically (it does not read back the operator class
 * of a btree index, e.g. `text_pattern_ops`).
 */
export async function pendingMigrationSql(url: string, toSchema = fs.readFileSync(SCHEMA_PATH, "utf8")): Promise<string> {
  await applyMigrations(url);
  const raw = await withEngine(url, async (engine) => {
    const out = await engine.diff({
      from: { tag: "migrations", ...migrationsList(MIGRATIONS_DIR) },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: toSchema }] },
      script: true,
      exitCode: null,
      filters: { externalTables: HAND_WRITTEN.tables, externalEnums: [] },
    });
    return (out as unknown as { stdout: string }).stdout;
  }, undefined, { shadow: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let existing: Map<string, string>;
  try {
    const { rows } = await client.query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'");
    existing = new Map(rows.map((r) => [r.indexname, normalizeIndex(r.indexdef)]));
  } finally {
    await client.end();
  }
  const blocks = raw.split(/\n\s*\n/).map((b) => b.trim()).filter((b) => b && b !== EMPTY_MIGRATION);
  const created = new Map<string, string>();
  for (const b of blocks) {
    const m = /^-- CreateIndex\n(CREATE (?:UNIQUE )?INDEX "([^"]+)"[\s\S]*);$/.exec(b);
    if (m) created.set(m[2], normalizeIndex(m[1]));
  }
  const unchanged = new Set([...created].filter(([name, def]) => existing.get(name) === def).map(([name]) => name));
  const kept = blocks.filter((b) => {
    const drop = /^-- DropIndex\nDROP INDEX "([^"]+)";$/.exec(b)?.[1];
    if (drop) return !unchanged.has(drop) && !HAND_WRITTEN.indexes.includes(drop);
    const create = /^-- CreateIndex\nCREATE (?:UNIQUE )?INDEX "([^"]+)"/.exec(b)?.[1];
    return !(create && unchanged.has(create));
  });
  return kept.length ? `${kept.join("\n\n")}\n` : "";
}

/** An index definition as Prisma writes it or as pg_get_indexdef reads it back, in one comparable form. */
function normalizeIndex(def: string): string {
  return def
    .replace(/"/g, "")
    .replace(/\bpublic\./g, "")
    .replace(/ USING btree ?/i, "")
    .replace(/\s+/g, "")
    .toLowerCase();
}

export { LOCKFILE };
