// On-the-fly text fixes that let exceljs's streaming part parsers read what real writers produce.
// Applied to a stream of decoded XML text, cut at safe points (never inside a tag or an entity).
import type { Readable } from "node:stream";
import { MSG } from "./messages";
import { SpreadsheetError } from "./types";

/** Longest run of text without a "<" (an Excel cell holds at most 32,767 characters); bounds what the SAX parser buffers. */
const MAX_RUN = 1 << 20;

const ROW_OR_CELL = /<(row|c)(?=[\s/>])([^>]*)>/g;
const R_ATTR = /(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d+)["']/;

function columnLetters(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * - namespace-prefixed documents (<x:worksheet>, written by the .NET Open XML SDK) lose their prefixes,
 *   since exceljs matches bare element names;
 * - worksheets: exceljs's streaming WorksheetReader XML-decodes inline/str cell text a second time (after the
 *   SAX parser already did), turning a literal "&lt;" into "<"; escaping "&amp;" once more cancels that out;
 * - worksheets: rows and cells may omit their optional r="…" reference, which the reader needs.
 * `onText` sees every piece of (fixed) text before it is handed on (used to count shared strings).
 */
export async function* xmlText(stream: Readable, worksheet: boolean, onText?: (s: string) => void): AsyncGenerator<string> {
  let carry = "";
  let stripPrefixes: boolean | null = null;
  let row = 0;
  let col = 0;
  // writers are consistent: once the first 200 rows/cells all carried r="…", stop checking (saves ~15%)
  let checkRefs = worksheet;
  let seen = 0;
  let missing = 0;
  const fixCells = (s: string) =>
    s.replace(ROW_OR_CELL, (tag: string, name: string, attrs: string) => {
      const m = R_ATTR.exec(attrs);
      if (!m) missing++;
      if (++seen >= 200 && missing === 0) checkRefs = false;
      if (name === "row") {
        row = m ? Number(m[2]) : row + 1;
        col = 0;
        if (m) return tag;
      } else {
        if (m) {
          col = columnNumber(m[1]);
          return tag;
        }
        col++;
      }
      const selfClosing = attrs.endsWith("/");
      const ref = name === "row" ? String(row) : `${columnLetters(col)}${row}`;
      return `<${name}${selfClosing ? attrs.slice(0, -1) : attrs} r="${ref}"${selfClosing ? "/" : ""}>`;
    });
  const fix = (s: string): string => {
    if (stripPrefixes === null) {
      const root = /<([A-Za-z_][\w.:-]*)(?=[\s/>])/.exec(s.replace(/<[?!][^>]*>/g, ""));
      if (!root) return s;
      stripPrefixes = root[1].includes(":");
    }
    let t = stripPrefixes ? s.replace(/<(\/?)[A-Za-z_][\w.-]*:/g, "<$1") : s;
    if (worksheet) t = t.replaceAll("&amp;", "&amp;amp;");
    if (checkRefs) t = fixCells(t);
    onText?.(t);
    return t;
  };
  stream.setEncoding("utf8");
  let run = 0;
  for await (const chunk of stream) {
    const c = String(chunk);
    const last = c.lastIndexOf("<");
    if (last === -1) run += c.length;
    else {
      if (run + c.indexOf("<") > MAX_RUN) throw new SpreadsheetError(MSG.overlong);
      run = c.length - last - 1;
    }
    if (run > MAX_RUN || carry.length > MAX_RUN) throw new SpreadsheetError(MSG.overlong);
    const s = carry + c;
    let cut = s.length;
    const lt = s.lastIndexOf("<");
    if (lt !== -1 && s.indexOf(">", lt) === -1) cut = lt;
    const amp = s.lastIndexOf("&", cut - 1);
    if (amp !== -1 && amp > cut - 5) cut = amp;
    // the root element must be seen whole before deciding about prefixes
    if (stripPrefixes === null && !/<[A-Za-z_]/.test(s.slice(0, cut).replace(/<[?!][^>]*>/g, ""))) cut = 0;
    carry = s.slice(cut);
    if (cut > 0) yield fix(s.slice(0, cut));
  }
  if (carry) yield fix(carry);
}
