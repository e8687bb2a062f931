import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { ChainState } from "./chain-state";
import { Badge, EmptyState, PageHeader, Table, Td, Th, buttonClass, inputClass } from "@/components/ui";
import { flushDenialWindows } from "@/lib/audit/denials";
import { auditFacets, listAudit, parseAuditQuery } from "@/lib/audit/queries";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { auditActionLabel } from "./action-labels";
import { getDb } from "@/lib/db";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "审计日志" };

const RESULT: Record<string, { label: string; tone: "green" | "amber" | "red" }> = {
  success: { label: "成功", tone: "green" },
  denied: { label: "拒绝", tone: "amber" },
  failure: { label: "失败", tone: "red" },
};

function short(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("audit:read");
  const sp = await searchParams;
  // refusals counted in the last minutes become their summary rows before the log is read
  await flushDenialWindows(getDb()).catch((e) => console.error(`[audit] 合并记录写入失败：${e instanceof Error ? e.message : e}`));
  const [{ rows, nextCursor }, facets] = await Promise.all([listAudit(userScope(viewer), parseAuditQuery(sp)), auditFacets(userScope(viewer))]);
  const keep = Object.entries(sp).filter(([k, v]) => v && k !== "cursor") as [string, string][];
  const next = nextCursor ? `/audit?${new URLSearchParams([...keep, ["cursor", nextCursor]])}` : null;
  return (
    <div>
      <PageHeader title="审计日志" subtitle="只追加、不可修改，逐条以 SHA-256 链接。时间为北京时间。" />
      {viewer.unitLevel === "PROVINCE" ? (
        <Suspense fallback={<p className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-500">正在校验审计链…</p>}>
          <ChainState />
        </Suspense>
      ) : null}
      <form className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-8" role="search">
        <input name="user" defaultValue={sp.user} placeholder="用户名" aria-label="用户名" className={inputClass} />
        <input name="unit" defaultValue={sp.unit} placeholder="单位代码（含下级）" aria-label="单位代码" className={inputClass} />
        <select name="entity" defaultValue={sp.entity ?? ""} aria-label="对象" className={inputClass}>
          <option value="">全部对象</option>
          {facets.entities.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
        <select name="action" defaultValue={sp.action ?? ""} aria-label="操作" className={inputClass}>
          <option value="">全部操作</option>
          {facets.actions.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <select name="result" defaultValue={sp.result ?? ""} aria-label="结果" className={inputClass}>
          <option value="">全部结果</option>
          <option value="success">成功</option>
          <option value="denied">拒绝</option>
          <option value="failure">失败</option>
        </select>
        <input type="date" name="from" defaultValue={sp.from} aria-label="开始日期" className={inputClass} />
        <input type="date" name="to" defaultValue={sp.to} aria-label="结束日期" className={inputClass} />
        <div className="flex gap-2">
          <button className={buttonClass("primary")}>筛选</button>
          <Link href="/audit" className={buttonClass("secondary")}>
            重置
          </Link>
        </div>
      </form>
      {rows.length ? (
        <Table>
          <thead>
            <tr>
              <Th>#</Th>
              <Th>时间</Th>
              <Th>用户</Th>
              <Th>操作</Th>
              <Th>对象</Th>
              <Th>结果</Th>
              <Th>变更</Th>
              <Th>地址</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={String(r.id)} data-testid="audit-row">
                <Td className="font-mono text-xs text-slate-400">{String(r.id)}</Td>
                <Td className="whitespace-nowrap text-xs">{formatDateTime(r.at)}</Td>
                <Td className="text-xs">
                  {r.username ?? "—"}
                  {r.role ? <span className="block text-slate-400">{r.role}</span> : null}
                </Td>
                <Td className="text-xs">
                  {auditActionLabel(r.action) ?? ""}
                  <span className="block font-mono text-slate-400">{r.action}</span>
                </Td>
                <Td className="text-xs">
                  {r.entity}
                  {r.entityId ? ` #${r.entityId}` : ""}
                </Td>
                <Td>
                  <Badge tone={RESULT[r.result]?.tone ?? "slate"}>{RESULT[r.result]?.label ?? r.result}</Badge>
                  {r.reason ? <span className="block text-xs text-slate-500">{r.reason}</span> : null}
                </Td>
                <Td className="max-w-md break-all font-mono text-[11px] text-slate-500">
                  {r.before ? <div>前：{short(r.before)}</div> : null}
                  {r.after ? <div>后：{short(r.after)}</div> : null}
                </Td>
                <Td className="text-xs">{r.ip ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="没有符合条件的审计记录" />
      )}
      <div className="mt-3 flex gap-2">
        {sp.cursor ? (
          <Link className={buttonClass("secondary", "sm")} href={`/audit?${new URLSearchParams(keep)}`}>
            回到最新
          </Link>
        ) : null}
        {next ? (
          <Link className={buttonClass("secondary", "sm")} href={next}>
            更早的记录
          </Link>
        ) : null}
      </div>
    </div>
  );
}
