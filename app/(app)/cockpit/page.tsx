import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { resolveViewUnit } from "@/lib/units/queries";
import { ZPeriodQuery, parseQuery } from "@/lib/http/query";

/** The cockpit of the unit the user is looking at. */
export default async function CockpitIndex({ searchParams }: { searchParams: Promise<{ period?: string }> }) {
  const user = await requirePermission("cockpit:read");
  const unit = await resolveViewUnit(user);
  const { period } = parseQuery(ZPeriodQuery, await searchParams);
  redirect(`/cockpit/${unit.code}${period ? `?period=${encodeURIComponent(period)}` : ""}`);
}
