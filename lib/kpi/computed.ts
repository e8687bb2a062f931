// KPIs whose value is not a count over records but is computed by the feature that owns it (the assessment score:
// lib/assessment/kpi.ts). The definition names its provider by key (`custom`); the owning module registers the
// provider when it is loaded, so the engine never imports a feature module (no cycle, no hidden dynamic import).
import type { Scope } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import type { Period } from "./period";

/** Values per group (groupIndex: see MeasureCtx) for the subtree `scope` over the period. */
export type ComputedKpiProvider = (db: Db, scope: Scope, groupIndex: number, p: Period, now: Date) => Promise<Map<string, number | null>>;

const providers = new Map<string, ComputedKpiProvider>();

export function provideComputedKpi(key: string, provider: ComputedKpiProvider): void {
  providers.set(key, provider);
}

export function computedKpi(key: string): ComputedKpiProvider {
  const provider = providers.get(key);
  if (!provider) throw new Error(`computed KPI "${key}" has no provider: import the module that registers it (e.g. "@/lib/assessment/kpi")`);
  return provider;
}
