// How current this request's cockpit, report and list reads are (the 「数据截至」 line, components/data-as-of.tsx).
import "server-only";
import { getReadRouter, getSharedReads, readTarget } from "@/lib/db";
import { asOfLabel, sharedAsOfLabel } from "./label";

/**
 * The label of this request's data: `shared` — the page's data was (partly) shared from an earlier request (the
 * oldest instant); else its read target, or null without replicas (every read is live on the primary).
 */
export async function dataFreshness(shared?: { asOf: Date; shared: boolean } | null, now = new Date()) {
  if (shared?.shared) return { source: "shared" as const, ...sharedAsOfLabel(shared.asOf, now, Math.round(getSharedReads().maxAgeMs / 1000)) };
  if (!getReadRouter()) return null;
  const target = await readTarget();
  return { source: target.source, ...asOfLabel(target, now) };
}
