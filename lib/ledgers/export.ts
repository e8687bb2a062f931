// The columns of a ledger export and its rows, typed for the spreadsheet writer (numbers stay numbers, dates stay
// dates). Used by the export route; the same headers are the import template's.
import { WhereSql, columnOf, quoteIdent } from "@/lib/db/where-sql";
import { parseRawValue, streamCopyRows } from "@/lib/db/stream-rows";
import { csvDate, csvDateTime, csvTextCell, intText, serialDate, serialDateTime, xmlInline } from "@/lib/io/text-cells";
import type { CellValue, SheetColumn } from "@/lib/io/write-spreadsheet";
import { LEDGERS } from "./configs";
import type { LedgerConfig } from "./types";
import { displayValue } from "./write";

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

/** hand the writer the rendered text in pieces of about this many characters */
const YIELD_CHARS = 32 * 1024;

type OutType = LedgerConfig["fields"][number]["type"] | "code";

/**
 * The export's SELECT: plain columns, rendered by Node (renderedLedgerExport): the cells before the derived columns
 * (`__c0` …: 编号, 所属单位, each field — enums as their stored text, link fields as their codes joined by commas,
 * ordered by code as the record page shows them), then `__created`, `__updated`, `__id` (the record's id, for the
 * tests), then every column `config.derived` reads. The rows are those of the list: its where (scope included)
 * translated by WhereSql, in its order. Read through COPY on a connection in Beijing time (streamCopyRows): timestamps arrive as
 * wall-clock text. `format` does not change the query (kept for the callers that ask per format).
 */
export function ledgerRenderQuery(config: LedgerConfig, where: Record<string, unknown>, orderBy: unknown, _format?: RenderFormat): { text: string; values: unknown[] } {
  void _format;
  const q = new WhereSql();
  const cond = q.where(where, "t", config.model);
  const order = q.orderBy(orderBy, "t");
  const col = (key: string) => `t.${quoteIdent(columnOf(key))}`;
  const cells = [
    col("code"),
    "u.name",
    ...config.fields.map((f) => {
      if (f.type !== "links") return col(f.key);
      const store = f.links!.store;
      const target = quoteIdent(LEDGERS[f.links!.ledger].table);
      const sub =
        store.kind === "join"
          ? `ARRAY(SELECT c.code FROM ${quoteIdent(columnOf(store.model))} j JOIN ${target} c ON c.id = j.${quoteIdent(columnOf(store.targetKey))} WHERE j.${quoteIdent(columnOf(store.ownerKey))} = t.id ORDER BY c.code)`
          : `ARRAY(SELECT c.code FROM ${target} c WHERE c.id = t.${quoteIdent(columnOf(store.column))})`;
      return `array_to_string(${sub}, ',')`;
    }),
  ];
  const raw = derivedReads(config)
    .map((k) => `, t.${quoteIdent(columnOf(k))}`)
    .join("");
  return {
    text: `SELECT ${cells.map((c, i) => `${c} AS "__c${i}"`).join(", ")}, ${col("createdAt")} AS "__created", ${col("updatedAt")} AS "__updated", t.id AS "__id"${raw} FROM ${quoteIdent(config.table)} t LEFT JOIN units u ON u.id = t.unit_id WHERE ${cond} ORDER BY ${order}`,
    values: q.params,
  };
}

/** one column's cell from its PostgreSQL text, per format (the writers' rules, lib/io/text-cells.ts) */
function csvRenderer(type: OutType, options?: readonly { value: string; label: string }[]): (s: string | null) => string {
  switch (type) {
    case "int":
      return (s) => (s === null ? "" : intText(s));
    case "date":
      return csvDate;
    case "datetime":
      return csvDateTime;
    case "bool":
      return (s) => (s === null ? "" : s === "t" ? "是" : "否");
    case "enum": {
      const labels = new Map((options ?? []).map((o) => [o.value, csvTextCell(o.label)]));
      return (s) => (s === null ? "" : (labels.get(s) ?? csvTextCell(s)));
    }
    case "code":
      return (s) => csvTextCell(s ?? "");
    default:
      return csvTextCell;
  }
}

