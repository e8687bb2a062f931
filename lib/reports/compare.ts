// What changed since a report was generated (late entries, corrections): the archived figures against the same
// figures computed now.
import type { ReportData } from "./build";

export interface FigureChange {
  id: string;
  name: string;
  then: number | null;
  now: number | null;
}

export function compareReports(archived: ReportData, current: ReportData): { kpis: FigureChange[]; ranking: (FigureChange & { unit: string })[] } {
  const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);
  const kpis = archived.kpis
    .map((k) => ({ id: k.id, name: k.name, then: k.value, now: current.kpis.find((c) => c.id === k.id)?.value ?? null }))
    .filter((c) => !same(c.then, c.now));
  const ranking: (FigureChange & { unit: string })[] = [];
  for (const row of archived.ranking?.rows ?? []) {
    const cur = current.ranking?.rows.find((r) => r.code === row.code);
    for (const id of archived.ranking!.kpis) {
      const then = row.values[id] ?? null;
      const now = cur?.values[id] ?? null;
      if (!same(then, now)) ranking.push({ id, name: current.kpis.find((k) => k.id === id)?.name ?? id, unit: row.name, then, now });
    }
  }
  return { kpis, ranking };
}
