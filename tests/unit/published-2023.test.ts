// Every figure the province published for 2023 has a home in the KPI model: an existing KPI, a stated period and
// source, and the KPI's own 口径 names the source when it is not police data.
import { describe, expect, it } from "vitest";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { parsePeriod } from "@/lib/kpi/period";
import { PUBLISHED_2023_FIGURES } from "@/lib/kpi/published";

describe("published 2023 figures", () => {
  it.each(PUBLISHED_2023_FIGURES.map((f) => [f.kpi, f] as const))("%s: a KPI, a valid period, a 口径 and a source", (_id, f) => {
    const def = KPI_MAP.get(f.kpi);
    expect(def, f.kpi).toBeDefined();
    expect(parsePeriod(f.period, new Date("2026-12-01T00:00:00Z")), f.period).not.toBeNull();
    expect(f.caliber).toMatch(/2023/);
    if (f.source.startsWith("外部统计")) expect(def!.caliber).toMatch(/外部统计.*省司法厅/);
    // a count's published unit is the KPI's unit (起, 家, 项, 个 …)
    if (def!.format === "count" && !f.figure.startsWith("同比")) expect(f.figure.endsWith(def!.unit) || f.figure.endsWith(def!.unit === "人" ? "名" : def!.unit), f.figure).toBe(true);
  });

  it("covers each figure of the article once (the new ones included)", () => {
    const ids = PUBLISHED_2023_FIGURES.map((f) => f.kpi);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["economic.bad_assets", "service.fully_online", "service.cross_province", "disputes.warning_leads", "disputes.screened", "people_mediation.rate", "telecom.streak", "ent.count", "ent.officers"]) expect(ids).toContain(id);
  });
});
