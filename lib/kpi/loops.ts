// 情指行闭环: an intelligence item is an open loop until a linked verification/disposal is closed
// (intel_items.loop_closed_at, kept in step in the same transaction as the verification). Overdue: still open
// after its grade's loop deadline. One definition, used by the ledger pages, the cockpit and the report.
import type { Db } from "@/lib/db/client";

export interface LoopCounts {
  items: number;
  open: number;
  overdue: number;
}

export async function intelLoopCounts(db: Db, scopePath: string, now: Date = new Date()): Promise<LoopCounts> {
  const [r] = await db.$queryRaw<{ items: bigint; open: bigint; overdue: bigint }[]>`
    SELECT count(*) AS items,
           count(*) FILTER (WHERE loop_closed_at IS NULL) AS open,
           count(*) FILTER (WHERE loop_closed_at IS NULL AND loop_due_at < ${now}) AS overdue
    FROM intel_items WHERE unit_path LIKE ${`${scopePath}%`}`;
  return { items: Number(r.items), open: Number(r.open), overdue: Number(r.overdue) };
}

/** The same counts for each direct sub-unit of a unit (each covering its own subtree). */
export async function intelLoopCountsByChild(db: Db, view: { path: string; depth: number }, now: Date = new Date()): Promise<Map<string, LoopCounts>> {
  const rows = await db.$queryRaw<{ child: string; items: bigint; open: bigint; overdue: bigint }[]>`
    SELECT split_part(unit_path, '/', ${view.depth + 3}) AS child,
           count(*) AS items,
           count(*) FILTER (WHERE loop_closed_at IS NULL) AS open,
           count(*) FILTER (WHERE loop_closed_at IS NULL AND loop_due_at < ${now}) AS overdue
    FROM intel_items WHERE unit_path LIKE ${`${view.path}_%`}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.child, { items: Number(r.items), open: Number(r.open), overdue: Number(r.overdue) }]));
}
