// 五级审核把关: who reviews an assignment after it is submitted.
// The configured chain lists the unit levels that review (default county → city → province). An assignment is
// reviewed by each ancestor unit whose level is in the chain, bottom-up, ending with the unit that handed the task
// down: that unit closes it (销号) — the one who assigns (交办) is the one who strikes it off.
import type { Db, Tx } from "@/lib/db/client";
import { getSetting } from "@/lib/settings";

/** Unit codes of a path, root first: "/62/6201/620102/" → ["62", "6201", "620102"]. */
export const pathCodes = (path: string) => path.split("/").filter(Boolean);

export async function reviewUnits(db: Db | Tx, assignment: { unitPath: string; assignedById: number }): Promise<number[]> {
  const { levels } = await getSetting(db, "review.chain");
  const codes = pathCodes(assignment.unitPath).slice(0, -1); // ancestors only
  const ancestors = await (db as Db).unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, level: true } });
  return chainOf(assignment, new Map(ancestors.map((a) => [a.code, a])), levels as string[]);
}

/**
 * The review chain from units already read (code → unit, every ancestor of the assignment's unit) and the configured
 * levels: the same rule as reviewUnits, for lists that place many assignments in their chains with one read.
 */
export function chainOf(assignment: { unitPath: string; assignedById: number }, unitsByCode: Map<string, { id: number; level: string }>, levels: readonly string[]): number[] {
  const codes = pathCodes(assignment.unitPath).slice(0, -1);
  const ordered = codes.map((c) => unitsByCode.get(c)!).filter(Boolean).reverse(); // nearest first
  const closer = ordered.findIndex((a) => a.id === assignment.assignedById);
  const between = closer >= 0 ? ordered.slice(0, closer) : ordered;
  const chain = between.filter((a) => levels.includes(a.level)).map((a) => a.id);
  chain.push(assignment.assignedById); // the assigner always closes, whatever its level
  return chain;
}
