// Every ledger and list kept in the platform, by family: lists.ts (问题、制度机制), stability.ts (创稳), intel.ts (情报 →
// 研判 → 核查处置), disputes.ts (矛盾纠纷), enterprises.ts (包抓联企业 ← 走访、诉求、涉企案件); shared.ts holds the option
// builders and vocabularies they share. Adding a ledger = a Prisma model + one config in its family file + one entry here.
// Field vocabularies follow DOMAIN.md.
import type { LedgerConfig, LedgerKey } from "../types";
import { disputes } from "./disputes";
import { entCases, demands, enterprises, visits } from "./enterprises";
import { analysis, intel, verification } from "./intel";
import { mechanisms, problems } from "./lists";
import { stability } from "./stability";

export { DISPUTE_CATEGORIES, RISK_TIERS } from "./shared";
export { PROBLEM_STAGES } from "./lists";
export { INTEL_GRADES, VERIFICATION_RESULTS, recomputeIntelLoops } from "./intel";
export { DISPUTE_STATUSES, MEDIATION_BODIES, scoreDispute } from "./disputes";
export {
  DEMAND_CATEGORIES,
  DEMAND_OVERDUE_DAYS,
  DEMAND_STATUSES,
  ENTERPRISE_CASE_STATUSES,
  ENTERPRISE_CASE_TYPES,
  ENTERPRISE_INDUSTRIES,
  ENTERPRISE_LEVELS,
  ENTERPRISE_STATUSES,
  SATISFACTION,
  SOLVED_CASE_STATUSES,
  VISIT_FORMS,
} from "./enterprises";

export const LEDGERS: Record<LedgerKey, LedgerConfig> = {
  problems,
  mechanisms,
  stability,
  intel,
  analysis,
  verification,
  disputes,
  enterprises,
  visits,
  demands,
  ent_cases: entCases,
};
export const LEDGER_KEYS = Object.keys(LEDGERS) as LedgerKey[];

export function ledgerConfig(key: string): LedgerConfig | null {
  // own keys only: "__proto__" or "toString" from a URL is no ledger
  return Object.hasOwn(LEDGERS, key) ? (LEDGERS as Record<string, LedgerConfig>)[key] : null;
}
