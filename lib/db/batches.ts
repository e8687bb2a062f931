// Reading a large list in its own order, in batches, for streamed exports.
//
// OFFSET paging makes every batch sort and skip all the rows before it (a 100,000-row export read 2.5 million
// rows), and rows inserted or deleted while it runs shift the pages, so a row can be exported twice or not at all.
// Instead the ids are read once, in the list's order (a few hundred KB for 100,000 rows), and the rows are fetched
// batch by batch by id — still under the caller's `where`, so the scope is checked on every batch — and put back
// in that order. A row deleted meanwhile is left out; a row changed meanwhile is exported as it is now.

/** the ids in the list's order, then the rows in batches of `size`, in that order */
export async function* batchesInOrder<T extends { id: number }>(
  ids: readonly number[],
  fetch: (ids: number[]) => Promise<T[]>,
  size = 2000,
): AsyncGenerator<T[]> {
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    const byId = new Map((await fetch(chunk)).map((r) => [r.id, r]));
    const rows = chunk.flatMap((id) => byId.get(id) ?? []);
    if (rows.length) yield rows;
  }
}
