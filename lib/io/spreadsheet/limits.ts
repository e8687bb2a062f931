// Bounds on what one uploaded spreadsheet may cost, whatever its headers claim (issue 9 item 5: zip bombs).
// Derived from the documented import limits (30 MB file, 200,000 rows): our own 20-column export inflates about
// 15:1, so a legitimate 200,000-row XLSX has a worksheet of up to ~350 MB, which is streamed, never held. Parts that
// are held in memory whole (workbook, relationships, styles) and the shared-string table get much smaller bounds.
import type { ZipLimits } from "@/lib/io/zip";

export const DEFAULT_MAX_ROWS = 200_000;
export const DEFAULT_MAX_CELLS = 4_000_000;
export const DEFAULT_MAX_COLUMNS = 1_000;

export const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1_000,
  maxEntryBytes: 400 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

/** workbook.xml, its relationships, styles.xml: parsed into memory whole */
export const MAX_HELD_PART_BYTES = 16 * 1024 * 1024;
/** the shared-string table is cached for the worksheet's look-ups */
export const MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024;
/** the exceljs in-memory reader (fallback for odd packages) only for packages this small */
export const MAX_IN_MEMORY_BYTES = 4 * 1024 * 1024;

export const PROGRESS_EVERY = 1000;
