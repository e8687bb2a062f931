// Writing ledger records: shared by the forms (server actions) and the import. Every write runs inside the
// caller's transaction; optimistic concurrency through the version column.
import { ConflictError } from "@/lib/actions/core";
import type { Tx } from "@/lib/db/client";
import type { LedgerConfig, LedgerField, LedgerKey, LedgerValues, WriteContext } from "./types";
import { LEDGERS } from "./configs";
import { shanghaiYearMonth, toShanghaiInput } from "@/lib/time";

type Delegate = {
  findMany(args: unknown): Promise<Record<string, unknown>[]>;
  findUnique(args: unknown): Promise<Record<string, unknown> | null>;
  create(args: unknown): Promise<Record<string, unknown>>;
  createMany(args: unknown): Promise<{ count: number }>;
  updateMany(args: unknown): Promise<{ count: number }>;
};

/** The Prisma delegate of a ledger's table (the one untyped seam of the generic machinery). */
export function delegate(tx: unknown, config: LedgerConfig): Delegate {
  return (tx as Record<string, Delegate>)[config.model];
}

export const linkFields = (config: LedgerConfig) => config.fields.filter((f): f is LedgerField & { links: NonNullable<LedgerField["links"]> } => f.type === "links" && !!f.links);
export const plainFields = (config: LedgerConfig) => config.fields.filter((f) => f.type !== "links");

