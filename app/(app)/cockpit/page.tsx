import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { ZPeriodQuery, parseQuery } from "@/lib/http/query";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { resolveViewUnit } from "@/lib/units/queries";

/** The cockpit of the unit the user is looking at, keeping the period, the KPI, the map and the per-capita basis
 *  (so a link such as 「我的驾驶舱，每10万人」 works for every user); anything else in the query is dropped. */
export default async function CockpitIndex({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("cockpit:read");
  const unit = await resolveViewUnit(user);
  const sp = await searchParams;
  const { period } = parseQuery(ZPeriodQuery, sp);
  const q = new URLSearchParams();
  if (period) q.set("period", period);
  if (typeof sp.kpi === "string" && KPI_MAP.has(sp.kpi)) q.set("kpi", sp.kpi);
  if (sp.map === "county") q.set("map", "county");
  if (sp.basis === "per100k") q.set("basis", "per100k");
  const qs = q.toString();
  redirect(`/cockpit/${unit.code}${qs ? `?${qs}` : ""}`);
}
