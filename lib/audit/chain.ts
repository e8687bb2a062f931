// The audit chain (等保 安全审计: 审计记录的保护). Each row carries a gapless sequence number, the hash of the row
// before it and its own hash: SHA-256 over the previous hash and the row's canonical content, computed by the
// database trigger `audit_logs_chain` (see the migration `audit_chain`) with the one SQL function
// `audit_row_digest`. Verification walks the rows in sequence order, recomputes every hash with the same function
// and names the first row that was altered, inserted outside the chain, or is missing.
//
// Pruning (保存不少于 184 天) deletes only rows older than the retention, only through `audit_prune`, and first
// writes an `audit.prune` row recording where the chain now starts: verification accepts the gap that row explains.
import type { Db } from "@/lib/db/client";

export type ChainProblemKind = "tampered" | "missing" | "inserted" | "unchained";

export interface ChainProblem {
  kind: ChainProblemKind;
  /** the sequence number (or, for rows outside the chain, the id) of the first bad row */
  seq: string;
  id: string;
  message: string;
}

export interface ChainState {
  ok: boolean;
  rows: number;
  firstSeq: string | null;
  headSeq: string | null;
  headHash: string | null;
  /** the chain starts after a documented prune at this sequence number */
  prunedThrough: string | null;
  problem: ChainProblem | null;
  checkedAt: Date;
  ms: number;
}

type Row = { id: bigint; seq: bigint | null; prev_hash: string | null; hash: string | null; expected: string | null; action: string; after: unknown };

const BATCH = 20_000;

/** Walks the whole chain. `db.$queryRawUnsafe` is used with constant SQL and bound parameters only. */
export async function verifyAuditChain(db: Pick<Db, "$queryRawUnsafe">, opts: { onProgress?: (done: number) => void } = {}): Promise<ChainState> {
  const t0 = Date.now();
  const fail = (problem: ChainProblem, rows: number, firstSeq: string | null, headSeq: string | null, headHash: string | null, prunedThrough: string | null): ChainState => ({
    ok: false, rows, firstSeq, headSeq, headHash, prunedThrough, problem, checkedAt: new Date(), ms: Date.now() - t0,
  });

  // rows written with the chain trigger disabled carry no sequence number at all
  const unchained = await db.$queryRawUnsafe<{ id: bigint }[]>(`SELECT id FROM audit_logs WHERE seq IS NULL OR hash IS NULL ORDER BY id LIMIT 1`);

  let prevSeq: bigint | null = null;
  let prevHash: string | null = null;
  let firstSeq: bigint | null = null;
  let firstPrev: string | null = null;
  let prunedThrough: string | null = null;
  let rows = 0;
  for (;;) {
    const batch: Row[] = await db.$queryRawUnsafe<Row[]>(
      `SELECT id, seq, prev_hash, hash, audit_row_digest(a) AS expected, action,
              CASE WHEN action = 'audit.prune' THEN after END AS after
         FROM audit_logs a WHERE seq IS NOT NULL AND seq > $1 ORDER BY seq LIMIT ${BATCH}`,
      prevSeq ?? -1n,
    );
    if (!batch.length) break;
    for (const r of batch) {
      const seq = r.seq!;
      if (firstSeq === null) {
        firstSeq = seq;
        firstPrev = r.prev_hash;
        if (seq !== 1n || r.prev_hash !== null) {
          // the chain may start later only where a documented prune says so (checked below, once that row is seen)
          prunedThrough = "pending";
        }
      } else if (seq !== prevSeq! + 1n) {
        return fail({ kind: "missing", seq: String(prevSeq! + 1n), id: String(r.id), message: `缺少序号 ${prevSeq! + 1n}${seq - prevSeq! > 2n ? ` 至 ${seq - 1n}` : ""} 的审计记录（已被删除）` }, rows, String(firstSeq), String(prevSeq), prevHash, prunedThrough);
      } else if (r.prev_hash !== prevHash) {
        return fail({ kind: "inserted", seq: String(seq), id: String(r.id), message: `第 ${seq} 条记录的前序哈希与第 ${prevSeq} 条不符（记录被插入、删除或重排）` }, rows, String(firstSeq), String(prevSeq), prevHash, prunedThrough);
      }
      if (r.hash !== r.expected) {
        return fail({ kind: "tampered", seq: String(seq), id: String(r.id), message: `第 ${seq} 条记录（id ${r.id}）的内容与其哈希不符（记录被篡改）` }, rows, String(firstSeq), String(prevSeq ?? seq), prevHash, prunedThrough);
      }
      if (prunedThrough === "pending" && r.action === "audit.prune") {
        const after = (r.after ?? {}) as { throughSeq?: string; keptFromSeq?: string; keptPrevHash?: string | null };
        if (after.keptFromSeq === String(firstSeq) && (after.keptPrevHash ?? null) === firstPrev) prunedThrough = String(firstSeq - 1n);
      }
      prevSeq = seq;
      prevHash = r.hash;
      rows++;
    }
    opts.onProgress?.(rows);
  }
  if (prunedThrough === "pending") {
    return fail({ kind: "missing", seq: "1", id: "", message: `链条从第 ${firstSeq} 条开始，但没有记录这次删除的审计清理（audit.prune）记录：之前的记录被删除` }, rows, String(firstSeq), prevSeq === null ? null : String(prevSeq), prevHash, null);
  }
  if (unchained.length) {
    const id = String(unchained[0].id);
    return fail({ kind: "unchained", seq: "", id, message: `id ${id} 的记录不在链条中（绕过触发器写入）` }, rows, firstSeq === null ? null : String(firstSeq), prevSeq === null ? null : String(prevSeq), prevHash, prunedThrough);
  }
  return { ok: true, rows, firstSeq: firstSeq === null ? null : String(firstSeq), headSeq: prevSeq === null ? null : String(prevSeq), headHash: prevHash, prunedThrough, problem: null, checkedAt: new Date(), ms: Date.now() - t0 };
}

/**
 * Deletes the audit rows older than `retentionDays` (never fewer than 184) through the database function
 * `audit_prune`, which first writes the `audit.prune` row (who, when, how many, where the chain now starts).
 */
export async function pruneAudit(db: Pick<Db, "$queryRawUnsafe">, retentionDays: number, by: string): Promise<{ deleted: number; keptFromSeq: string | null }> {
  if (!Number.isInteger(retentionDays) || retentionDays < 184) throw new Error("审计记录至少保存 184 天");
  const r = await db.$queryRawUnsafe<{ deleted: bigint; kept_from_seq: bigint | null }[]>(`SELECT deleted, kept_from_seq FROM audit_prune($1::int, $2::text)`, retentionDays, by);
  return { deleted: Number(r[0].deleted), keptFromSeq: r[0].kept_from_seq === null ? null : String(r[0].kept_from_seq) };
}
