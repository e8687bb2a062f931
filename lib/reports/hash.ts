// The fingerprint of a report's figures: what a reader compares, not when or by whom it was generated. Two
// reports of one unit and period with the same fingerprint say the same thing, so the second is not archived
// again (lib/reports/generate.ts offers the first).
import { createHash } from "node:crypto";
import type { ReportData } from "./build";

export function figuresOf(d: ReportData) {
  return {
    version: d.version,
    unit: d.unit.code,
    period: d.period.key,
    // only a chosen plan enters the fingerprint (reports of the default plan keep their earlier fingerprints)
    ...(d.plan ? { plan: d.plan.code } : {}),
    kpis: d.kpis.map((k) => [k.id, k.available, k.value, k.previous, k.lastYear]),
    ranking: d.ranking ? { kpis: d.ranking.kpis, rows: d.ranking.rows.map((r) => [r.code, d.ranking!.kpis.map((id) => r.values[id] ?? null)]) } : null,
    trends: d.trends,
    overdueTasks: { total: d.overdueTasks.total, rows: d.overdueTasks.rows.map((r) => [r.code, r.unit, r.deadline, r.daysOverdue]) },
    openLoops: { total: d.openLoops.total, overdue: d.openLoops.overdue, rows: d.openLoops.rows.map((r) => [r.code, r.overdue]) },
    assessment: d.assessment ? { own: d.assessment.own ? [d.assessment.own.total, d.assessment.own.rank] : null, peers: d.assessment.peers.map((p) => [p.code, p.total, p.rank]) } : null,
  };
}

/** JSON with object keys sorted: the archived figures come back from jsonb with their keys reordered */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v ?? null);
}

export function figuresHash(d: ReportData): string {
  return createHash("sha256").update(canonical(figuresOf(d))).digest("hex");
}
