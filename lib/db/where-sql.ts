// A Prisma `where` (the subset the lists use) as SQL, so that an export can stream its rows straight from
// PostgreSQL with the SAME filter definition the list uses — no second, hand-written copy of each list's filters.
//
// Supported: AND / OR / NOT (object or array), scalar equality (null → IS NULL), and the operators equals, not,
// in, notIn, lt, lte, gt, gte, contains, startsWith, endsWith (mode "insensitive" → ILIKE), plus to-one relation
// filters through the `relations` table below. Anything else throws UnsupportedWhere, so a filter someone adds
// later cannot be silently dropped: tests/integration/export-sql.test.ts compares, for every list filter, the ids
// this SQL selects with the ids Prisma selects.
//
// Values are always bound parameters ($1, $2, …), never spliced into the text. Like Prisma, % and _ in a search
// are LIKE wildcards (the list and its export must select the same rows).

export class UnsupportedWhere extends Error {}

/** to-one relations the list filters traverse: model.field → target table and the foreign key column */
const RELATIONS: Record<string, { model: string; table: string; fk: string }> = {
  "TaskAssignment.task": { model: "PlanTask", table: "plan_tasks", fk: "task_id" },
  "TaskAssignment.unit": { model: "Unit", table: "units", fk: "unit_id" },
  "TaskAssignment.assignedBy": { model: "Unit", table: "units", fk: "assigned_by_id" },
  "TaskAssignment.reviewUnit": { model: "Unit", table: "units", fk: "review_unit_id" },
  "PlanTask.measure": { model: "PlanMeasure", table: "plan_measures", fk: "measure_id" },
  "PlanMeasure.area": { model: "PlanArea", table: "plan_areas", fk: "area_id" },
  "PlanTask.plan": { model: "Plan", table: "plans", fk: "plan_id" },
};

/** Prisma field name → column (the schema maps every camelCase field to its snake_case column) */
export const columnOf = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

