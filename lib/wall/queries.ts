// What the wall (指挥中心大屏, app/wall/[code]) reads: the page-facing functions of the query-module contract. The
// unit, its scope check and every KPI figure come from the cockpit's own loader (cockpitPage → CockpitData), so a
// wall shows exactly the cockpit's numbers; the 今日 panel and the ticker are lib/wall/data.ts.
import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { cockpitPage } from "@/lib/cockpit/queries";
import { getDb } from "@/lib/db";
import { recordsIn, userScope } from "@/lib/auth/scope";
import { KPI_MAP, type KpiDef } from "@/lib/kpi/definitions";
import { type KpiScope, kpiValue } from "@/lib/kpi/engine";
import { type Period, defaultPeriod, parsePeriod } from "@/lib/kpi/period";
import { shanghaiDayStart, shanghaiToday, shanghaiYearMonth } from "@/lib/time";
import { tourStopsIn, wallTickerData, wallTodayData } from "./data";

export interface SupervisionToday {
  /** 督办单 opened today in the subtree */
  opened: number;
  /** 督办单 past their deadline and not yet answered */
  overdue: number;
}

/**
 * The 督办 slot of the 今日 panel: 督办单 issued today (Beijing day) to units of the subtree, and the overdue ones —
 * the cockpit's own 「逾期督办」 KPI (supervision.overdue) as of now, so wall and cockpit agree by construction.
 */
/** The month running now (Beijing): a stock of it is read as of now. */
function thisMonth(now: Date): Period {
  const { year, month } = shanghaiYearMonth(now);
  return parsePeriod(`${year}-${String(month).padStart(2, "0")}`, now) ?? defaultPeriod(now);
}

export async function supervisionToday(scope: KpiScope, now: Date = new Date()): Promise<SupervisionToday | null> {
  const db = getDb();
  const def = KPI_MAP.get("supervision.overdue");
  const [opened, overdue] = await Promise.all([
    db.supervision.count({ where: { ...recordsIn(scope), createdAt: { gte: shanghaiDayStart(shanghaiToday(now)) } } }),
    def ? kpiValue(db, def, scope, thisMonth(now), now) : Promise.resolve(null),
  ]);
  return { opened, overdue: overdue ?? 0 };
}

/**
 * The stops of a tour (?tour=62,6201,…) the viewer may see, in the order given: a unit outside the viewer's subtree
 * (or unknown) is left out, so a tour never stops on a refusal.
 */
export function tourStops(viewer: SessionUser, codes: readonly string[]): Promise<string[]> {
  return tourStopsIn(getDb(), userScope(viewer), codes);
}

/** One wall: the cockpit's data for the unit (scope-checked: outside the viewer's subtree an audited 404), plus the 今日 panel and the ticker. */
export async function wallPage(viewer: SessionUser, code: string, o: { period: Period; def: KpiDef; mapMode: "city" | "county"; perCapita: boolean }) {
  const page = await cockpitPage(viewer, code, o);
  const db = getDb();
  const scope = page.data.scope;
  const now = page.data.now;
  return {
    ...page,
    today: () => wallTodayData(db, scope, now),
    ticker: () => wallTickerData(db, scope),
    supervision: () => supervisionToday(scope, now),
  };
}
