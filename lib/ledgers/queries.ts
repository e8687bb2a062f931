// Reading ledgers: one way to list (server-side filter, search, sort, pagination, scope) for every ledger, used by
// the list pages and, row by row, by the export. The db-first functions are shared with the export and the tests;
// pages call the page-facing ones at the end (ledgerCards, ledgerPage, ledgerRecord), which take the database themselves.
import "server-only";
import { z } from "zod";
import { denyPage } from "@/lib/auth/session";
import { getDb, getReadDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { type Scope, contains, recordsIn, userScope } from "@/lib/auth/scope";
import { batchesInOrder } from "@/lib/db/batches";
import { type QuerySchema, type RawQuery, parseQuery, qEnum, qLooseDay, qPage, qText } from "@/lib/http/query";
import { addDays, parseLooseDay, shanghaiDayStart } from "@/lib/time";
import { LEDGERS, LEDGER_KEYS } from "./configs";
import type { LedgerConfig, LedgerKey } from "./types";
import { delegate, linkFields, linkedCodes } from "./write";

export const LEDGER_PAGE_SIZE = 30;

export interface LedgerParams {
  q: string;
  preset: string;
  sort: string;
  dir: "asc" | "desc";
  page: number;
  /** field filters: `<key>` for enum/bool, `<key>_from` / `<key>_to` for dates */
  filters: Record<string, string>;
}

const querySchemas = new WeakMap<LedgerConfig, QuerySchema>();

/**
 * The query schema of a ledger's list (built once per ledger from its fields): enum and yes/no filters take only
 * their values, date filters only dates, sort only the sortable columns; anything else is ignored.
 */
export function ledgerQuerySchema(config: LedgerConfig): QuerySchema {
  let schema = querySchemas.get(config);
  if (schema) return schema;
  const shape: Record<string, z.ZodType> = {};
  for (const f of config.fields.filter((x) => x.filter)) {
    if (f.type === "date" || f.type === "datetime") shape[`${f.key}_from`] = shape[`${f.key}_to`] = qLooseDay;
    else if (f.type === "bool") shape[f.key] = qEnum(["true", "false"]);
    else if (f.type === "enum" && f.options?.length) shape[f.key] = qEnum(f.options.map((o) => o.value) as [string, ...string[]]);
  }
  const sortable = [...new Set(["code", config.dateField, ...config.fields.filter((f) => f.list && f.type !== "links").map((f) => f.key)])] as [string, ...string[]];
  const presets = config.presets?.map((p) => p.key) ?? [];
  schema = z.object({
    ...shape,
    q: qText(100),
    preset: presets.length ? qEnum(presets as [string, ...string[]]) : z.undefined().catch(undefined),
    sort: qEnum(sortable),
    dir: qEnum(["asc", "desc"]),
    page: qPage,
  });
  querySchemas.set(config, schema);
  return schema;
}

/** Reads list parameters from a URL query (the list page and the export use the same). */
export function parseLedgerParams(config: LedgerConfig, sp: RawQuery): LedgerParams {
  const { q, preset, sort, dir, page, ...rest } = parseQuery(ledgerQuerySchema(config), sp) as Record<string, unknown>;
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === "string" && v) filters[k] = v;
  return {
    q: q as string,
    preset: (preset as string | undefined) ?? "",
    sort: (sort as string | undefined) ?? config.dateField,
    dir: dir === "asc" ? "asc" : "desc",
    page: page as number,
    filters,
  };
}

/**
 * The filter part of a list's query string, as parsed (defaults, page and unit left out): what a saved filter keeps
 * (lib/saved-filters). Only values parseLedgerParams accepted get here.
 */
export function ledgerFilterQuery(config: LedgerConfig, p: LedgerParams): string {
  const m = new URLSearchParams();
  if (p.q) m.set("q", p.q);
  if (p.preset) m.set("preset", p.preset);
  for (const [k, v] of Object.entries(p.filters).sort(([a], [b]) => a.localeCompare(b))) m.set(k, v);
  if (p.sort !== config.dateField) m.set("sort", p.sort);
  if (p.dir !== "desc") m.set("dir", p.dir);
  return m.toString();
}

