// The spreadsheet writers' text cells (lib/io/write-spreadsheet.ts csvField, lib/io/xlsx-stream.ts cellXml) of a
// string that needs no JS-side repair (PostgreSQL's text is always well-formed): the common case (no special
// character) is one regular-expression test; anything unusual goes through the writers' own functions, so the output
// is byte-identical to theirs (tests/integration/export-render.test.ts). The large exports call these only for a cell
// that lib/io/byte-cells.ts does not copy as bytes.
import { csvField } from "./write-spreadsheet";
import { cellXml } from "./xlsx-stream";

/** csvText's rule: quote or prefix only when one of these is there (PostgreSQL text is always well-formed) */
const CSV_SLOW = /[",\r\n]|^[\s=+\-@]|\s$/;
/** a CSV text cell */
export function csvTextCell(s: string | null): string {
  if (s === null) return "";
  return CSV_SLOW.test(s) ? csvField(s, "text") : s;
}

/** xmlText/EDGE_SPACE of cellXml: escaping, removal, preserve, truncation only when one of these is there */
const XML_SLOW = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|^\s|\s$/;
const MAX_CELL_CHARS = 32767;
/** a string cell's `<t>` (cellXml's inline string body) */
export function xmlInline(s: string): string {
  if (!XML_SLOW.test(s) && s.length <= MAX_CELL_CHARS) return `<t>${s}</t>`;
  const c = cellXml("A1", s, "text", 0);
  return c.slice(c.indexOf("<is>") + 4, c.lastIndexOf("</is>"));
}
