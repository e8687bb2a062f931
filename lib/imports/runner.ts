// Running import jobs: claim → the kind's plug-in checks and writes → DONE, or FAILED with a Chinese message.
// Runs in the import worker process (scripts/import-worker.ts), never in the web server: parsing and checking
// 100,000 rows is CPU work that would stall every other request. Tests call runImportJob directly.
import { hostname } from "node:os";
import type { Db } from "@/lib/db/client";
import { type ImportKind, type ImportProblem, ImportRejected, type ImportRun } from "./kinds";
import { type Claim, ClaimLost, FAILED_SYSTEM, HEARTBEAT_MS, claimImportJob, failImportJob, finishImportJob, reportProgress } from "./jobs";
import { PLUGINS } from "./plugins";

export const defaultWorkerId = () => `${hostname()}:${process.pid}`;

/** Runs a claimed job to its end. Never throws (except when the claim was lost: then the job is not ours). */
export async function runClaimedJob(db: Db, claim: Claim, now = new Date()): Promise<"DONE" | "FAILED" | "LOST"> {
  const plugin = PLUGINS[claim.job.kind as ImportKind];
  const beat = setInterval(() => void reportProgress(db, claim).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  // progress writes go one after another: a report fired without waiting (the reader's row count) must never land
  // after a later one and leave an old figure in the job row
  let last: Promise<unknown> = Promise.resolve();
  const run: ImportRun = {
    db,
    job: claim.job,
    now,
    progress: (p) => {
      const mine = last.catch(() => {}).then(async () => {
        if (!(await reportProgress(db, claim, p))) throw new ClaimLost(claim.job.id);
      });
      last = mine;
      return mine;
    },
    finish: (tx, r) => finishImportJob(tx, claim, r),
  };
  const t0 = Date.now();
  try {
    if (!plugin) throw new ImportRejected("导入类型无效");
    await plugin.run(run);
    console.log(`[import ${claim.job.id}] ${claim.job.kind}${claim.job.ledger ? `/${claim.job.ledger}` : ""}：完成，用时 ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return "DONE";
  } catch (e) {
    if (e instanceof ClaimLost) {
      console.warn(`[import ${claim.job.id}] 已由其他处理进程接手`);
      return "LOST";
    }
    let message = FAILED_SYSTEM;
    let problems: ImportProblem[] = [];
    let total = 0;
    if (e instanceof ImportRejected) ({ message, problems, total } = e);
    else console.error(`[import ${claim.job.id}]`, e);
    await failImportJob(db, claim, message, problems, total).catch((err) => console.error(`[import ${claim.job.id}]`, err));
    return "FAILED";
  } finally {
    clearInterval(beat);
  }
}

/** Claims and runs the oldest waiting job; null when none is waiting. */
export async function runNextImportJob(db: Db, workerId = defaultWorkerId(), opts: { staleAfterMs?: number } = {}): Promise<"DONE" | "FAILED" | "LOST" | null> {
  const claim = await claimImportJob(db, workerId, opts);
  return claim ? runClaimedJob(db, claim) : null;
}

/** Claims and runs one given job (tests, tools); SKIPPED when it is not waiting or another worker holds it. */
export async function runImportJob(db: Db, jobId: number, opts: { workerId?: string; now?: Date; staleAfterMs?: number } = {}): Promise<"DONE" | "FAILED" | "LOST" | "SKIPPED"> {
  const claim = await claimImportJob(db, opts.workerId ?? defaultWorkerId(), { jobId, staleAfterMs: opts.staleAfterMs });
  return claim ? runClaimedJob(db, claim, opts.now) : "SKIPPED";
}