/** The Prisma where of a list: the scope (a unit's subtree) AND search AND filters AND preset. */
export async function ledgerWhere(db: Db, config: LedgerConfig, scope: Scope, p: LedgerParams): Promise<Record<string, unknown>> {
  const and: Record<string, unknown>[] = [recordsIn(scope)];
  if (p.q) {
    const or: Record<string, unknown>[] = [{ code: { contains: p.q, mode: "insensitive" } }];
    for (const f of config.fields.filter((x) => x.search)) or.push({ [f.key]: { contains: p.q, mode: "insensitive" } });
    and.push({ OR: or });
  }
  for (const f of config.fields.filter((x) => x.filter)) {
    if (f.type === "enum" && p.filters[f.key]) {
      // only known values get here (parseLedgerParams); anything else would not be a valid enum for Prisma
      if (f.options?.some((o) => o.value === p.filters[f.key])) and.push({ [f.key]: f.numeric ? Number(p.filters[f.key]) : p.filters[f.key] });
    } else if (f.type === "bool" && p.filters[f.key]) {
      and.push({ [f.key]: p.filters[f.key] === "true" });
    } else if (f.type === "date" || f.type === "datetime") {
      const from = p.filters[`${f.key}_from`] ? parseLooseDay(p.filters[`${f.key}_from`]) : null;
      const to = p.filters[`${f.key}_to`] ? parseLooseDay(p.filters[`${f.key}_to`]) : null;
      // datetime columns: whole Beijing days
      const start = (day: Date) => (f.type === "datetime" ? shanghaiDayStart(day) : day);
      if (from) and.push({ [f.key]: { gte: start(from) } });
      if (to) and.push({ [f.key]: { lt: start(addDays(to, 1)) } });
    }
  }
  const preset = config.presets?.find((x) => x.key === p.preset);
  if (preset) and.push(await preset.where(db, new Date()));
  return { AND: and };
}

export function ledgerOrderBy(config: LedgerConfig, p: LedgerParams) {
  return [{ [p.sort]: p.dir }, { id: p.dir }];
}

export async function listLedger(db: Db, config: LedgerConfig, scope: Scope, p: LedgerParams) {
  const where = await ledgerWhere(db, config, scope, p);
  const d = delegate(db, config) as unknown as { count(a: unknown): Promise<number>; findMany(a: unknown): Promise<Record<string, unknown>[]> };
  const [total, rows] = await Promise.all([
    d.count({ where }),
    d.findMany({ where, orderBy: ledgerOrderBy(config, p), skip: (p.page - 1) * LEDGER_PAGE_SIZE, take: LEDGER_PAGE_SIZE }),
  ]);
  const links = await listLinks(db, config, rows.map((r) => r.id as number));
  const unitIds = [...new Set(rows.map((r) => r.unitId as number))];
  const units = new Map((await db.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)),
    rows: rows.map((r): Record<string, unknown> & { id: number; code: string; unitName: string; links: Record<string, string[]> } => ({
      ...r,
      id: r.id as number,
      code: r.code as string,
      unitName: units.get(r.unitId as number) ?? "",
      links: links.get(r.id as number) ?? {},
    })),
  };
}

/** Codes of the linked records of many rows at once: id → field → codes. */
export async function listLinks(db: unknown, config: LedgerConfig, ids: number[]): Promise<Map<number, Record<string, string[]>>> {
  const out = new Map<number, Record<string, string[]>>();
  if (!ids.length) return out;
  for (const f of linkFields(config)) {
    const store = f.links.store;
    const target = LEDGERS[f.links.ledger];
    let pairs: { owner: number; target: number }[];
    if (store.kind === "join") {
      const rows = await (db as Record<string, { findMany(a: unknown): Promise<Record<string, number>[]> }>)[store.model].findMany({ where: { [store.ownerKey]: { in: ids } } });
      pairs = rows.map((r) => ({ owner: r[store.ownerKey], target: r[store.targetKey] }));
    } else {
      const rows = await delegate(db, config).findMany({ where: { id: { in: ids } }, select: { id: true, [store.column]: true } });
      pairs = rows.filter((r) => r[store.column]).map((r) => ({ owner: r.id as number, target: r[store.column] as number }));
    }
    const codes = new Map(
      ((await delegate(db, target).findMany({ where: { id: { in: [...new Set(pairs.map((p) => p.target))] } }, select: { id: true, code: true } })) as unknown as { id: number; code: string }[]).map((r) => [r.id, r.code]),
    );
    for (const p of pairs) {
      const rec = out.get(p.owner) ?? {};
      (rec[f.key] ??= []).push(codes.get(p.target) ?? "");
      out.set(p.owner, rec);
    }
  }
  return out;
}

export interface Backlink {
  ledger: LedgerKey;
  title: string;
  label: string;
  records: { id: number; code: string; title: string }[];
}

/**
 * One record in the viewer's subtree (anything else is a 404), with its link codes and the records of other
 * ledgers that link to it (情报 ← 研判 ← 核查处置, navigable both ways).
 */
