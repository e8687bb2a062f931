import type { Metadata } from "next";
import { PageLoading } from "@/components/page-loading";
import Link from "@/components/link";
import { Select } from "@/components/forms/field";
import { Suspense } from "react";
import { ChainState } from "./chain-state";
import { Badge, EmptyState, PageHeader, Table, Td, Th, buttonClass, inputClass } from "@/components/ui";
import { auditLog, parseAuditQuery } from "@/lib/audit/queries";
import { userScope } from "@/lib/auth/scope";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { auditActionLabel } from "./action-labels";
import { auditChanges, auditEntityHref, auditEntityLabel, auditSentence } from "@/lib/audit/labels";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "审计日志" };

const RESULT: Record<string, { label: string; tone: "green" | "amber" | "red" }> = {
  success: { label: "成功", tone: "green" },
  denied: { label: "拒绝", tone: "amber" },
  failure: { label: "失败", tone: "red" },
};

const AUDIT_RESULTS = [
  { value: "success", label: "成功" },
  { value: "denied", label: "拒绝" },
  { value: "failure", label: "失败" },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("audit:read");
  const sp = await searchParams;
  return (
    <Suspense fallback={<PageLoading what="审计日志" />}>
      <AuditLog viewer={viewer} sp={sp} />
    </Suspense>
  );
}

async function AuditLog({ viewer, sp }: { viewer: SessionUser; sp: Record<string, string | undefined> }) {
  const { rows, nextCursor, facets } = await auditLog(userScope(viewer), parseAuditQuery(sp));
  const keep = Object.entries(sp).filter(([k, v]) => v && k !== "cursor") as [string, string][];
  const next = nextCursor ? `/audit?${new URLSearchParams([...keep, ["cursor", nextCursor]])}` : null;
  return (
    <div>
      <PageHeader title="审计日志" subtitle="只追加、不可修改，逐条以 SHA-256 链接。时间为北京时间。" />
      {viewer.unitLevel === "PROVINCE" ? (
        <Suspense fallback={<p className="mb-4 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-500" data-loading>正在校验审计链…</p>}>
          <ChainState />
        </Suspense>
      ) : null}
      <form className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-8" role="search">
        {sp.entityId ? <input type="hidden" name="entityId" value={sp.entityId} /> : null}
        <input name="user" defaultValue={sp.user} placeholder="用户名" aria-label="用户名" className={inputClass} />
        <input name="unit" defaultValue={sp.unit} placeholder="单位代码（含下级）" aria-label="单位代码" className={inputClass} />
        <Select name="entity" defaultValue={sp.entity ?? ""} aria-label="对象" empty="全部对象" options={facets.entities.map((e) => ({ value: e, label: auditEntityLabel(e) }))} />
        <Select name="action" defaultValue={sp.action ?? ""} aria-label="操作" empty="全部操作" options={facets.actions.map((a) => ({ value: a, label: auditActionLabel(a) ?? a }))} />
        <Select name="result" defaultValue={sp.result ?? ""} aria-label="结果" empty="全部结果" options={AUDIT_RESULTS} />
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
              <Th>时间</Th>
              <Th>事件</Th>
              <Th>结果</Th>
              <Th>变更内容</Th>
              <Th>地址</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={String(r.id)} data-testid="audit-row">
                <Td className="whitespace-nowrap text-xs">
                  {formatDateTime(r.at)}
                  <span className="block text-slate-500">第 {String(r.id)} 条</span>
                </Td>
                <Td className="min-w-64 text-sm" data-testid="audit-sentence">
                  {auditSentence(r, auditActionLabel(r.action))}
                  <span className="mt-0.5 flex flex-wrap gap-x-3 text-xs">
                    {(() => {
                      const href = auditEntityHref(r.entity, r.entityId, viewer.role);
                      return href ? (
                        <Link href={href} className="text-police-700 underline underline-offset-2">
                          打开该{auditEntityLabel(r.entity)}
                        </Link>
                      ) : null;
                    })()}
                    {r.entityId ? (
                      <Link href={`/audit?${new URLSearchParams({ entity: r.entity, entityId: r.entityId })}`} className="text-police-700 underline underline-offset-2">
                        该记录的全部审计记录
                      </Link>
                    ) : null}
                  </span>
                </Td>
                <Td>
                  <Badge tone={RESULT[r.result]?.tone ?? "slate"}>{RESULT[r.result]?.label ?? r.result}</Badge>
                  {r.reason ? <span className="block text-xs text-slate-500">{r.reason}</span> : null}
                </Td>
                <Td className="max-w-md break-words text-xs text-slate-700">
                  {(() => {
                    const lines = auditChanges(r.entity, r.before, r.after);
                    return lines.length ? (
                      <ul className="space-y-0.5">
                        {lines.slice(0, 8).map((l, i) => (
                          <li key={i}>{l}</li>
                        ))}
                        {lines.length > 8 ? <li className="text-slate-500">另有 {lines.length - 8} 项变更</li> : null}
                      </ul>
                    ) : (
                      <span className="text-slate-500">—</span>
                    );
                  })()}
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
