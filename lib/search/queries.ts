// The global search of the header (/search and its suggestions, /api/search): one term, looked up by code, by title
// and by person across everything the user may open — task assignments (任务编号 1.1.01, assignment number, title,
// 分管领导 / 责任民警), the plan's tasks, and every ledger (QB-620102-2025-0001, the record's title, the person and
// organisation fields of lib/search/spec.ts). Every row is read through the branded Scope of the signed-in user
// (sqlIn) and each kind only with its permission (task:read, plan:read, ledger:read): the three administrators hold
// none of them and get nothing. A hit shows only what its own page shows.
import "server-only";
import { z } from "zod";
import { can } from "@/lib/auth/permissions";
import { type Scope, sqlIn, userScope } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { type RawQuery, clip, parseQuery } from "@/lib/http/query";
import { LEDGERS } from "@/lib/ledgers/configs";
import { FORBIDDEN_CHARS_MESSAGE, hasForbiddenChars } from "@/lib/validation";
import { LEDGER_SEARCH, type LedgerSearchSpec, searchExpr } from "./spec";

/** a term shorter than this finds too much to be useful */
export const SEARCH_MIN = 2;
export const SEARCH_MAX = 60;
/** hits per kind on the results page and in the header's suggestions */
export const PAGE_LIMIT = 20;
export const SUGGEST_LIMIT = 4;

/** The search term: trimmed, 2–60 characters, no control characters (Chinese messages). */
export const zSearchTerm = z
  .string()
  .refine((s) => !hasForbiddenChars(s), { message: FORBIDDEN_CHARS_MESSAGE, abort: true })
  .trim()
  .min(SEARCH_MIN, `请至少输入 ${SEARCH_MIN} 个字`)
  .max(SEARCH_MAX, `搜索词不能超过 ${SEARCH_MAX} 个字`);

/** `?q=` as the one query parser reads it (first value, clipped to 1,000 characters, control characters dropped) */
const ZSearchQuery = z.object({ q: z.string().optional().catch(undefined) });

/**
 * The term of a `?q=`: the term, or why it cannot be searched ("" and no error when absent). Read through parseQuery
 * (lib/http/query.ts); a value it dropped for its control characters is reported, not silently ignored.
 */
export function parseSearchTerm(raw: RawQuery): { q: string; error: string | null } {
  const v = parseQuery(ZSearchQuery, raw).q;
  if (v === undefined) {
    let given: unknown = raw instanceof URLSearchParams ? raw.get("q") : raw && Object.hasOwn(raw, "q") ? raw.q : undefined;
    if (Array.isArray(given)) given = given[0];
    return { q: "", error: typeof given === "string" && given.trim() !== "" ? FORBIDDEN_CHARS_MESSAGE : null };
  }
  if (v.trim() === "") return { q: "", error: null };
  const r = zSearchTerm.safeParse(v);
  // a pasted essay is clipped for display, not echoed in full
  if (!r.success) return { q: clip(v, 200).trim(), error: r.error.issues[0]?.message ?? "搜索词无效" };
  return { q: r.data, error: null };
}

/** `%`, `_` and `\` typed by the user are literal characters, not LIKE wildcards (backslash is PostgreSQL's default escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface SearchHit {
  id: number;
  code: string;
  title: string;
  href: string;
  unitName: string;
  /** where the term was found when it is not in the code or title, e.g. 「当事人：张某某、李某某」 */
  match: string | null;
}

export interface SearchGroup {
  kind: string;
  label: string;
  hits: SearchHit[];
  /** more hits than shown: the list behind `moreHref` has them all */
  more: boolean;
  moreHref: string | null;
}

interface Viewer {
  role: string;
  unitPath: string;
}

const TASK_CODE = /^\d{1,2}(?:\.\d{1,2}(?:\.\d{0,3})?)?$/;
const ASSIGNMENT_ID = /^#?(\d{1,9})$/;