/** Reserves `n` consecutive record codes PREFIX-<unit>-<year>-NNNN for a unit. */
export async function reserveCodes(tx: Tx, config: LedgerConfig, unitCode: string, year: number, n: number): Promise<string[]> {
  const key = `${config.codePrefix}-${unitCode}-${year}`;
  const [row] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO code_counters (key, value) VALUES (${key}, ${n})
    ON CONFLICT (key) DO UPDATE SET value = code_counters.value + ${n}
    RETURNING value`;
  const last = row.value;
  return Array.from({ length: n }, (_, i) => `${key}-${String(last - n + 1 + i).padStart(4, "0")}`);
}

export interface LinkedRecord {
  id: number;
  code: string;
  unitPath: string;
}

/** The records named by the link fields' codes (for scope checks and storage); missing codes are reported. */
export async function resolveLinks(db: unknown, config: LedgerConfig, values: LedgerValues): Promise<{ byField: Map<string, LinkedRecord[]>; missing: [string, string[]][] }> {
  const byField = new Map<string, LinkedRecord[]>();
  const missing: [string, string[]][] = [];
  for (const f of linkFields(config)) {
    const codes = (values[f.key] as string[] | undefined) ?? [];
    if (!codes.length) {
      byField.set(f.key, []);
      continue;
    }
    const target = LEDGERS[f.links.ledger];
    const rows = (await delegate(db, target).findMany({ where: { code: { in: codes } }, select: { id: true, code: true, unitPath: true } })) as unknown as LinkedRecord[];
    byField.set(f.key, rows);
    const found = new Set(rows.map((r) => r.code));
    const absent = codes.filter((c) => !found.has(c));
    if (absent.length) missing.push([f.key, absent]);
  }
  return { byField, missing };
}

function touch(ctx: WriteContext, ledger: LedgerKey, ids: number[]) {
  const set = ctx.touched.get(ledger) ?? new Set<number>();
  ids.forEach((i) => set.add(i));
  ctx.touched.set(ledger, set);
}

/** Stores the link fields of one record, replacing what was there; remembers every target added or removed. */
async function saveLinks(tx: Tx, config: LedgerConfig, ownerId: number, links: Map<string, LinkedRecord[]>, ctx: WriteContext, isNew: boolean): Promise<Record<string, unknown>> {
  const columns: Record<string, unknown> = {};
  for (const f of linkFields(config)) {
    const targets = links.get(f.key) ?? [];
    const store = f.links.store;
    if (store.kind === "column") {
      columns[store.column] = targets[0]?.id ?? null;
      continue;
    }
    const join = (tx as unknown as Record<string, { findMany(a: unknown): Promise<Record<string, number>[]>; deleteMany(a: unknown): Promise<unknown>; createMany(a: unknown): Promise<unknown> }>)[store.model];
    if (!isNew) {
      const old = await join.findMany({ where: { [store.ownerKey]: ownerId }, select: { [store.targetKey]: true } });
      touch(ctx, f.links.ledger, old.map((o) => o[store.targetKey]));
      await join.deleteMany({ where: { [store.ownerKey]: ownerId } });
    }
    if (targets.length) await join.createMany({ data: targets.map((t) => ({ [store.ownerKey]: ownerId, [store.targetKey]: t.id })), skipDuplicates: true });
    touch(ctx, f.links.ledger, targets.map((t) => t.id));
  }
  return columns;
}

function plainData(config: LedgerConfig, values: LedgerValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of plainFields(config)) if (f.key in values) data[f.key] = values[f.key];
  return data;
}

/** One record to create: its unit, its validated values, the records its link fields name. */
export interface NewRecord {
  unit: { id: number; code: string; path: string };
  values: LedgerValues;
  links: Map<string, LinkedRecord[]>;
  /** content key of an imported row ("the same file twice adds nothing") */
  importKey?: string;
}

const BATCH = 5000;

/** The year a record's code is numbered in: its main date's Beijing year, else the year of the write. */
function codeYear(config: LedgerConfig, values: LedgerValues, now: Date): number {
  const date = values[config.dateField];
  return shanghaiYearMonth(date instanceof Date ? date : now).year;
}

/**
 * THE way ledger records are created — by the form (one record) and the import (100,000): codes reserved per unit
 * and year in one counter update each, computed fields, single links as columns, multi-links in the join tables,
 * rows inserted in multi-row statements of BATCH rows, then the ledger's after-write hook once for all of them.
 * Returns the ids and codes in the order given.
 */
export async function createRecords(tx: Tx, config: LedgerConfig, records: NewRecord[], ctx: WriteContext, onBatch?: (done: number) => void): Promise<{ id: number; code: string }[]> {
  if (!records.length) return [];
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const g = `${r.unit.code}|${codeYear(config, r.values, ctx.now)}`;
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  const codes: string[] = new Array(records.length);
  for (const [g, idx] of groups) {
    const [unitCode, year] = g.split("|");
    const reserved = await reserveCodes(tx, config, unitCode, Number(year), idx.length);
    idx.forEach((at, k) => (codes[at] = reserved[k]));
  }
  const links = linkFields(config);
  const out: { id: number; code: string }[] = [];
  for (let i = 0; i < records.length; i += BATCH) {
    const chunk = records.slice(i, i + BATCH);
    const rows: Record<string, unknown>[] = [];
    for (const [k, r] of chunk.entries()) {
      const row: Record<string, unknown> = { ...plainData(config, r.values), code: codes[i + k], unitId: r.unit.id, unitPath: r.unit.path, createdById: ctx.actorId, updatedById: ctx.actorId };
      if (r.importKey) row.importKey = r.importKey;
      for (const f of links) if (f.links.store.kind === "column") row[f.links.store.column] = r.links.get(f.key)?.[0]?.id ?? null;
      Object.assign(row, (await config.computed?.(tx, r.values, ctx)) ?? {});
      rows.push(row);
    }
    const created = await bulkInsert(tx, config, rows);
    const idOf = new Map(created.map((c) => [c.code, c.id]));
    for (const f of links) {
      const store = f.links.store;
      if (store.kind !== "join") continue;
      touch(ctx, f.links.ledger, chunk.flatMap((r) => (r.links.get(f.key) ?? []).map((t) => t.id)));
      const joinRows = chunk.flatMap((r, k) => (r.links.get(f.key) ?? []).map((t) => ({ [store.ownerKey]: idOf.get(codes[i + k])!, [store.targetKey]: t.id })));
      if (joinRows.length) await (tx as unknown as Record<string, { createMany(a: unknown): Promise<unknown> }>)[store.model].createMany({ data: joinRows, skipDuplicates: true });
    }
    for (const c of codes.slice(i, i + chunk.length)) out.push({ id: idOf.get(c)!, code: c });
    onBatch?.(i + chunk.length);
  }
  await config.afterWrite?.(tx, out.map((r) => r.id), ctx);
  return out;
}

/** One record from the form: createRecords with one row; answers the stored row. */
export async function createRecord(
  tx: Tx,
  config: LedgerConfig,
  unit: { id: number; code: string; path: string },
  values: LedgerValues,
  links: Map<string, LinkedRecord[]>,
  ctx: WriteContext,
): Promise<Record<string, unknown>> {
  const [{ id }] = await createRecords(tx, config, [{ unit, values, links }], ctx);
  return (await delegate(tx, config).findUnique({ where: { id } }))!;
}

export async function updateRecord(
  tx: Tx,
  config: LedgerConfig,
  id: number,
  version: number,
  values: LedgerValues,
  links: Map<string, LinkedRecord[]>,
  ctx: WriteContext,
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  const d = delegate(tx, config);
  const before = await d.findUnique({ where: { id } });
  if (!before) throw new ConflictError({});
  const computed = (await config.computed?.(tx, values, ctx)) ?? {};
  const { count } = await d.updateMany({
    where: { id, version },
    data: { ...plainData(config, values), ...computed, updatedById: ctx.actorId, version: { increment: 1 } },
  });
  if (!count) throw new ConflictError(await currentValues(tx, config, before));
  const columns = await saveLinks(tx, config, id, links, ctx, false);
  if (Object.keys(columns).length) await d.updateMany({ where: { id }, data: columns });
  await config.afterWrite?.(tx, [id], ctx);
  const after = await d.findUnique({ where: { id } });
  return { before, after: after ?? {} };
}

/** The record as stored now, labelled for the conflict message ("该记录已被他人修改"). */
export async function currentValues(db: unknown, config: LedgerConfig, row: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const f of plainFields(config)) out[f.label] = displayValue(f, row[f.key]);
  for (const f of linkFields(config)) out[f.label] = (await linkedCodes(db, config, row.id as number, f)).join("、");
  out.version = row.version;
  return out;
}

export async function linkedCodes(db: unknown, config: LedgerConfig, id: number, f: LedgerField): Promise<string[]> {
  const store = f.links!.store;
  const target = LEDGERS[f.links!.ledger];
  if (store.kind === "column") {
    const row = await delegate(db, config).findUnique({ where: { id }, select: { [store.column]: true } });
    const tid = row?.[store.column] as number | null | undefined;
    if (!tid) return [];
    const t = await delegate(db, target).findUnique({ where: { id: tid }, select: { code: true } });
    return t ? [t.code as string] : [];
  }
  const join = (db as Record<string, { findMany(a: unknown): Promise<Record<string, number>[]> }>)[store.model];
  const ids = (await join.findMany({ where: { [store.ownerKey]: id }, select: { [store.targetKey]: true } })).map((r) => r[store.targetKey]);
  if (!ids.length) return [];
  const rows = await delegate(db, target).findMany({ where: { id: { in: ids } }, select: { code: true }, orderBy: { code: "asc" } });
  return rows.map((r) => r.code as string);
}

/** A stored value as shown to people (enum labels, 是/否, Beijing dates). */
export function displayValue(f: LedgerField, v: unknown): string {
  if (v === null || v === undefined || v === "") return "";
  switch (f.type) {
    case "enum":
      return f.options?.find((o) => o.value === String(v))?.label ?? String(v);
    case "bool":
      return v ? "是" : "否";
    case "date":
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case "datetime":
      return v instanceof Date ? toShanghaiInput(v).replace("T", " ") : String(v);
    default:
      return String(v);
  }
}

const SYSTEM_COLUMNS: Record<string, "text" | "int"> = { code: "text", unitId: "int", unitPath: "text", importKey: "text", createdById: "int", updatedById: "int" };

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function sqlTypeOf(config: LedgerConfig, key: string): string {
  if (key in SYSTEM_COLUMNS) return SYSTEM_COLUMNS[key];
  if (config.extraColumns?.[key]) return config.extraColumns[key];
  const f = config.fields.find((x) => x.key === key);
  if (!f) throw new Error(`unknown column ${config.key}.${key}`);
  switch (f.type) {
    case "int":
      return "int";
    case "bool":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "timestamptz";
    case "enum":
      return f.numeric ? "int" : f.pgEnum ? `"${f.pgEnum}"` : "text";
    default:
      return "text";
  }
}

function sqlText(type: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return type === "date" ? v.toISOString().slice(0, 10) : v.toISOString();
  return String(v);
}

/**
 * Inserts many rows of a ledger in one statement, returning their ids and codes (createRecords, the demo seed).
 * The rows travel as ONE JSON parameter (an array of arrays, cast per column in SQL): for thousands of rows far
 * cheaper than createMany or one array parameter per column.
 */
export async function bulkInsert(tx: Tx, config: LedgerConfig, rows: Record<string, unknown>[]): Promise<{ id: number; code: string }[]> {
  if (!rows.length) return [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const types = keys.map((k) => sqlTypeOf(config, k));
  const json = JSON.stringify(rows.map((r) => keys.map((k, i) => sqlText(types[i], r[k]))));
  const cols = keys.map((k) => `"${snake(k)}"`).join(", ");
  const select = types.map((t, i) => `(e->>${i})::${t}`).join(", ");
  const sql = `INSERT INTO "${config.table}" (${cols}, "updated_at") SELECT ${select}, now() FROM json_array_elements($1::json) AS e RETURNING id, code`;
  return tx.$queryRawUnsafe<{ id: number; code: string }[]>(sql, json);
}
