// The import job store: a job row holds the uploaded file, who claimed it, and its progress, so that any app server
// can report on it and any worker can run it. Claiming is FOR UPDATE SKIP LOCKED: with several workers (one per app
// server) exactly one claims a job. Every claim takes a new token (attempts); progress and the final write only
// count while the token is still the job's, so a worker that was presumed dead and comes back cannot write twice.
import type { Tx } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";
import type { ImportJob } from "@/lib/generated/prisma/client";
import { notifyImportFinished } from "@/lib/notifications/events";
import type { ImportKind, ImportProblem, JobProgress, JobResult } from "./kinds";

/** a claimed job whose worker has not reported for this long is claimed again by the next worker */
export const STALE_AFTER_MS = 2 * 60 * 1000;
/** claims of one job before it is given up (a file that kills its worker should not kill every worker in turn) */
export const MAX_ATTEMPTS = 3;
/** how often a running job reports that its worker is alive */
export const HEARTBEAT_MS = 5000;
export const NOTIFY_CHANNEL = "import_jobs";

export const FAILED_SYSTEM = "导入时系统出错，未写入任何数据。请稍后重试。";
export const FAILED_ABANDONED = "导入多次中断（处理进程退出或超时），未写入任何数据。请检查文件后重新导入。";

export interface NewImportJob {
  kind: ImportKind;
  ledger?: string | null;
  options?: Record<string, unknown> | null;
  unitId: number;
  unitPath: string;
  createdById: number;
  file: File;
}

/** Stores the upload as a PENDING job (inside the action's transaction) and wakes the workers when it commits. */
export async function createImportJob(tx: Tx, j: NewImportJob): Promise<ImportJob> {
  const bytes = new Uint8Array(await j.file.arrayBuffer());
  const job = await tx.importJob.create({
    data: {
      kind: j.kind,
      ledger: j.ledger ?? null,
      options: (j.options ?? undefined) as never,
      unitId: j.unitId,
      unitPath: j.unitPath,
      createdById: j.createdById,
      filename: j.file.name.slice(0, 200),
      size: bytes.length,
      data: bytes,
    },
  });
  await tx.$executeRaw`SELECT pg_notify(${NOTIFY_CHANNEL}, ${String(job.id)})`;
  return job;
}

/** A job this worker holds: the row as claimed and the claim's token. */
export interface Claim {
  job: ImportJob;
  token: number;
}

/**
 * Claims the oldest job waiting (or `jobId` only): PENDING, or claimed by a worker silent for `staleAfterMs`.
 * Jobs reclaimed MAX_ATTEMPTS times are failed instead. Null when there is nothing to do.
 */
export async function claimImportJob(db: Db, workerId: string, opts: { jobId?: number; staleAfterMs?: number } = {}): Promise<Claim | null> {
  const stale = (opts.staleAfterMs ?? STALE_AFTER_MS) / 1000;
  const only = opts.jobId ?? null;
  // given up: failed and its creator told, in one transaction
  await db.$transaction(async (tx) => {
    const abandoned = await tx.$queryRaw<{ id: number; created_by_id: number; kind: string; ledger: string | null }[]>`
      UPDATE import_jobs SET status = 'FAILED', message = ${FAILED_ABANDONED}, finished_at = now(), data = ''::bytea
      WHERE status IN ('CHECKING', 'WRITING') AND heartbeat_at < now() - make_interval(secs => ${stale}::float8) AND attempts >= ${MAX_ATTEMPTS}
        AND (${only}::int IS NULL OR id = ${only}::int)
      RETURNING id, created_by_id, kind, ledger`;
    for (const j of abandoned) await notifyImportFinished(tx, { id: j.id, createdById: j.created_by_id, kind: j.kind, ledger: j.ledger }, { ok: false, message: FAILED_ABANDONED });
  });
  const rows = await db.$queryRaw<{ id: number; attempts: number }[]>`
    WITH next AS (
      SELECT id FROM import_jobs
      WHERE (status = 'PENDING' OR (status IN ('CHECKING', 'WRITING') AND heartbeat_at < now() - make_interval(secs => ${stale}::float8)))
        AND (${only}::int IS NULL OR id = ${only}::int)
      ORDER BY id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE import_jobs j SET status = 'CHECKING', heartbeat_at = now(), attempts = j.attempts + 1, claimed_by = ${workerId}, processed = 0
    FROM next WHERE j.id = next.id
    RETURNING j.id, j.attempts`;
  if (!rows.length) return null;
  const job = await db.importJob.findUniqueOrThrow({ where: { id: rows[0].id } });
  return { job, token: rows[0].attempts };
}

/** Records progress (and that the worker is alive); false when the claim was lost to another worker. */
export async function reportProgress(db: Db | Tx, claim: Claim, p: JobProgress = {}): Promise<boolean> {
  const { count } = await db.importJob.updateMany({
    where: { id: claim.job.id, attempts: claim.token, status: { in: ["CHECKING", "WRITING"] } },
    data: { ...p, heartbeatAt: new Date() },
  });
  return count === 1;
}

/** The file is refused (or the worker failed): nothing was written; the message and problems are for the user. */
export async function failImportJob(db: Db, claim: Claim, message: string, problems: ImportProblem[] = [], total = 0): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.importJob.updateMany({
      where: { id: claim.job.id, attempts: claim.token, status: { in: ["CHECKING", "WRITING"] } },
      data: { status: "FAILED", message, errors: problems.slice(0, 500) as never, total, processed: total, finishedAt: new Date(), data: new Uint8Array(0) },
    });
    if (count === 1) await notifyImportFinished(tx, claim.job, { ok: false, message });
  });
}

/** The claim was lost while writing: the transaction is rolled back, the worker that holds the job now finishes it. */
export class ClaimLost extends Error {
  constructor(id: number) {
    super(`import job ${id} was claimed by another worker`);
    this.name = "ClaimLost";
  }
}

/** Marks the job DONE inside the writing transaction (so the data and the job's state commit together). */
export async function finishImportJob(tx: Tx, claim: Claim, r: JobResult): Promise<void> {
  const { count } = await tx.importJob.updateMany({
    where: { id: claim.job.id, attempts: claim.token, status: { in: ["CHECKING", "WRITING"] } },
    data: {
      status: "DONE",
      inserted: r.inserted,
      skipped: r.skipped,
      processed: r.processed,
      finishedAt: new Date(),
      data: new Uint8Array(0),
      message: null,
      errors: r.warnings?.length ? (r.warnings.slice(0, 500) as never) : undefined,
    },
  });
  if (count !== 1) throw new ClaimLost(claim.job.id);
  await notifyImportFinished(tx, claim.job, { ok: true, inserted: r.inserted });
}