/** the field label and value of the first field holding the term (case-insensitive), shortened */
function matchOf(term: string, fields: [string, string | null][]): string | null {
  const t = term.toLowerCase();
  for (const [label, value] of fields) if (value && value.toLowerCase().includes(t)) return `${label}：${clip(value, 40)}${value.length > 40 ? "…" : ""}`;
  return null;
}

async function searchAssignments(db: Db, scope: Scope, q: string, limit: number): Promise<SearchGroup> {
  const like = `%${escapeLike(q)}%`;
  const id = ASSIGNMENT_ID.exec(q);
  const codePrefix = TASK_CODE.test(q) ? `${escapeLike(q)}%` : null;
  const rows = await db.$queryRaw<{ id: number; code: string; title: string; officer_name: string | null; leader_name: string | null; unit_name: string }[]>`
    SELECT a.id, t.code, t.title, a.officer_name, a.leader_name, (SELECT u.name FROM units u WHERE u.id = a.unit_id) AS unit_name
    FROM task_assignments a JOIN plan_tasks t ON t.id = a.task_id
    WHERE ${sqlIn(scope, "a.unit_path")}
      AND (t.title ILIKE ${like} OR a.officer_name ILIKE ${like} OR a.leader_name ILIKE ${like}
           ${codePrefix ? Prisma.sql`OR t.code LIKE ${codePrefix}` : Prisma.empty}
           ${id ? Prisma.sql`OR a.id = ${Number(id[1])}` : Prisma.empty})
    ORDER BY ${id ? Prisma.sql`(a.id = ${Number(id[1])}) DESC,` : Prisma.empty} (a.status = 'CLOSED'), a.deadline, a.id
    LIMIT ${limit + 1}`;
  return {
    kind: "tasks",
    label: "任务",
    more: rows.length > limit,
    moreHref: `/tasks?${new URLSearchParams({ q, status: "all" })}`,
    hits: rows.slice(0, limit).map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      href: `/tasks/${r.id}`,
      unitName: r.unit_name,
      match: id && Number(id[1]) === r.id ? `任务编号：${r.id}` : matchOf(q, [["责任民警", r.officer_name], ["分管领导", r.leader_name]]),
    })),
  };
}

async function searchPlanTasks(db: Db, q: string, limit: number): Promise<SearchGroup> {
  const like = `%${escapeLike(q)}%`;
  const codePrefix = TASK_CODE.test(q) ? `${escapeLike(q)}%` : null;
  const rows = await db.$queryRaw<{ id: number; code: string; title: string }[]>`
    SELECT t.id, t.code, t.title
    FROM plan_tasks t JOIN plans p ON p.id = t.plan_id AND p.active
    WHERE t.title ILIKE ${like} ${codePrefix ? Prisma.sql`OR t.code LIKE ${codePrefix}` : Prisma.empty}
    ORDER BY t.seq, t.code
    LIMIT ${limit + 1}`;
  return {
    kind: "plan",
    label: "规划任务",
    more: rows.length > limit,
    moreHref: `/plan?${new URLSearchParams({ q })}`,
    hits: rows.slice(0, limit).map((r) => ({ id: r.id, code: r.code, title: r.title, href: `/plan/tasks/${encodeURIComponent(r.code)}`, unitName: "", match: null })),
  };
}

/** a whole record code (QB-620102-2025-0001): looked up in the unique index of `code` */
const FULL_CODE = /^[A-Za-z]{2}-[0-9A-Za-z]{1,20}-\d{4}-\d{4,9}$/;

