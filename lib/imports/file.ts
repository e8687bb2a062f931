// The uploaded file of every import kind: one zod schema for the form field, one reader for the worker.
import { type ParsedSheet, SpreadsheetError, parseSpreadsheet } from "@/lib/io/parse-spreadsheet";
import { fileLabel, zRequiredFile } from "@/lib/validation";
import { ImportRejected } from "./kinds";

export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

/** required: no file (or the empty part of an untouched file input) is 「请选择文件」 */
export const zImportFile = zRequiredFile()
  .refine((f) => f.size > 0, { error: (iss) => `${fileLabel(iss.input as File)}是空文件` })
  .refine((f) => f.size <= MAX_IMPORT_BYTES, `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`)
  .refine((f) => /\.(xlsx|csv|txt)$/i.test(f.name), "只能导入 .xlsx 或 .csv 文件");

/**
 * The job's file as rows (through the spreadsheet parser's exported API): a file the parser refuses becomes an
 * ImportRejected with the parser's Chinese message.
 */
export async function readImportFile(data: Uint8Array, filename: string, onRows?: (n: number) => void): Promise<ParsedSheet> {
  try {
    return await parseSpreadsheet(data, filename, { maxRows: MAX_IMPORT_ROWS, onProgress: onRows });
  } catch (e) {
    if (e instanceof SpreadsheetError) throw new ImportRejected(e.message);
    throw e;
  }
}
