// The columns of a ledger export and its rows, typed for the spreadsheet writer (numbers stay numbers, dates stay
// dates). Used by the export route; the same headers are the import template's.
import { WhereSql, columnOf, quoteIdent } from "@/lib/db/where-sql";
import { type BinaryBatch, parseBinaryValue, streamCopyBinary } from "@/lib/db/stream-rows";
import { ByteSink, csvDateBytes, csvDateTimeBytes, csvTextBytes, int8Text, intBytes, serialDateText, serialDateTimeText, xmlTextBytes } from "@/lib/io/byte-cells";
import { csvTextCell, xmlInline } from "@/lib/io/text-cells";
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

// ── the same rows read from PostgreSQL as bytes and written as bytes (issue 14: exports at database speed) ──

export type RenderFormat = "csv" | "xlsx";

/** Excel column letters of a 0-based index */
export function colLetters(n: number): string {
  let s = "";
  for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** xlsx-stream's cellXfs of the export's column types (styleOf(columnNumFmt(type))) */
const XF = { date: 3, datetime: 4, integer: 6, text: 7 } as const;

type OutType = LedgerConfig["fields"][number]["type"] | "code";

/**
 * The export's SELECT: plain columns, rendered by Node (renderedLedgerExport): the cells before the derived columns
 * (`__c0` …: 编号, 所属单位, each field — enums as their stored text, link fields as their codes joined by commas,
 * ordered by code as the record page shows them), then `__created`, `__updated`, `__id` (the record's id, for the
 * tests), then every column `config.derived` reads. The rows are those of the list: its where (scope included)
 * translated by WhereSql, in its order (each ledger's default order, its date field and id, has an index: read in
 * order, no sort). Read through a binary COPY (streamCopyBinary): instants arrive as µs since 2000 UTC and become
 * Beijing wall-clock cells in lib/io/byte-cells.ts. `format` does not change the query (kept for the callers that ask
 * per format).
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


/** a record's columns (binary COPY values) as the lazy row `config.derived` reads: Prisma's field names, parsed on
 * use (one handler for every row; the row is the proxy's target) */
interface LazyTarget {
  b: BinaryBatch;
  base: number;
  index: Map<string, number>;
}
const LAZY: ProxyHandler<LazyTarget> = {
  get(t, key) {
    if (typeof key !== "string") return undefined;
    const i = t.index.get(key);
    if (i === undefined) throw new Error(`导出：派生列读取了查询中没有的字段 ${key}`);
    return parseBinaryValue(t.b.fields[i].dataTypeID, t.b.data, t.b.cells[t.base + 2 * i], t.b.cells[t.base + 2 * i + 1]);
  },
  has: (t, key) => typeof key === "string" && t.index.has(key),
};
function lazyRow(b: BinaryBatch, r: number, index: Map<string, number>): Record<string, unknown> {
  return new Proxy({ b, base: 2 * r * b.fields.length, index }, LAZY) as unknown as Record<string, unknown>;
}

const TEXT_OIDS = new Set([25, 1042, 1043]);
const INT_SIZE: Record<number, number> = { 21: 2, 23: 4, 20: 8 };
/** how a column's binary value becomes its cell */
const enum Kind {
  Code,
  Text,
  Enum,
  Bool,
  Int,
  Date,
  DateTime,
}
interface Option {
  value: Buffer;
  csv: Buffer;
  xml: Buffer;
}
interface Col {
  kind: Kind;
  size: number;
  options: Option[];
  /** `<c r="X` of the column's cells, and what follows the row number (its style and type, `<v>` or `<is>`) */
  head: Buffer;
  tail: Buffer;
}

/** the column's cell kind, checked against the type PostgreSQL sends (a mismatch fails loudly, never a wrong cell) */
function colOf(type: OutType, oid: number, enumOids: (oid: number) => boolean, letter: string, options?: readonly { value: string; label: string }[]): Col {
  const col = (kind: Kind, ok: boolean, size = 0): Col => {
    if (!ok) throw new Error(`导出：列 ${letter} 的数据库类型（${oid}）与配置的 ${type} 不符`);
    return {
      kind,
      size,
      head: Buffer.from(`<c r="${letter}`),
      tail: Buffer.from(
        kind === Kind.Int ? `" s="${XF.integer}"><v>` : kind === Kind.Date ? `" s="${XF.date}"><v>` : kind === Kind.DateTime ? `" s="${XF.datetime}"><v>` : kind === Kind.Code ? `" t="inlineStr"><is>` : `" s="${XF.text}" t="inlineStr"><is>`,
      ),
      options: (options ?? []).map((o) => ({ value: Buffer.from(o.value), csv: Buffer.from(csvTextCell(o.label)), xml: Buffer.from(xmlInline(o.label)) })),
    };
  };
  const text = TEXT_OIDS.has(oid) || enumOids(oid);
  switch (type) {
    case "int":
      return col(Kind.Int, oid in INT_SIZE, INT_SIZE[oid]);
    case "date":
      return col(Kind.Date, oid === 1082);
    case "datetime":
      return col(Kind.DateTime, oid === 1184);
    case "bool":
      return col(Kind.Bool, oid === 16);
    case "enum":
      // a numeric enum (intel's 等级) is an integer column: its options' values are the numbers' text
      return oid in INT_SIZE ? col(Kind.Enum, true, INT_SIZE[oid]) : col(Kind.Enum, text);
    case "code":
      return col(Kind.Code, text);
    default:
      return col(Kind.Text, text);
  }
}

/** the option whose value has the bytes [o, o+len) (of a numeric enum: whose value is the integer's text) */
function optionOf(c: Col, d: Buffer, o: number, len: number): Option | undefined {
  const opts = c.options;
  if (c.size) {
    const s = Buffer.from(c.size === 8 ? int8Text(d, o) : String(c.size === 4 ? d.readInt32BE(o) : d.readInt16BE(o)));
    return opts.find((x) => x.value.equals(s)) ?? { value: s, csv: Buffer.from(csvTextCell(s.toString())), xml: Buffer.from(xmlInline(s.toString())) };
  }
  outer: for (let k = 0; k < opts.length; k++) {
    const v = opts[k].value;
    if (v.length !== len) continue;
    for (let i = 0; i < len; i++) if (v[i] !== d[o + i]) continue outer;
    return opts[k];
  }
  return undefined;
}

const YES = Buffer.from("是");
const NO = Buffer.from("否");
const YES_XML = Buffer.from("<t>是</t>");
const NO_XML = Buffer.from("<t>否</t>");

/** one CSV cell (the comma before it is the caller's) */
function csvCell(out: ByteSink, c: Col, d: Buffer, o: number, len: number): void {
  if (len < 0) return;
  switch (c.kind) {
    case Kind.Int:
      return intBytes(out, d, o, c.size);
    case Kind.Date:
      return csvDateBytes(out, d, o);
    case Kind.DateTime:
      return csvDateTimeBytes(out, d, o);
    case Kind.Bool:
      return out.bytes(d[o] ? YES : NO);
    case Kind.Enum: {
      const opt = optionOf(c, d, o, len);
      return opt ? out.bytes(opt.csv) : csvTextBytes(out, d, o, len);
    }
    default:
      return csvTextBytes(out, d, o, len);
  }
}

const ROW_OPEN = Buffer.from('<row r="');
const ROW_OPEN_END = Buffer.from('">');
const ROW_CLOSE = Buffer.from("</row>");
const V_CLOSE = Buffer.from("</v></c>");
const IS_CLOSE = Buffer.from("</is></c>");
const EMPTY_T = Buffer.from("<t></t>");

/** one sheet-XML cell, as cellXml writes it for the column's type; `row`: the row number's digits (rowLen of them) */
function xmlCell(out: ByteSink, c: Col, d: Buffer, o: number, len: number, row: Uint8Array, rowLen: number): void {
  switch (c.kind) {
    case Kind.Int:
      if (len < 0) return;
      out.open(c.head, row, rowLen, c.tail);
      intBytes(out, d, o, c.size);
      return out.bytes(V_CLOSE);
    case Kind.Date:
      if (len < 0) return;
      out.open(c.head, row, rowLen, c.tail);
      out.ascii(serialDateText(d, o));
      return out.bytes(V_CLOSE);
    case Kind.DateTime: {
      if (len < 0) return;
      const v = serialDateTimeText(d, o);
      if (!v) return;
      out.open(c.head, row, rowLen, c.tail);
      out.ascii(v);
      return out.bytes(V_CLOSE);
    }
    case Kind.Code:
      out.open(c.head, row, rowLen, c.tail);
      xmlTextBytes(out, d, o, len < 0 ? 0 : len);
      return out.bytes(IS_CLOSE);
    default: {
      out.open(c.head, row, rowLen, c.tail);
      if (len < 0) out.bytes(EMPTY_T);
      else if (c.kind === Kind.Bool) out.bytes(d[o] ? YES_XML : NO_XML);
      else {
        const opt = c.kind === Kind.Enum ? optionOf(c, d, o, len) : undefined;
        if (opt) out.bytes(opt.xml);
        else xmlTextBytes(out, d, o, len);
      }
      return out.bytes(IS_CLOSE);
    }
  }
}

/** a ledger export's body: Buffers of about this many bytes */
const CHUNK_BYTES = 64 << 10;

/**
 * A ledger export read through a binary COPY (streamCopyBinary) and written as bytes (lib/io/byte-cells.ts): the
 * columns (the first row names the derived columns, as exportColumns) and the body as Buffers — CSV lines, or the
 * sheet's `<row>`s. Node computes only the derived cells as strings.
 */
export async function renderedLedgerExport(
  config: LedgerConfig,
  where: Record<string, unknown>,
  orderBy: unknown,
  now: Date,
  format: RenderFormat,
): Promise<{ columns: SheetColumn[]; chunks: AsyncIterableIterator<Uint8Array> & { return(): Promise<IteratorResult<Uint8Array>> } }> {
  const { text, values } = ledgerRenderQuery(config, where, orderBy, format);
  const source = streamCopyBinary(text, values);
  const first = await source.next();
  const fields = first.done ? [] : first.value.fields;
  const nCells = 2 + config.fields.length;
  const created = nCells;
  const updated = nCells + 1;
  const width = fields.length;
  const index = new Map<string, number>();
  fields.forEach((f, i) => {
    if (i >= nCells && !f.name.startsWith("__")) index.set(camel(f.name), i);
  });
  const sample = first.done || !config.derived ? undefined : lazyRow(first.value, 0, index);
  const columns = exportColumns(config, sample);
  const labels = columns.slice(nCells, columns.length - 2).map((c) => c.header);
  const letters = columns.map((_, i) => colLetters(i));
  const last = columns.length - 2;
  // text and enum columns: PostgreSQL's text types and the ledgers' pg enums (sent as their labels' bytes)
  const known = new Set([...TEXT_OIDS, 16, 20, 21, 23, 1082, 1184]);
  const isEnum = (oid: number) => !known.has(oid);
  const types: { type: OutType; options?: readonly { value: string; label: string }[] }[] = [{ type: "code" }, { type: "code" }, ...config.fields.map((f) => ({ type: f.type, options: f.options }))];
  const cols = fields.length ? [...types.map((t, i) => colOf(t.type, fields[i].dataTypeID, isEnum, letters[i], t.options)), colOf("datetime", fields[created].dataTypeID, isEnum, letters[last]), colOf("datetime", fields[updated].dataTypeID, isEnum, letters[last + 1])] : [];

  /** the derived cells by their column (a row may lack one, e.g. 挽损 without a loss) */
  function derivedCells(out: ByteSink, b: BinaryBatch, r: number, row: string): void {
    const derived = config.derived!(lazyRow(b, r, index), now);
    for (let k = 0; k < labels.length; k++) {
      const d = derived[k]?.label === labels[k] ? derived[k] : derived.find((x) => x.label === labels[k]);
      if (format === "csv") out.utf8(`,${d ? csvTextCell(d.text) : ""}`);
      else if (d) out.utf8(`<c r="${letters[nCells + k]}${row}" t="inlineStr"><is>${xmlInline(d.text)}</is></c>`);
    }
  }

  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      const out = new ByteSink();
      const rowDigits = new Uint8Array(16);
      let r = first;
      let rowNo = 1;
      while (!r.done) {
        const b = r.value;
        const d = b.data;
        const cells = b.cells;
        for (let j = 0; j < b.rows; j++) {
          const base = 2 * j * width;
          rowNo++;
          if (format === "csv") {
            for (let i = 0; i < nCells; i++) {
              if (i) {
                out.room(1);
                out.buf[out.pos++] = 44;
              }
              csvCell(out, cols[i], d, cells[base + 2 * i], cells[base + 2 * i + 1]);
            }
            if (labels.length) derivedCells(out, b, j, "");
            out.room(1);
            out.buf[out.pos++] = 44;
            csvCell(out, cols[created], d, cells[base + 2 * created], cells[base + 2 * created + 1]);
            out.room(1);
            out.buf[out.pos++] = 44;
            csvCell(out, cols[updated], d, cells[base + 2 * updated], cells[base + 2 * updated + 1]);
            out.room(2);
            out.buf[out.pos++] = 13;
            out.buf[out.pos++] = 10;
          } else {
            const row = String(rowNo);
            const rowLen = row.length;
            for (let k = 0; k < rowLen; k++) rowDigits[k] = row.charCodeAt(k);
            out.open(ROW_OPEN, rowDigits, rowLen, ROW_OPEN_END);
            for (let i = 0; i < nCells; i++) xmlCell(out, cols[i], d, cells[base + 2 * i], cells[base + 2 * i + 1], rowDigits, rowLen);
            if (labels.length) derivedCells(out, b, j, row);
            xmlCell(out, cols[created], d, cells[base + 2 * created], cells[base + 2 * created + 1], rowDigits, rowLen);
            xmlCell(out, cols[updated], d, cells[base + 2 * updated], cells[base + 2 * updated + 1], rowDigits, rowLen);
            out.bytes(ROW_CLOSE);
          }
          if (out.pending >= CHUNK_BYTES) yield out.cut();
        }
        r = await source.next();
      }
      if (out.pending) yield out.cut();
    } finally {
      await source.return(undefined);
    }
  }
  // ending the body ends the COPY too, even before the first chunk was asked for (a generator not yet started
  // would not run its `finally`)
  const gen = chunks();
  const body = {
    [Symbol.asyncIterator]() {
      return body;
    },
    next: () => gen.next(),
    async return(): Promise<IteratorResult<Uint8Array>> {
      await gen.return(undefined);
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { columns, chunks: body };
}
