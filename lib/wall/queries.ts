// What the wall (指挥中心大屏, app/wall/[code]) reads: the page-facing functions of the query-module contract. The
// unit, its scope check and every KPI figure come from the cockpit's own loader (cockpitPage → CockpitData), so a
// wall shows exactly the cockpit's numbers; the 今日 panel and the ticker are lib/wall/data.ts.
import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { cockpitPage } from "@/lib/cockpit/queries";
import { getDb } from "@/lib/db";
import type { KpiDef } from "@/lib/kpi/definitions";
import type { KpiScope } from "@/lib/kpi/engine";
import type { Period } from "@/lib/kpi/period";
import { wallTickerData, wallTodayData } from "./data";

export interface SupervisionToday {
  /** 督办单 opened today in the subtree */
  opened: number;
  /** 督办单 past their deadline and not yet answered */
  overdue: number;
}

/**
 * The 督办 slot of the 今日 panel. The 督办单 (supervision orders, table `supervisions`) arrive with another change;
 * until it is merged there is nothing to count and the panel shows 「—」. Wire the count here, nowhere else.
 */
export async function supervisionToday(_scope: KpiScope, _now: Date = new Date()): Promise<SupervisionToday | null> {
  return null;
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
