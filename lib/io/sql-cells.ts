// The spreadsheet writers' cell rendering (lib/io/write-spreadsheet.ts csvField/csvText, lib/io/xlsx-stream.ts
// cellXml/xmlText) as SQL expressions, so that PostgreSQL renders each row of a large export as the final CSV line
// or sheet-XML row and Node only concatenates. Every function takes a SIMPLE SQL expression (a column reference:
// it is repeated) and returns an expression that is never NULL. The output must be byte-identical to the JS
// writers' for the same values: tests/integration/export-render.test.ts holds them to each other with nasty values.
import { TZ } from "@/lib/format";

/** JavaScript's `\s` (ECMAScript WhiteSpace + LineTerminator) as code points */
const JS_SPACE = [9, 10, 11, 12, 13, 32, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279];
/** FORMULA_START of the CSV writer: = + - @ TAB CR */
const FORMULA = [61, 43, 45, 64, 9, 13];
/** a leading space that is still leading after the formula prefix (TAB and CR get the ' first) */
const LEAD_SPACE = JS_SPACE.filter((c) => !FORMULA.includes(c));

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const inList = (codes: number[]) => `(${codes.join(",")})`;

/** text as the CSV writer writes it (csvText): ' before a formula start, RFC 4180 quoting; NULL → '' */
export function csvTextSql(x: string): string {
  const prefix = `CASE WHEN ascii(${x}) IN ${inList(FORMULA)} THEN '''' ELSE '' END`;
  const quote = `strpos(${x}, '"') > 0 OR strpos(${x}, ',') > 0 OR strpos(${x}, E'\\r') > 0 OR strpos(${x}, E'\\n') > 0 OR ascii(${x}) IN ${inList(LEAD_SPACE)} OR ascii(right(${x}, 1)) IN ${inList(JS_SPACE)}`;
  return `(CASE WHEN ${x} IS NULL THEN '' WHEN ${quote} THEN '"' || ${prefix} || replace(${x}, '"', '""') || '"' ELSE ${prefix} || ${x} END)`;
}

/** characters XML 1.0 cannot carry (removed) — a text value of PostgreSQL holds no NUL */
const XML_INVALID = "[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]";
const XML_SPECIAL = "[&<>\"\\r\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]";

/** the `<t>` of an inline string as xlsx-stream writes it (xmlText; xml:space="preserve" for edge white space); NULL as '' */
export function xmlInlineSql(x: string): string {
  const escaped = `replace(replace(replace(replace(replace(regexp_replace(${x}, '${XML_INVALID}', '', 'g'), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), E'\\r', '&#13;')`;
  const edge = `ascii(${x}) IN ${inList(JS_SPACE)} OR ascii(right(${x}, 1)) IN ${inList(JS_SPACE)}`;
  return `(CASE WHEN ${x} IS NULL THEN '<t></t>' ELSE (CASE WHEN ${edge} THEN '<t xml:space="preserve">' ELSE '<t>' END) || (CASE WHEN ${x} ~ '${XML_SPECIAL}' THEN ${escaped} ELSE ${x} END) || '</t>' END)`;
}

/** the JS writers' rendering of a constant (an enum label): the same rules, computed here */
export function csvTextJs(s: string): string {
  let t = s.isWellFormed() ? s : s.toWellFormed();
  if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
  return /[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function xmlInlineJs(s: string): string {
  const c = s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"))
    .replace(/\r/g, "&#13;");
  return /^\s|\s$/.test(s) ? `<t xml:space="preserve">${c}</t>` : `<t>${c}</t>`;
}

/** a text value mapped through a constant table (enum labels), the rest as it is; `render` renders either */
export function mapTextSql(x: string, table: [string, string][], render: { sql: (e: string) => string; js: (s: string) => string }): string {
  if (!table.length) return render.sql(x);
  return `(CASE ${x}::text ${table.map(([v, label]) => `WHEN ${lit(v)} THEN ${lit(render.js(label))}`).join(" ")} ELSE ${render.sql(`${x}::text`)} END)`;
}

export const CSV_TEXT = { sql: csvTextSql, js: csvTextJs };
export const XML_INLINE = { sql: xmlInlineSql, js: xmlInlineJs };

// dates: Beijing wall-clock time, as toShanghaiWallClock + wallDate/wallDateTime and the Excel serials of cellXml

export const csvDateSql = (x: string) => `coalesce(to_char(${x}, 'YYYY-MM-DD'), '')`;
export const csvDateTimeSql = (x: string) => `coalesce(to_char(${x} AT TIME ZONE ${lit(TZ)}, 'YYYY-MM-DD HH24:MI'), '')`;
/** days since 1899-12-30 of a `date` */
export const serialDateSql = (x: string) => `(${x} - DATE '1899-12-30')::text`;
/** the Excel serial of an instant's Beijing wall clock, in milliseconds as JavaScript has it, divided as a double
 * (the same IEEE division as cellXml, printed shortest-exact by float8out like Number#toString) */
export const serialDateTimeSql = (x: string) => `((floor(extract(epoch FROM ${x} AT TIME ZONE ${lit(TZ)}) * 1000) + 2209161600000)::float8 / 86400000::float8)::text`;