async function searchLedger(db: Db, spec: LedgerSearchSpec, scope: Scope, q: string, limit: number): Promise<SearchGroup> {
  const cols = [spec.title, ...spec.fields.map((f) => f.column)];
  const like = `%${escapeLike(q)}%`;
  // LIKE is cheaper than ILIKE row by row; a term without letters (汉字, digits) is the same in either case
  const op = Prisma.raw(q.toLowerCase() === q.toUpperCase() ? "LIKE" : "ILIKE");
  // the table, its columns and the expression are constants of lib/search/spec.ts, never input
  let match: Prisma.Sql;
  let order: Prisma.Sql;
  if (FULL_CODE.test(q)) {
    // as typed, or in capitals (the prefix and generated unit codes may be typed in either case)
    match = Prisma.sql`(a.code = ${q} OR a.code = ${q.toUpperCase()})`;
    order = Prisma.empty;
  } else if ([...q].length < 3) {
    // two characters hold no trigram, so no index helps: the columns one by one, and no ORDER BY, so that a common
    // term stops at the first rows found (a backward index scan ordered by id would read a rare term's whole table
    // in random order); the rows found are ordered by id below
    match = Prisma.sql`(${Prisma.join(["code", ...cols].map((c) => Prisma.sql`a.${Prisma.raw(c)} ${op} ${like}`), " OR ")})`;
    order = Prisma.empty;
  } else {
    // the trigram index of the table; newest first, so that a common term stops at the first `limit` rows
    match = Prisma.sql`${Prisma.raw(searchExpr(spec))} ${op} ${like}`;
    order = Prisma.sql`ORDER BY a.id DESC`;
  }
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT a.id, a.code, ${Prisma.raw(cols.map((c, i) => `a.${c}::text AS c${i}`).join(", "))},
           (SELECT u.name FROM units u WHERE u.id = a.unit_id) AS unit_name
    FROM ${Prisma.raw(spec.table)} a
    WHERE ${sqlIn(scope, "a.unit_path")} AND ${match}
    ${order}
    LIMIT ${limit + 1}`;
  rows.sort((x, y) => (y.id as number) - (x.id as number));
  return {
    kind: spec.key,
    label: spec.label,
    more: rows.length > limit,
    moreHref: `/ledgers/${spec.key}?${new URLSearchParams({ q })}`,
    hits: rows.slice(0, limit).map((r) => ({
      id: r.id as number,
      code: r.code as string,
      title: clip(String(r.c0 ?? ""), 80),
      href: `/ledgers/${spec.key}/${r.id as number}`,
      unitName: String(r.unit_name ?? ""),
      match: matchOf(
        q,
        spec.fields.map((f, i) => [f.label, (r[`c${i + 1}`] as string | null) ?? null]),
      ),
    })),
  };
}

/** The ledger whose codes start like the term (QB-…), when the term can only be a code. */
function codeLedger(q: string): LedgerSearchSpec | null {
  const m = /^([A-Za-z]{2})-[0-9A-Za-z-]*$/.exec(q);
  if (!m) return null;
  const prefix = m[1].toUpperCase();
  return LEDGER_SEARCH.find((s) => LEDGERS[s.key].codePrefix === prefix) ?? null;
}

/**
 * Everything matching `q` that `viewer` may open, grouped by kind (kinds without hits left out), at most `limit` per
 * kind. `q` must have passed zSearchTerm. Nothing for a role without a business permission.
 */
export async function searchRecords(db: Db, viewer: Viewer, q: string, limit = PAGE_LIMIT): Promise<SearchGroup[]> {
  if (!zSearchTerm.safeParse(q).success) return [];
  const scope = userScope(viewer);
  const jobs: Promise<SearchGroup>[] = [];
  const onlyLedger = codeLedger(q);
  if (!onlyLedger) {
    if (can(viewer.role, "task:read")) jobs.push(searchAssignments(db, scope, q, limit));
    if (can(viewer.role, "plan:read")) jobs.push(searchPlanTasks(db, q, limit));
  }
  if (can(viewer.role, "ledger:read")) for (const spec of onlyLedger ? [onlyLedger] : LEDGER_SEARCH) jobs.push(searchLedger(db, spec, scope, q, limit));
  return (await Promise.all(jobs)).filter((g) => g.hits.length);
}

// ── for pages ────────────────────────────────────────────────────────────────────────────────────────────────

/** The results page /search?q=. */
export function searchPage(viewer: Viewer, q: string) {
  return searchRecords(getDb(), viewer, q, PAGE_LIMIT);
}
