// A user's saved filters of one list (only their own), each with the link that applies it — the stored query
// re-parsed by the list's own parser, never used as stored.
import "server-only";
import { getDb } from "@/lib/db";
import { savedFilterHref, savedList } from "./lists";

export async function savedFilters(user: { id: number }, listKey: string) {
  const list = savedList(listKey);
  if (!list) return [];
  const rows = await getDb().savedFilter.findMany({ where: { userId: user.id, listKey: list.key }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, query: true } });
  return rows.map((r) => ({ id: r.id, name: r.name, href: savedFilterHref(list, r.query) }));
}
