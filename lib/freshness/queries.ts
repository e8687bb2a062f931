// How current this request's cockpit, report and list reads are (the 「数据截至」 line, components/data-as-of.tsx).
import "server-only";
import { getReadRouter, readTarget } from "@/lib/db";
import { asOfLabel } from "./label";

/** The label of this request's read target, or null without replicas (every read is live on the primary). */
export async function dataFreshness(now = new Date()) {
  if (!getReadRouter()) return null;
  const target = await readTarget();
  return { source: target.source, ...asOfLabel(target, now) };
}
