// 「数据截至 HH:MM:SS」: how current the figures on a cockpit, report or list page are when its reads may come from a
// streaming replica (DATABASE_REPLICA_URL). Beijing time; the words carry the state (a replica, in sync or some
// seconds behind, or live data from the primary, or figures shared from a request of the last few seconds:
// lib/db/shared-read.ts), never a colour. Without replicas and without shared figures nothing is shown.
import { dataFreshness } from "@/lib/freshness/queries";

/** `shared`: how current the page's shared reads are (CockpitData.freshness(), the report's), awaited here. */
export async function DataAsOf({ className, shared }: { className?: string; shared?: Promise<{ asOf: Date; shared: boolean } | null> | { asOf: Date; shared: boolean } | null }) {
  const label = await dataFreshness(await shared);
  if (!label) return null;
  return (
    <p className={className ?? "mt-1 text-xs text-slate-600"} data-testid="data-as-of" data-source={label.source}>
      <time dateTime={label.iso}>{label.text}</time>
      <span>（{label.note}）</span>
    </p>
  );
}
