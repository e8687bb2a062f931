// CSV (UTF-8 with or without BOM, GBK/GB18030 as Excel writes it on Chinese Windows), delimiter guessed.
import iconv from "iconv-lite";
import Papa from "papaparse";
import { MSG } from "./messages";
import { type BuilderLimits, SheetBuilder } from "./sheet-builder";
import { SpreadsheetError, type ParsedSheet } from "./types";
import { startsWith } from "./util";

function decodeText(buf: Buffer, ext: string): { text: string; encoding: "utf-8" | "gbk" } {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder("utf-8").decode(buf), encoding: "utf-8" };
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) throw new SpreadsheetError(MSG.utf16);
  const head = buf.subarray(0, 65536);
  if (head.includes(0)) throw new SpreadsheetError(ext === ".xlsx" ? MSG.badXlsx : MSG.unknownFormat);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    const text = iconv.decode(buf, "gb18030");
    if (text.includes("\ufffd")) throw new SpreadsheetError(ext === ".xlsx" ? MSG.badXlsx : MSG.unknownEncoding);
    return { text, encoding: "gbk" };
  }
}

/** Our CSV export prefixes "'" to text starting with = + - @ tab CR (formula injection); undo that on import. */
function unprotect(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1).trim() : cell;
}

export async function parseCsv(buf: Buffer, ext: string, limits: BuilderLimits, onProgress?: (n: number) => void): Promise<ParsedSheet> {
  const { text, encoding } = decodeText(buf, ext);
  if (/^\s*</.test(text.slice(0, 1024))) throw new SpreadsheetError(MSG.html);

  const builder = new SheetBuilder(limits, onProgress, true);
  let record = 0;
  let failure: unknown = null;
  // Guess the delimiter on a sample with blank lines skipped (they would spoil the guess) ...
  const guess = Papa.parse<string[]>(text.slice(0, 65536), {
    header: false,
    preview: 20,
    skipEmptyLines: "greedy",
    delimitersToGuess: [",", "\t", ";", "|"],
  });
  const delimiter = guess.meta.delimiter || ",";
  // ... then skip empty records by hand (same effect as skipEmptyLines: "greedy") so that record numbers
  // still count them, i.e. line = the row number Excel shows when it opens the file.
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter,
    step: (result, parser) => {
      record++;
      try {
        const missingQuote = result.errors.find((e) => e.code === "MissingQuotes");
        if (missingQuote) throw new SpreadsheetError(`第 ${record} 行的引号不成对，请检查该行`);
        builder.add(
          record,
          result.data.map((c) => unprotect(String(c).trim())),
        );
      } catch (e) {
        failure = e;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  const { headers, rows } = builder.finish();
  return { format: "csv", encoding, headers, rows };
}
