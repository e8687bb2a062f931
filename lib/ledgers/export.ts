// The columns of a ledger export and its rows, typed for the spreadsheet writer (numbers stay numbers, dates stay
// dates). Used by the export route; the same headers are the import template's.
import { WhereSql, columnOf, quoteIdent } from "@/lib/db/where-sql";
import { parseRawValue, streamRawRows } from "@/lib/db/stream-rows";
import { CSV_TEXT, XML_INLINE, csvDateSql, csvDateTimeSql, csvTextJs, csvTextSql, mapTextSql, serialDateSql, serialDateTimeSql, xmlInlineJs, xmlInlineSql } from "@/lib/io/sql-cells";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { LEDGERS } from "./configs";
import type { LedgerConfig } from "./types";
import { displayValue, linkFields } from "./write";

/** `sample`: any row of the export, to name the derived columns (none when the export is empty). */
export function exportColumns(config: LedgerConfig, sample?: Record<string, unknown>): SheetColumn[] {
  const cols: SheetColumn[] = [
    { header: "编号", width: 24 },
    { header: "所属单位", width: 18 },
  ];
  for (const f of config.fields) {
    const type = f.type === "int" ? "integer" : f.type === "date" ? "date" : f.type === "datetime" ? "datetime" : "text";
    cols.push({ header: f.label, type, width: f.type === "longtext" ? 40 : f.type === "text" && (f.max ?? 200) > 60 ? 30 : undefined });
  }
  for (const d of (sample && config.derived?.(sample, new Date())) || []) cols.push({ header: d.label, width: 14 });
  cols.push({ header: "登记时间", type: "datetime" }, { header: "最后修改", type: "datetime" });
  return cols;
}

export function exportRow(config: LedgerConfig, row: Record<string, unknown>, unitName: string, links: Record<string, string[]>, now: Date): CellValue[] {
  const cells: CellValue[] = [row.code as string, unitName];
  for (const f of config.fields) {
    const v = row[f.key];
    if (f.type === "links") cells.push((links[f.key] ?? []).join(","));
    else if (f.type === "int") cells.push(v === null || v === undefined ? null : Number(v));
    else if (f.type === "date" || f.type === "datetime") cells.push(v instanceof Date ? v : null);
    else cells.push(displayValue(f, v));
  }
  for (const d of config.derived?.(row, now) ?? []) cells.push(d.text);
  cells.push(row.createdAt as Date, row.updatedAt as Date);
  return cells;
}

const camel = (c: string) => c.replace(/_([a-z0-9])/g, (_, x: string) => x.toUpperCase());
const UNIT_NAME = "__unit_name";
const LINK_PREFIX = "__link_";

// ── the same rows rendered by PostgreSQL (issue 14: exports at database speed) ──────────────────────────────

export type RenderFormat = "csv" | "xlsx";