const OPS = new Set(["equals", "not", "in", "notIn", "lt", "lte", "gt", "gte", "contains", "startsWith", "endsWith", "mode"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !(v instanceof Date) && !Array.isArray(v);
}

/** Prisma passes % and _ of contains/startsWith/endsWith through as LIKE wildcards; so does this (same rows) */
const likeEscape = (s: string) => s;

export class WhereSql {
  readonly params: unknown[] = [];
  private aliasNo = 0;

  /** a bound parameter; Dates go as ISO instants (exact for timestamptz, the UTC day for date columns, as Prisma) */
  param(v: unknown): string {
    this.params.push(v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map((x) => (x instanceof Date ? x.toISOString() : x)) : v);
    return `$${this.params.length}`;
  }

  /** the condition of `where` on table alias `alias` of `model` ("TRUE" when empty) */
  where(where: unknown, alias: string, model: string): string {
    if (where === undefined || where === null) return "TRUE";
    if (!isPlainObject(where)) throw new UnsupportedWhere(`where: ${JSON.stringify(where)}`);
    const parts: string[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === "AND" || key === "OR" || key === "NOT") {
        const list = (Array.isArray(value) ? value : [value]).map((w) => this.where(w, alias, model));
        if (key === "AND") parts.push(list.length ? list.map((c) => `(${c})`).join(" AND ") : "TRUE");
        else if (key === "OR") parts.push(list.length ? list.map((c) => `(${c})`).join(" OR ") : "FALSE");
        else parts.push(list.length ? list.map((c) => `NOT (${c})`).join(" AND ") : "TRUE");
        continue;
      }
      const rel = RELATIONS[`${model}.${key}`];
      if (rel) {
        if (!isPlainObject(value)) throw new UnsupportedWhere(`relation ${model}.${key}`);
        const keys = Object.keys(value);
        if (keys.some((k) => k === "is" || k === "isNot" || k === "some" || k === "every" || k === "none")) throw new UnsupportedWhere(`relation operator on ${model}.${key}`);
        const a = `r${++this.aliasNo}`;
        parts.push(`EXISTS (SELECT 1 FROM ${quoteIdent(rel.table)} ${a} WHERE ${a}.id = ${alias}.${quoteIdent(rel.fk)} AND (${this.where(value, a, rel.model)}))`);
        continue;
      }
      parts.push(this.field(`${alias}.${quoteIdent(columnOf(key))}`, value));
    }
    if (!parts.length) return "TRUE";
    return parts.map((p) => `(${p})`).join(" AND ");
  }

  private field(col: string, value: unknown): string {
    if (value === null) return `${col} IS NULL`;
    if (!isPlainObject(value)) return `${col} = ${this.param(value)}`;
    for (const k of Object.keys(value)) if (!OPS.has(k)) throw new UnsupportedWhere(`operator ${k}`);
    const insensitive = value.mode === "insensitive";
    const like = insensitive ? "ILIKE" : "LIKE";
    const parts: string[] = [];
    for (const [op, v] of Object.entries(value)) {
      if (v === undefined || op === "mode") continue;
      switch (op) {
        case "equals":
          parts.push(v === null ? `${col} IS NULL` : insensitive ? `${col} ILIKE ${this.param(likeEscape(String(v)))}` : `${col} = ${this.param(v)}`);
          break;
        case "not":
          if (v === null) parts.push(`${col} IS NOT NULL`);
          else if (isPlainObject(v)) parts.push(`NOT (${this.field(col, insensitive ? { ...v, mode: "insensitive" } : v)})`);
          else parts.push(insensitive ? `${col} NOT ILIKE ${this.param(likeEscape(String(v)))}` : `${col} <> ${this.param(v)}`);
          break;
        case "in":
          if (!Array.isArray(v)) throw new UnsupportedWhere("in");
          parts.push(v.length ? `${col} = ANY(${this.param(v)})` : "FALSE");
          break;
        case "notIn":
          if (!Array.isArray(v)) throw new UnsupportedWhere("notIn");
          parts.push(v.length ? `${col} <> ALL(${this.param(v)})` : "TRUE");
          break;
        case "lt":
          parts.push(`${col} < ${this.param(v)}`);
          break;
        case "lte":
          parts.push(`${col} <= ${this.param(v)}`);
          break;
        case "gt":
          parts.push(`${col} > ${this.param(v)}`);
          break;
        case "gte":
          parts.push(`${col} >= ${this.param(v)}`);
          break;
        case "contains":
          parts.push(`${col}::text ${like} ${this.param(`%${likeEscape(String(v))}%`)}`);
          break;
        case "startsWith":
          parts.push(`${col}::text ${like} ${this.param(`${likeEscape(String(v))}%`)}`);
          break;
        case "endsWith":
          parts.push(`${col}::text ${like} ${this.param(`%${likeEscape(String(v))}`)}`);
          break;
      }
    }
    return parts.length ? parts.map((p) => `(${p})`).join(" AND ") : "TRUE";
  }

  /** ORDER BY of a Prisma orderBy (scalar fields only), e.g. [{ deadline: "asc" }, { id: "asc" }] */
  orderBy(orderBy: unknown, alias: string): string {
    const list = Array.isArray(orderBy) ? orderBy : orderBy ? [orderBy] : [];
    const out: string[] = [];
    for (const o of list) {
      if (!isPlainObject(o)) throw new UnsupportedWhere("orderBy");
      for (const [k, dir] of Object.entries(o)) {
        if (dir !== "asc" && dir !== "desc") throw new UnsupportedWhere(`orderBy ${k}`);
        out.push(`${alias}.${quoteIdent(columnOf(k))} ${dir === "asc" ? "ASC" : "DESC"}`);
      }
    }
    return out.length ? out.join(", ") : `${alias}.id ASC`;
  }
}
