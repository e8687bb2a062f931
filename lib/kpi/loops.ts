// 情指行闭环: an intelligence item is an open loop until a linked verification/disposal is closed
// (intel_items.loop_closed_at, kept in step in the same transaction as the verification). Overdue: still open
// after its grade's loop deadline. Counted at an instant (now, or a period's end) with the KPIs' own conditions
// (lib/kpi/definitions.ts STOCK), so the ledger pages, the cockpit and the report agree.
import { type Scope, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { STOCK } from "./definitions";

export interface LoopCounts {
  items: number;
  open: number;
  overdue: number;
}

const cols = (at: Date) => {
  const a = Prisma.sql`${at}::timestamptz`;
  return Prisma.sql`count(*) FILTER (WHERE received_at < ${a}) AS items, count(*) FILTER (WHERE ${STOCK.openLoop(a)}) AS open, count(*) FILTER (WHERE ${STOCK.overdueLoop(a)}) AS overdue`;
};

export async function intelLoopCounts(db: Db, scope: Scope, at: Date = new Date()): Promise<LoopCounts> {
  const [r] = await db.$queryRaw<{ items: bigint; open: bigint; overdue: bigint }[]>`
    SELECT ${cols(at)} FROM intel_items WHERE ${sqlIn(scope)}`;
  return { items: Number(r.items), open: Number(r.open), overdue: Number(r.overdue) };
}

/** The same counts for each direct sub-unit of a unit (each covering its own subtree). */
export async function intelLoopCountsByChild(db: Db, view: Scope, at: Date = new Date()): Promise<Map<string, LoopCounts>> {
  const rows = await db.$queryRaw<{ child: string; items: bigint; open: bigint; overdue: bigint }[]>`
    SELECT split_part(unit_path, '/', ${view.depth + 3}) AS child, ${cols(at)}
    FROM intel_items WHERE ${sqlIn(view, "unit_path", { below: true })}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.child, { items: Number(r.items), open: Number(r.open), overdue: Number(r.overdue) }]));
}
