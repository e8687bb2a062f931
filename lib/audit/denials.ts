// Refusals that anyone can provoke in bulk (a page or record outside the user's scope, a server action from a
// foreign Origin) are audited without letting a crawler flood the log (等保 安全审计 + 审计记录的保护):
//   - the first refusal of an actor (user, or client address without a session) and kind (the audit action) in a
//     minute is written to the audit log at once, as it happened;
//   - further refusals of that minute only increase a counter in `audit_denial_windows`;
//   - when the minute is over, one summary row with the count is appended (by the next refusal of anyone, or by
//     `flushDenialWindows`, which the audit log page calls before it reads).
// So a burst costs at most two audit rows per actor, kind and minute. Audit rows are never updated (the table is
// append-only, with a hash chain); only the small counter table changes.
import { shanghaiWallClock } from "@/lib/time";
import type { Db } from "@/lib/db/client";
import { type AuditEntry, writeAudit } from "./write";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface WindowRow {
  actor_key: string;
  kind: string;
  window_start: Date;
  count: number;
  first: AuditEntry;
}

function actorKey(e: AuditEntry): string {
  return e.actor.userId !== null && e.actor.userId !== undefined ? `user:${e.actor.userId}` : `ip:${e.ip ?? "-"}`;
}

/** Appends one summary row for every finished window that counted more than its first refusal. */
async function flushFinished(tx: Tx): Promise<number> {
  const done = await tx.$queryRaw<WindowRow[]>`
    DELETE FROM audit_denial_windows WHERE window_start < date_trunc('minute', now())
    RETURNING actor_key, kind, window_start, count, first`;
  let written = 0;
  for (const w of done.sort((a, b) => a.window_start.getTime() - b.window_start.getTime())) {
    if (w.count <= 1) continue;
    const from = w.window_start;
    const to = new Date(from.getTime() + 60_000);
    await writeAudit(tx, {
      actor: w.first.actor,
      action: w.kind,
      entity: w.first.entity,
      entityId: w.first.entityId ?? null,
      result: "denied",
      reason: `合并记录：${fmt(from)} 至 ${fmt(to)} 内同类访问另被拒绝 ${w.count - 1} 次（首次见上一条同类记录）`,
      after: { coalesced: w.count - 1, windowStart: from.toISOString(), windowEnd: to.toISOString() },
      ip: w.first.ip ?? null,
    });
    written++;
  }
  return written;
}

function fmt(d: Date): string {
  // Beijing time, to the minute
  return shanghaiWallClock(d).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * Records a refusal (result "denied"): the first of its minute for this actor and kind becomes an audit row, the
 * rest are counted. Returns whether an audit row was written for this one.
 */
export async function recordDenial(db: Db, entry: AuditEntry): Promise<boolean> {
  const e: AuditEntry = { ...entry, result: "denied" };
  const first = JSON.parse(JSON.stringify({ actor: e.actor, entity: e.entity, entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId), ip: e.ip ?? null }));
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ count: number }[]>`
      INSERT INTO audit_denial_windows (actor_key, kind, window_start, count, first)
      VALUES (${actorKey(e)}, ${e.action}, date_trunc('minute', now()), 1, ${JSON.stringify(first)}::jsonb)
      ON CONFLICT (actor_key, kind, window_start) DO UPDATE SET count = audit_denial_windows.count + 1
      RETURNING count`;
    if (row.count !== 1) return false;
    await flushFinished(tx);
    await writeAudit(tx, e);
    return true;
  });
}

/** Writes the summaries of every finished window (called before the audit log is read). */
export async function flushDenialWindows(db: Db): Promise<number> {
  return db.$transaction((tx) => flushFinished(tx));
}
