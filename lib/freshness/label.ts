// The words of 「数据截至」 (components/data-as-of.tsx), apart from the request so they can be checked alone.
import { shanghaiIso } from "@/lib/time";

export function asOfLabel(target: { source: "primary" | "replica"; asOf: Date | null; inSync?: boolean }, now: Date): { text: string; note: string; iso: string } {
  // the primary is live: its data is as of this request; a replica is as of the last position it was seen to cover
  const at = target.source === "replica" && target.asOf ? target.asOf : now;
  const hms = shanghaiIso(at).slice(11, 19);
  const behind = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  // in sync at the last background check (≤ REPLICA_CHECK_MS ago): the time is that check's
  const note = target.source === "primary" ? "北京时间，实时数据" : target.inSync ? "北京时间，只读副本，已同步" : `北京时间，只读副本，约 ${Math.max(1, behind)} 秒前`;
  return { text: `数据截至 ${hms}`, note, iso: at.toISOString() };
}

/**
 * The words for data shared between the requests of the last few seconds (lib/db/shared-read.ts): its instant and
 * how long ago that was (at most `maxSeconds`, or about twice that while a background renewal runs).
 */
export function sharedAsOfLabel(asOf: Date, now: Date, maxSeconds: number): { text: string; note: string; iso: string } {
  const behind = Math.max(0, Math.round((now.getTime() - asOf.getTime()) / 1000));
  const note = `北京时间，${behind < 1 ? "刚刚" : `约 ${behind} 秒前`}汇总，同一页面 ${maxSeconds} 秒内共用，到时在后台重新汇总`;
  return { text: `数据截至 ${shanghaiIso(asOf).slice(11, 19)}`, note, iso: asOf.toISOString() };
}
