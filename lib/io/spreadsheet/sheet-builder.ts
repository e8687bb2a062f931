// Rows → headers and records, shared by XLSX and CSV: finds the header (skipping a lone title row above it),
// keys every data row by header, and enforces the row, cell and column bounds as rows arrive.
import { MSG } from "./messages";
import { normalizeHeader } from "./text";
import { PROGRESS_EVERY } from "./limits";
import { SpreadsheetError, type ParsedRow } from "./types";

export interface BuilderLimits {
  maxRows: number;
  maxCells: number;
  maxColumns: number;
}

export class SheetBuilder {
  private pending: { line: number; cells: string[] } | null = null;
  private columns: { index: number; name: string }[] | null = null;
  private headerWidth = 0;
  private cells = 0;
  readonly headers: string[] = [];
  readonly rows: ParsedRow[] = [];

  constructor(
    private readonly limits: BuilderLimits,
    private readonly onProgress: ((n: number) => void) | undefined,
    private readonly strictWidth: boolean,
  ) {}

  add(line: number, cells: string[]): void {
    const filled = countFilled(cells);
    if (filled === 0) return;
    this.cells += filled;
    if (this.cells > this.limits.maxCells) throw new SpreadsheetError(MSG.tooManyCells(this.limits.maxCells));
    if (!this.columns) {
      if (!this.pending) {
        this.pending = { line, cells };
        return;
      }
      const first = this.pending;
      this.pending = null;
      // a lone title cell above the real header ("XX台账", merged across the columns)
      if (countFilled(first.cells) === 1 && filled >= 2) {
        this.setHeader(cells);
        return;
      }
      this.setHeader(first.cells);
    }
    this.addData(line, cells);
  }

  finish(): { headers: string[]; rows: ParsedRow[] } {
    if (this.pending) {
      this.setHeader(this.pending.cells);
      this.pending = null;
    }
    if (this.rows.length === 0) throw new SpreadsheetError(MSG.noData);
    this.onProgress?.(this.rows.length);
    return { headers: this.headers, rows: this.rows };
  }

  private setHeader(cells: string[]): void {
    const columns: { index: number; name: string }[] = [];
    const seen = new Set<string>();
    const dup: string[] = [];
    cells.forEach((c, index) => {
      const name = normalizeHeader(c);
      if (!name) return;
      if (seen.has(name)) {
        if (!dup.includes(name)) dup.push(name);
      } else seen.add(name);
      columns.push({ index, name });
    });
    if (columns.length > this.limits.maxColumns) throw new SpreadsheetError(MSG.tooManyColumns(this.limits.maxColumns));
    if (dup.length) throw new SpreadsheetError(`表头重复：${dup.join("、")}`);
    this.columns = columns;
    this.headerWidth = cells.length;
    this.headers.push(...columns.map((c) => c.name));
  }

  private addData(line: number, cells: string[]): void {
    if (this.strictWidth) {
      for (let i = this.headerWidth; i < cells.length; i++) {
        if (cells[i] !== "") throw new SpreadsheetError(`第 ${line} 行的列数多于表头`);
      }
    }
    if (this.rows.length >= this.limits.maxRows) throw new SpreadsheetError(MSG.tooManyRows(this.limits.maxRows));
    const values = Object.fromEntries(this.columns!.map((c) => [c.name, cells[c.index] ?? ""]));
    this.rows.push({ line, values });
    if (this.rows.length % PROGRESS_EVERY === 0) this.onProgress?.(this.rows.length);
  }
}

function countFilled(cells: string[]): number {
  let n = 0;
  for (const c of cells) if (c !== "") n++;
  return n;
}
