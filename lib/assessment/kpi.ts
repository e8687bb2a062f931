// The assessment score as a KPI (绩效考评得分): registered with the KPI engine, which does not know this module.
// Imported for its effect by whatever computes KPIs for the cockpit and the reports.
import { provideComputedKpi } from "@/lib/kpi/computed";
import { assessmentScoresByGroup } from "./scores";

provideComputedKpi("assessment", assessmentScoresByGroup);
