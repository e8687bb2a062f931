// 「数据截至 HH:MM:SS」: how current the figures on a cockpit, report or list page are when its reads may come from a
// streaming replica (DATABASE_REPLICA_URL). Beijing time; the words carry the state (a replica, in sync or some
// seconds behind, or live data from the primary), never a colour. Without replicas nothing is shown.
import { dataFreshness } from "@/lib/freshness/queries";

export async function DataAsOf({ className }: { className?: string }) {
  const label = await dataFreshness();
  if (!label) return null;
  return (
    <p className={className ?? "mt-1 text-xs text-slate-600"} data-testid="data-as-of" data-source={label.source}>
      <time dateTime={label.iso}>{label.text}</time>
      <span>（{label.note}）</span>
    </p>
  );
}
