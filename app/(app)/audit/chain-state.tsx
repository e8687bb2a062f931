import { Badge } from "@/components/ui";
import { auditChainState } from "@/lib/audit/queries";
import { formatDateTime } from "@/lib/format";

/** The auditor's view of the chain: intact or not, where it starts and ends, the head to record elsewhere. */
export async function ChainState() {
  const s = await auditChainState();
  return (
    <section
      data-testid="chain-state"
      aria-label="审计链状态"
      className={`mb-4 rounded-lg border p-3 text-sm ${s.ok ? "border-emerald-200 bg-emerald-50" : "border-red-300 bg-red-50"}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        {s.ok ? <Badge tone="green">审计链完整</Badge> : <Badge tone="red">审计链被破坏</Badge>}
        <span>
          共 {s.rows.toLocaleString("zh-CN")} 条，序号 {s.firstSeq ?? "—"} 至 {s.headSeq ?? "—"}
          {s.prunedThrough ? `（序号 ${s.prunedThrough} 及以前已按保存期清理）` : ""}
        </span>
        <span className="text-slate-500">
          校验于 {formatDateTime(s.checkedAt)}，用时 {s.ms} ms
        </span>
      </div>
      {s.problem ? <p className="mt-2 font-medium text-red-800">{s.problem.message}</p> : null}
      {s.ok && s.headHash ? (
        <p className="mt-2 break-all text-xs text-slate-600">
          链头 <code className="font-mono">{`${s.headSeq}:${s.headHash}`}</code> — 可记入本系统以外的台账，日后由运维人员用审计链校验工具（见运维手册「审计校验」）核对。
        </p>
      ) : null}
    </section>
  );
}