function xlsxRenderer(type: OutType, letter: string, options?: readonly { value: string; label: string }[]): (s: string | null, rowNo: number) => string {
  switch (type) {
    case "int":
      return (s, n) => (s === null ? "" : `<c r="${letter}${n}" s="${XF.integer}"><v>${intText(s)}</v></c>`);
    case "date":
      return (s, n) => (s === null ? "" : `<c r="${letter}${n}" s="${XF.date}"><v>${serialDate(s)}</v></c>`);
    case "datetime":
      return (s, n) => (s === null ? "" : `<c r="${letter}${n}" s="${XF.datetime}"><v>${serialDateTime(s)}</v></c>`);
    case "code":
      return (s, n) => `<c r="${letter}${n}" t="inlineStr"><is>${xmlInline(s ?? "")}</is></c>`;
    default: {
      const text = type === "bool" ? (s: string) => (s === "t" ? "<t>是</t>" : "<t>否</t>") : xmlInline;
      const labels = type === "enum" ? new Map((options ?? []).map((o) => [o.value, xmlInline(o.label)])) : null;
      return (s, n) => `<c r="${letter}${n}" s="${XF.text}" t="inlineStr"><is>${s === null ? "<t></t>" : ((labels && labels.get(s)) ?? text(s))}</is></c>`;
    }
  }
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
  const source = streamCopyRows(text, values, { beijing: true });
  const first = await source.next();
  const fields = first.done ? [] : first.value.fields;
  const nCells = 2 + config.fields.length;
  const created = nCells;
  const updated = nCells + 1;
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    if (i >= nCells && !f.name.startsWith("__")) index.set(camel(f.name), i);
  });
  const oids = fields.map((f) => f.dataTypeID);
  const derivedOf = (r: (string | null)[]) => (config.derived ? config.derived(lazyRow(r, index, oids), now) : []);
  const sample = first.done || !config.derived ? undefined : lazyRow(first.value.rows[0], index, oids);
  const columns = exportColumns(config, sample);
  const labels = columns.slice(nCells, columns.length - 2).map((c) => c.header);
  const letters = columns.map((_, i) => colLetters(i));
  const last = columns.length - 2;
  const types: { type: OutType; options?: readonly { value: string; label: string }[] }[] = [{ type: "code" }, { type: "code" }, ...config.fields.map((f) => ({ type: f.type, options: f.options }))];
  const csvCells = types.map((t) => csvRenderer(t.type, t.options));
  const xmlCells = types.map((t, i) => xlsxRenderer(t.type, letters[i], t.options));
  const createdXml = xlsxRenderer("datetime", letters[last]);
  const updatedXml = xlsxRenderer("datetime", letters[last + 1]);

  /** the derived cells by their column (a row may lack one, e.g. 挽损 without a loss) */
  function derivedCells(row: (string | null)[], rowNo: number): string {
    let out = "";
    const derived = derivedOf(row);
    for (let k = 0; k < labels.length; k++) {
      const d = derived[k]?.label === labels[k] ? derived[k] : derived.find((x) => x.label === labels[k]);
      if (format === "csv") out += `,${d ? csvTextCell(d.text) : ""}`;
      else if (d) out += `<c r="${letters[nCells + k]}${rowNo}" t="inlineStr"><is>${xmlInline(d.text)}</is></c>`;
    }
    return out;
  }

  async function* chunks(): AsyncGenerator<string> {
    try {
      let r = first;
      let rowNo = 1;
      while (!r.done) {
        let out = "";
        const rows = r.value.rows;
        for (let j = 0; j < rows.length; j++) {
          const row = rows[j];
          rowNo++;
          if (format === "csv") {
            out += csvCells[0](row[0]);
            for (let i = 1; i < nCells; i++) out += "," + csvCells[i](row[i]);
            if (labels.length) out += derivedCells(row, rowNo);
            out += "," + csvDateTime(row[created]) + "," + csvDateTime(row[updated]) + "\r\n";
          } else {
            out += `<row r="${rowNo}">`;
            for (let i = 0; i < nCells; i++) out += xmlCells[i](row[i], rowNo);
            if (labels.length) out += derivedCells(row, rowNo);
            out += createdXml(row[created], rowNo) + updatedXml(row[updated], rowNo) + "</row>";
          }
          // small pieces: young-generation strings, collected cheaply (see streamCopyRows)
          if (out.length >= YIELD_CHARS) {
            yield out;
            out = "";
          }
        }
        if (out) yield out;
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
