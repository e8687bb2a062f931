// The kinds of import (one plug-in each, registered in ./plugins.ts) and what the caller needs to see one.
// A declarative table without the plug-ins' code, so that the status route and the job store need not load them.
import type { Tx } from "@/lib/db/client";
import type { Permission } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import type { ImportJob } from "@/lib/generated/prisma/client";

export const IMPORT_KINDS = {
  ledger: { title: "导入台账", permission: "ledger:import" },
  stats: { title: "导入月度统计", permission: "stats:write" },
  population: { title: "导入常住人口", permission: "stats:write" },
} as const satisfies Record<string, { title: string; permission: Permission }>;

export type ImportKind = keyof typeof IMPORT_KINDS;

export const isImportKind = (k: string): k is ImportKind => Object.hasOwn(IMPORT_KINDS, k);

/** A problem found in a file, shown as a table: line (header = 1), column header, Chinese message. */
export interface ImportProblem {
  line: number;
  column: string;
  message: string;
  /** a warning: the file can be imported once the user confirms the figures */
  level?: "warning";
}

/**
 * The file is refused: nothing written, the message (and the problems) shown to the user as they are. Thrown by a
 * plug-in; the runner turns it into a FAILED job.
 */
export class ImportRejected extends Error {
  constructor(
    message: string,
    readonly problems: ImportProblem[] = [],
    readonly total = 0,
  ) {
    super(message);
    this.name = "ImportRejected";
  }
}

/** What a plug-in gets: the job, and the means to report progress and to finish inside its writing transaction. */
export interface ImportRun {
  db: Db;
  job: ImportJob;
  /** progress in the job row (and proof of life); throws ClaimLost when another worker holds the job now */
  progress(p: JobProgress): Promise<void>;
  /** marks the job DONE inside the transaction that writes the data */
  finish(tx: Tx, r: JobResult): Promise<void>;
  now: Date;
}

/** One kind of import: checks the job's file and writes it all or nothing (throw ImportRejected to refuse it). */
export interface ImportPlugin {
  kind: ImportKind;
  run(r: ImportRun): Promise<void>;
}


export interface JobProgress {
  total?: number;
  processed?: number;
  status?: "CHECKING" | "WRITING";
}

export interface JobResult {
  inserted: number;
  skipped: number;
  processed: number;
  /** warnings the user confirmed, kept with the finished job */
  warnings?: ImportProblem[];
}