export async function getLedgerRecord(db: Db, config: LedgerConfig, viewer: { unitPath: string }, id: number) {
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", viewer);
  const row = await delegate(db, config).findUnique({ where: { id } });
  if (!row || !contains(userScope(viewer), row.unitPath as string)) return denyPage(row ? "超出管辖范围" : "记录不存在", viewer);
  const links: Record<string, { code: string; id: number | null }[]> = {};
  for (const f of linkFields(config)) {
    const codes = await linkedCodes(db, config, id, f);
    const rows = codes.length ? ((await delegate(db, LEDGERS[f.links.ledger]).findMany({ where: { code: { in: codes } }, select: { id: true, code: true, unitPath: true } })) as unknown as { id: number; code: string; unitPath: string }[]) : [];
    // a linked record outside the viewer's subtree is named but not linked
    links[f.key] = codes.map((c) => {
      const r = rows.find((x) => x.code === c);
      return { code: c, id: r && contains(userScope(viewer), r.unitPath) ? r.id : null };
    });
  }
  const backlinks: Backlink[] = [];
  for (const other of LEDGER_KEYS.map((k) => LEDGERS[k])) {
    for (const f of linkFields(other).filter((x) => x.links.ledger === config.key)) {
      const store = f.links.store;
      const ownerIds =
        store.kind === "join"
          ? (await (db as unknown as Record<string, { findMany(a: unknown): Promise<Record<string, number>[]> }>)[store.model].findMany({ where: { [store.targetKey]: id } })).map((r) => r[store.ownerKey])
          : ((await delegate(db, other).findMany({ where: { [store.column]: id }, select: { id: true } })) as unknown as { id: number }[]).map((r) => r.id);
      if (!ownerIds.length) continue;
      const owners = (await delegate(db, other).findMany({ where: { id: { in: ownerIds }, ...recordsIn(userScope(viewer)) }, orderBy: { id: "asc" } })) as Record<string, unknown>[];
      backlinks.push({ ledger: other.key, title: other.title, label: f.label, records: owners.map((o) => ({ id: o.id as number, code: o.code as string, title: String(o[other.titleField] ?? "") })) });
    }
  }
  const unit = await db.unit.findUnique({ where: { id: row.unitId as number }, select: { name: true } });
  return { row, links, backlinks, unitName: unit?.name ?? "" };
}

/** Rows of a list in the list's own order, in batches of `size` (the export streams these; memory stays flat). */
export async function* iterateLedger(db: Db, config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, size = 2000) {
  const d = delegate(db, config);
  const ids = ((await d.findMany({ where, orderBy, select: { id: true } })) as { id: number }[]).map((r) => r.id);
  const fetch = (chunk: number[]) => d.findMany({ where: { AND: [where, { id: { in: chunk } }] } }) as Promise<(Record<string, unknown> & { id: number })[]>;
  for await (const rows of batchesInOrder(ids, fetch, size)) {
    const links = await listLinks(db, config, rows.map((r) => r.id));
    yield rows.map((r): Record<string, unknown> & { links: Record<string, string[]> } => ({ ...r, links: links.get(r.id) ?? {} }));
  }
}

/** Per ledger of the subtree: the record count and each preset's count (the 清单台账 overview). */
export async function ledgerOverview(db: Db, scope: Scope, now: Date = new Date()) {
  const where = recordsIn(scope);
  return Promise.all(
    LEDGER_KEYS.map(async (key) => {
      const c = LEDGERS[key];
      const d = delegate(db, c) as unknown as { count(a: unknown): Promise<number> };
      const total = await d.count({ where });
      const presets = await Promise.all((c.presets ?? []).map(async (p) => ({ ...p, n: await d.count({ where: { AND: [where, await p.where(db, now)] } }) })));
      return { c, total, presets };
    }),
  );
}

// ── for pages ────────────────────────────────────────────────────────────────────────────────────────────────

/** The 清单台账 overview of a subtree. */
export async function ledgerCards(scope: Scope) {
  return ledgerOverview(await getReadDb(), scope);
}

/** One page of a ledger's list in a subtree. */
export async function ledgerPage(config: LedgerConfig, scope: Scope, p: LedgerParams) {
  return listLedger(await getReadDb(), config, scope, p);
}

/** One record in the viewer's subtree; anything else is an audited 404 (denyPage). */
export function ledgerRecord(config: LedgerConfig, viewer: { unitPath: string }, id: number) {
  return getLedgerRecord(getDb(), config, viewer, id);
}
