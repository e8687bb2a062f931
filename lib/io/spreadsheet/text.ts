// Cell and header text: how a cell value read by exceljs becomes the string the importers see.
import { isRecord } from "./util";

/** Trim, collapse internal whitespace, drop "*" / "（必填）" markers that templates carry. */
export function normalizeHeader(raw: string): string {
  let h = raw.replace(/[\u200b-\u200d\ufeff]/g, "").replace(/\s+/g, " ").trim();
  for (;;) {
    const before = h;
    h = h
      .replace(/^[*＊]+\s*/, "")
      .replace(/\s*[*＊]+$/, "")
      .replace(/\s*[（(]\s*必填\s*[)）]$/, "")
      .trim();
    if (h === before) return h;
  }
}

/** A number as Excel would show it in General format: at most 15 significant digits, never an exponent. */
export function formatPlainNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (n === 0) return "0";
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : expandExponent(String(n));
  const s = String(Number(n.toPrecision(15)));
  return /e/i.test(s) ? expandExponent(s) : s;
}

function expandExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const digits = (int + frac).replace(/^0+(?=\d)/, "");
  const point = int.length + Number(expText);
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (out.includes(".")) out = out.replace(/0+$/, "").replace(/\.$/, "");
  return sign + out;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const EXCEL_DAY0 = Date.UTC(1899, 11, 30);
const EXCEL_DAY1 = Date.UTC(1899, 11, 31);

/**
 * exceljs builds Dates from the naive Excel serial as if it were UTC, so the UTC fields are the wall-clock
 * fields shown in Excel. "YYYY-MM-DD" at midnight, else "YYYY-MM-DD HH:mm"; a bare time (serial < 1) as "HH:mm".
 */
function formatExcelDate(d: Date): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return "";
  const w = new Date(Math.round(ms / 1000) * 1000);
  const time = `${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`;
  if (w.getTime() >= EXCEL_DAY0 && w.getTime() < EXCEL_DAY1) return time;
  const date = `${w.getUTCFullYear()}-${pad2(w.getUTCMonth() + 1)}-${pad2(w.getUTCDate())}`;
  const midnight = w.getUTCHours() === 0 && w.getUTCMinutes() === 0 && w.getUTCSeconds() === 0;
  return midnight ? date : `${date} ${time}`;
}

/** Same rule exceljs uses: after removing [..] and "..", any of y m d h s b means a date/time format. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(f);
}

function excelSerialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/** Any exceljs cell value → trimmed display string. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") {
    // formula results keep the raw serial even in date-formatted cells
    return isDateFormat(numFmt) ? formatExcelDate(excelSerialToDate(value)) : formatPlainNumber(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return formatExcelDate(value);
  if (isRecord(value)) {
    if (Array.isArray(value.richText)) {
      return value.richText
        .map((run: unknown) => (isRecord(run) && typeof run.text === "string" ? run.text : ""))
        .join("")
        .trim();
    }
    if ("error" in value) return "";
    if ("result" in value) return cellText(value.result, numFmt);
    if ("formula" in value || "sharedFormula" in value) return "";
    if ("text" in value) return cellText(value.text, numFmt); // hyperlink
  }
  return "";
}
