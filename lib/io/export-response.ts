// The download answer of every list export (ledgers, the task list, monthly statistics): the same streamed body,
// headers and file name convention everywhere.
import { attachmentDisposition } from "@/lib/files/evidence";
import { type SheetColumn, type SheetSpec, csvHead, csvReadable } from "./write-spreadsheet";
import { closeRows, nodeToWeb, xlsxStreamWeb } from "./xlsx-stream";
import { shanghaiIso } from "@/lib/time";

export type ExportFormat = "csv" | "xlsx";

const CREATOR = "平安甘肃主动创稳指挥平台";
const MIME: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Beijing time as YYYYMMDDHHmm, for file names */
export function fileStamp(at: Date): string {
  return shanghaiIso(at).slice(0, 16).replace(/[-:T]/g, "");
}

/** The CSV bytes; when the download stops early the row source is ended too (it may hold a database cursor). */
function csvBody(sheet: SheetSpec): ReadableStream<Uint8Array> {
  const readable = csvReadable(sheet.columns, sheet.rows);
  readable.once("close", () => closeRows(sheet.rows));
  return nodeToWeb(readable);
}

/** A sheet whose data rows are already rendered (CSV lines or sheet-XML rows, in chunks of bytes): lib/ledgers/export.ts */
export interface RenderedSheet {
  name: string;
  columns: SheetColumn[];
  /** `return` ends the row source (it holds a database cursor) */
  chunks: AsyncIterableIterator<Uint8Array> & { return(): Promise<IteratorResult<Uint8Array>> };
}

/** The CSV bytes of a rendered sheet, pulled chunk by chunk by the download (nothing is read ahead of it). */
function renderedCsvBody(sheet: RenderedSheet): ReadableStream<Uint8Array> {
  let head: string | null = csvHead(sheet.columns);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (head !== null) {
          controller.enqueue(Buffer.from(head, "utf8"));
          head = null;
          return;
        }
        const r = await sheet.chunks.next();
        if (r.done) controller.close();
        else controller.enqueue(r.value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await sheet.chunks.return().catch(() => {});
    },
  });
}

/** One sheet streamed as CSV (UTF-8 with BOM) or XLSX; `rows` is the row count told to the progress display. */
export function exportResponse(format: ExportFormat, filename: string, sheet: SheetSpec | RenderedSheet, rows: number): Response {
  const body =
    "chunks" in sheet
      ? format === "csv"
        ? renderedCsvBody(sheet)
        : xlsxStreamWeb([{ name: sheet.name, columns: sheet.columns, rows: [], xmlRows: sheet.chunks }], { creator: CREATOR })
      : format === "csv"
        ? csvBody(sheet)
        : xlsxStreamWeb([sheet], { creator: CREATOR });
  return new Response(body, {
    headers: {
      "content-type": MIME[format],
      "content-disposition": attachmentDisposition(`${filename}.${format}`),
      // no-transform: Next's compression would gzip a 30 MB CSV on the request's core (seconds of CPU for 100,000
      // rows) — a file download on the police intranet is faster sent as it is
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
      "x-export-rows": String(rows),
    },
  });
}