/** Excel column letters of a 0-based index */
export function colLetters(n: number): string {
  let s = "";
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** xlsx-stream's cellXfs of the export's column types (styleOf(columnNumFmt(type))) */
const XF = { date: 3, datetime: 4, integer: 6, text: 7 } as const;

/**
 * The export's SELECT with each row rendered by PostgreSQL as the writers render it: column 0 is everything before
 * the derived columns (the CSV cells joined by commas, or `<row>` and its cells), then for CSV the rest of the line
 * (登记时间, 最后修改, CRLF), for XLSX the two Excel serials of those; when the ledger has derived columns, every
 * column of the record follows as text, for `config.derived` (lib/ledgers/export.ts renderedLedgerExport).
 * The rows are those of the list: its where (scope included) translated by WhereSql, in its order; each link
 * field's codes ordered by code, as the record page shows them; `__id` is the record's id (for the tests).
 */
export function ledgerRenderQuery(config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, format: RenderFormat): { text: string; values: unknown[] } {
  const q = new WhereSql();
  const cond = q.where(where, "t", config.model);
  const order = q.orderBy(orderBy, "t");
  const links = linkFields(config).map((f) => {
    const store = f.links.store;
    const target = quoteIdent(LEDGERS[f.links.ledger].table);
    const sub =
      store.kind === "join"
        ? `ARRAY(SELECT c.code FROM ${quoteIdent(columnOf(store.model))} j JOIN ${target} c ON c.id = j.${quoteIdent(columnOf(store.targetKey))} WHERE j.${quoteIdent(columnOf(store.ownerKey))} = t.id ORDER BY c.code)`
        : `ARRAY(SELECT c.code FROM ${target} c WHERE c.id = t.${quoteIdent(columnOf(store.column))})`;
    return `, array_to_string(${sub}, ',') AS ${quoteIdent(LINK_PREFIX + f.key)}`;
  });
  const col = (key: string) => `t.${quoteIdent(columnOf(key))}`;
  const unitName = `t.${quoteIdent(UNIT_NAME)}`;
  const cells: string[] = [];
  const fieldsOut: { type: LedgerConfig["fields"][number]["type"] | "code"; expr: string; options?: [string, string][] }[] = [
    { type: "code", expr: col("code") },
    { type: "code", expr: `coalesce(${unitName}, '')` },
    ...config.fields.map((f) => ({ type: f.type, expr: f.type === "links" ? `t.${quoteIdent(LINK_PREFIX + f.key)}` : col(f.key), options: f.options?.map((o): [string, string] => [o.value, o.label]) })),
  ];
  const rn = `t."__rn"`;
  fieldsOut.forEach((f, i) => {
    if (format === "csv") {
      if (f.type === "int") cells.push(`coalesce(${f.expr}::text, '')`);
      else if (f.type === "date") cells.push(csvDateSql(f.expr));
      else if (f.type === "datetime") cells.push(csvDateTimeSql(f.expr));
      else if (f.type === "bool") cells.push(`(CASE WHEN ${f.expr} THEN '是' WHEN NOT ${f.expr} THEN '否' ELSE '' END)`);
      else if (f.type === "enum") cells.push(mapTextSql(f.expr, f.options ?? [], CSV_TEXT));
      else cells.push(csvTextSql(f.expr));
      return;
    }
    const ref = `'<c r="${colLetters(i)}' || ${rn} || '"`;
    if (f.type === "int") cells.push(`(CASE WHEN ${f.expr} IS NULL THEN '' ELSE ${ref} s="${XF.integer}"><v>' || ${f.expr}::text || '</v></c>' END)`);
    else if (f.type === "date") cells.push(`(CASE WHEN ${f.expr} IS NULL THEN '' ELSE ${ref} s="${XF.date}"><v>' || ${serialDateSql(f.expr)} || '</v></c>' END)`);
    else if (f.type === "datetime") cells.push(`(CASE WHEN ${f.expr} IS NULL THEN '' ELSE ${ref} s="${XF.datetime}"><v>' || ${serialDateTimeSql(f.expr)} || '</v></c>' END)`);
    else {
      const body =
        f.type === "bool"
          ? `(CASE WHEN ${f.expr} THEN '<t>是</t>' WHEN NOT ${f.expr} THEN '<t>否</t>' ELSE '<t></t>' END)`
          : f.type === "enum"
            ? mapTextSql(f.expr, f.options ?? [], XML_INLINE)
            : xmlInlineSql(f.expr);
      cells.push(`${ref}${f.type === "code" ? "" : ` s="${XF.text}"`} t="inlineStr"><is>' || ${body} || '</is></c>'`);
    }
  });
  const created = col("createdAt");
  const updated = col("updatedAt");
  const select =
    format === "csv"
      ? [`concat(${cells.join(", ',', ")}) AS __head`, `concat(',', ${csvDateTimeSql(created)}, ',', ${csvDateTimeSql(updated)}, E'\\r\\n') AS __tail`]
      : [`concat('<row r="', ${rn}, '">', ${cells.join(", ")}) AS __head`, `${serialDateTimeSql(created)} AS __created`, `${serialDateTimeSql(updated)} AS __updated`];
  const raw = derivedReads(config)
    .map((k) => `, t.${quoteIdent(columnOf(k))}`)
    .join("");
  const window = format === "xlsx" ? `, (row_number() OVER (ORDER BY ${order}) + 1)::text AS "__rn"` : "";
  return {
    text: `SELECT ${select.join(", ")}, t.id AS "__id"${raw} FROM (SELECT t.*, u.name AS ${quoteIdent(UNIT_NAME)}${links.join("")}${window} FROM ${quoteIdent(config.table)} t LEFT JOIN units u ON u.id = t.unit_id WHERE ${cond}) t ORDER BY ${order}`,
    values: q.params,
  };
}

/**
 * The columns `config.derived` reads: those of the record's fields and stored values whose names its source
 * mentions (row.warningScore …). Not a second list to keep: a derived function that reads anything else through a
 * helper fails loudly (lazyRow), in export-render.test.ts for every ledger.
 */
function derivedReads(config: LedgerConfig): string[] {
  if (!config.derived) return [];
  const src = config.derived.toString();
  const param = /^\s*(?:function\s*\w*\s*)?\(?\s*([A-Za-z_$][\w$]*)/.exec(src)?.[1] ?? "row";
  const read = [...src.matchAll(new RegExp(`\\b${param}\\.([A-Za-z_$][\\w$]*)`, "g"))].map((m) => m[1]);
  const keys = [...config.fields.filter((f) => f.type !== "links").map((f) => f.key), ...Object.keys(config.extraColumns ?? {})].filter((k) => new RegExp(`\\b${k}\\b`).test(src));
  return [...new Set([...read, ...keys])];
}

/** a record's columns (PostgreSQL text) as the lazy row `config.derived` reads: Prisma's field names, parsed on use */
function lazyRow(row: (string | null)[], index: Map<string, number>, oids: number[]): Record<string, unknown> {
  return new Proxy({} as Record<string, unknown>, {
    get(_, key) {
      if (typeof key !== "string") return undefined;
      const i = index.get(key);
      if (i === undefined) throw new Error(`导出：派生列读取了查询中没有的字段 ${key}`);
      return parseRawValue(oids[i], row[i]);
    },
    has: (_, key) => typeof key === "string" && index.has(key),
  });
}

/**
 * A ledger export rendered by PostgreSQL: the columns (the first row names the derived columns, as exportColumns)
 * and the body as text chunks — CSV lines, or the sheet's `<row>`s. Node adds only the derived cells.
 */
export async function renderedLedgerExport(
  config: LedgerConfig,
  where: Record<string, unknown>,
  orderBy: unknown,
  now: Date,
  format: RenderFormat,
): Promise<{ columns: SheetColumn[]; chunks: AsyncIterableIterator<string> & { return(): Promise<IteratorResult<string>> } }> {
  const { text, values } = ledgerRenderQuery(config, where, orderBy, format);
  const source = streamRawRows(text, values);
  const first = await source.next();
  const fields = first.done ? [] : first.value.fields;
  const rawFrom = format === "csv" ? 2 : 3;
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    if (i >= rawFrom && !f.name.startsWith("__")) index.set(camel(f.name), i);
  });
  const oids = fields.map((f) => f.dataTypeID);
  const derivedOf = (r: (string | null)[]) => (config.derived ? config.derived(lazyRow(r, index, oids), now) : []);
  const sample = first.done || !config.derived ? undefined : lazyRow(first.value.rows[0], index, oids);
  const columns = exportColumns(config, sample);
  const labels = columns.slice(2 + config.fields.length, columns.length - 2).map((c) => c.header);
  const dFirst = 2 + config.fields.length;
  const letters = columns.map((_, i) => colLetters(i));
  const last = columns.length - 2;

  async function* chunks(): AsyncGenerator<string> {
    try {
      let r = first;
      let rowNo = 1;
      while (!r.done) {
        let out = "";
        for (const row of r.value.rows) {
          rowNo++;
          out += row[0];
          // the derived cells by their column (a row may lack one, e.g. 挽损 without a loss)
          const derived = labels.length ? derivedOf(row) : [];
          for (let k = 0; k < labels.length; k++) {
            const d = derived[k]?.label === labels[k] ? derived[k] : derived.find((x) => x.label === labels[k]);
            if (format === "csv") out += `,${d ? csvTextJs(d.text) : ""}`;
            else if (d) out += `<c r="${letters[dFirst + k]}${rowNo}" t="inlineStr"><is>${xmlInlineJs(d.text)}</is></c>`;
          }
          if (format === "csv") out += row[1];
          else {
            if (row[1] !== null) out += `<c r="${letters[last]}${rowNo}" s="${XF.datetime}"><v>${row[1]}</v></c>`;
            if (row[2] !== null) out += `<c r="${letters[last + 1]}${rowNo}" s="${XF.datetime}"><v>${row[2]}</v></c>`;
            out += "</row>";
          }
        }
        yield out;
        r = await source.next();
      }
    } finally {
      await source.return(undefined);
    }
  }
  // ending the body ends the cursor too, even before the first chunk was asked for (a generator not yet started
  // would not run its `finally`)
  const gen = chunks();
  const body = {
    [Symbol.asyncIterator]() {
      return body;
    },
    next: () => gen.next(),
    async return(): Promise<IteratorResult<string>> {
      await gen.return(undefined);
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { columns, chunks: body };
}
