// A KPI computed by the module that owns it (the assessment score) reaches the engine through the provider
// registry (lib/kpi/computed.ts), the way the cockpit and the reports load it: the engine imports no feature.
import { describe, expect, it } from "vitest";
import { CockpitData } from "@/lib/cockpit/data";
import { assessmentPeriod, scorePeers } from "@/lib/assessment/scores";
import { computedKpi } from "@/lib/kpi/computed";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiByGroup } from "@/lib/kpi/engine";
import { parsePeriod } from "@/lib/kpi/period";
import { setupTestDatabase } from "./helpers/db";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();
const NOW = new Date("2026-11-30T04:00:00Z");

describe("computed KPIs", () => {
  it("loading the cockpit's data registers the assessment score, and the engine returns the module's totals", async () => {
    expect(CockpitData).toBeTruthy(); // the import above is what registers the provider
    const def = KPI_MAP.get("assessment.score")!;
    const p = parsePeriod("2026-Q3", NOW)!;
    const byCity = await kpiByGroup(t.db, def, scopeFor("/62/"), 3, p, NOW);
    const { scores } = await scorePeers(t.db, "CITY", assessmentPeriod(p, NOW)!, NOW);
    expect(scores.length).toBeGreaterThan(0);
    expect(byCity).toEqual(new Map(scores.map((s) => [s.code, s.total])));
  });

  it("a KPI whose provider was never registered fails loudly instead of showing nothing", () => {
    expect(() => computedKpi("no-such-kpi")).toThrow(/no provider/);
  });
});
