import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import Link from "@/components/link";
import { Suspense } from "react";
import { Select } from "@/components/forms/field";
import { ExportButton } from "@/components/export-button";
import { PageLoading } from "@/components/page-loading";
import { StatusBadge } from "@/components/status";
import { Badge, ButtonLink, EmptyState, PageHeader, Pagination, Table, Td, Th, buttonClass, cx, inputClass } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";
import { parseSupervisionParams, supervisionPage } from "@/lib/supervision/queries";
import { SUPERVISION_LEVEL_LABELS, SUPERVISION_STATUS_LABELS, SUPERVISION_STATUS_TONES, supervisionHref } from "@/lib/supervision/rules";

export const metadata: Metadata = { title: "督办" };

export default async function SupervisionListPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("supervision:read");
  const sp = await searchParams;
  const unit = await resolveViewUnit(user, sp.unit);
  return (
    <Suspense fallback={<PageLoading what="督办" />}>
      <SupervisionList user={user} unit={unit} sp={sp} />
    </Suspense>
  );
}

async function SupervisionList({ user, unit, sp }: { user: SessionUser; unit: ViewUnit; sp: Record<string, string | undefined> }) {
  const p = parseSupervisionParams(sp);
  const { rows, total, pages } = await supervisionPage(user, unit.scope, p);
  const q = (over: Record<string, string | number | undefined>) => {
    const m: Record<string, string> = {};
    for (const [k, v] of Object.entries({ q: p.q || undefined, status: p.status, level: p.level || undefined, overdue: p.overdue || undefined, box: p.box || undefined, unit: sp.unit ? unit.code : undefined, page: p.page > 1 ? p.page : undefined, ...over }))
      if (v !== undefined && v !== "") m[k] = String(v);
    return new URLSearchParams(m).toString();
  };
  const chips = [
    { key: "", label: "全部" },
    { key: "received", label: "收到的" },
    { key: "issued", label: "发出的" },
  ];
  const chipClass = (on: boolean) => cx("inline-flex min-h-11 min-w-11 items-center justify-center rounded-full border px-3 py-1 md:min-h-0", on ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white");
  const overdueCell = (r: (typeof rows)[number]) =>
    r.overdueDays > 0 ? (
      <span className={cx("font-medium text-red-700", r.flagged && "rounded bg-red-100 px-1")} data-testid="supervision-overdue">
        逾期 {r.overdueDays} 天{r.flagged ? "（下级单位发出，请关注）" : ""}
      </span>
    ) : null;
  return (
    <div>
      <PageHeader
        note={<DataAsOf />}
        title="督办"
        subtitle={`${unit.name}及下级单位收到的督办单和${user.unitName}发出的督办单。默认只列在办的（未办结、未撤销），答复期限最近的在前；逾期按北京时间的答复期限计算。`}
        actions={
          <>
            {can(user.role, "supervision:issue") ? <ButtonLink href="/supervision/new">下发督办</ButtonLink> : null}
            <ExportButton href={`/api/supervision/export?format=xlsx&${q({ page: undefined, unit: unit.code })}`} label="导出 Excel" testId="supervision-export-xlsx" />
            <ExportButton href={`/api/supervision/export?format=csv&${q({ page: undefined, unit: unit.code })}`} label="导出 CSV" />
          </>
        }
      />
      <div className="mb-3 flex flex-wrap gap-2 text-sm">
        {chips.map((c) => (
          <Link key={c.key} href={`/supervision?${q({ box: c.key || undefined, page: undefined })}`} aria-current={p.box === c.key ? "true" : undefined} className={chipClass(p.box === c.key)}>
            {c.label}
          </Link>
        ))}
        <Link href={`/supervision?${q({ overdue: p.overdue ? undefined : "1", page: undefined })}`} aria-current={p.overdue ? "true" : undefined} className={chipClass(!!p.overdue)}>
          只看逾期
        </Link>
      </div>
      <form className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-5" role="search">
        {p.box ? <input type="hidden" name="box" value={p.box} /> : null}
        {p.overdue ? <input type="hidden" name="overdue" value={p.overdue} /> : null}
        {sp.unit ? <input type="hidden" name="unit" value={unit.code} /> : null}
        <input name="q" defaultValue={p.q} placeholder="督办编号或事项" aria-label="关键词" className={cx(inputClass, "col-span-2")} />
        <Select
          name="status"
          defaultValue={p.status}
          aria-label="状态"
          empty={false}
          options={[{ value: "open", label: "在办（默认）" }, { value: "all", label: "全部" }, ...Object.entries(SUPERVISION_STATUS_LABELS).map(([value, label]) => ({ value, label }))]}
        />
        <Select name="level" defaultValue={p.level} aria-label="督办级别" empty="全部级别" options={Object.entries(SUPERVISION_LEVEL_LABELS).map(([value, label]) => ({ value, label }))} />
        <div className="col-span-2 flex gap-2 md:col-span-1">
          <button className={cx(buttonClass("primary"), "flex-1")}>筛选</button>
          <Link href="/supervision" className={cx(buttonClass("secondary"), "flex-1")}>
            重置
          </Link>
        </div>
      </form>
      {rows.length ? (
        <>
          <ul className="space-y-2 md:hidden" data-testid="supervision-cards">
            {rows.map((r) => (
              <li key={r.id} className={cx("rounded-lg border bg-white p-3 shadow-sm", r.flagged ? "border-red-400" : "border-slate-200")}>
                <Link href={supervisionHref(r.code)} className="block min-h-11 text-police-600 hover:underline">
                  <span className="mr-1 font-mono text-xs text-slate-500">{r.code}</span>
                  {r.subject}
                </Link>
                <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                  <StatusBadge tone={SUPERVISION_STATUS_TONES[r.status]}>{SUPERVISION_STATUS_LABELS[r.status]}</StatusBadge>
                  <Badge tone={r.level === "LISTED" ? "red" : r.level === "SUPERVISE" ? "amber" : "slate"}>{SUPERVISION_LEVEL_LABELS[r.level]}</Badge>
                  <span>答复期限 {formatDate(r.replyDue, { utcDate: true })}</span>
                  {overdueCell(r)}
                </div>
                <div className="mt-1 text-xs text-slate-500">
                  {r.issuerName} → {r.unitName}
                </div>
              </li>
            ))}
          </ul>
          <Table className="hidden md:block">
            <thead>
              <tr>
                <Th>督办事项</Th>
                <Th>级别</Th>
                <Th>下发单位</Th>
                <Th>承办单位</Th>
                <Th>答复期限</Th>
                <Th>状态</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="supervision-rows">
              {rows.map((r) => (
                <tr key={r.id} className={cx("hover:bg-slate-50", r.flagged && "bg-red-50")} data-flagged={r.flagged ? "true" : undefined}>
                  <Td className="min-w-64">
                    <Link href={supervisionHref(r.code)} className="text-police-600 hover:underline">
                      <span className="mr-1 font-mono text-xs text-slate-500">{r.code}</span>
                      {r.subject}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={r.level === "LISTED" ? "red" : r.level === "SUPERVISE" ? "amber" : "slate"}>{SUPERVISION_LEVEL_LABELS[r.level]}</Badge>
                  </Td>
                  <Td className="whitespace-nowrap">{r.issuerName}</Td>
                  <Td className="whitespace-nowrap">{r.unitName}</Td>
                  <Td className="whitespace-nowrap text-xs">
                    {formatDate(r.replyDue, { utcDate: true })}
                    <span className="block">{overdueCell(r)}</span>
                  </Td>
                  <Td>
                    <StatusBadge tone={SUPERVISION_STATUS_TONES[r.status]}>{SUPERVISION_STATUS_LABELS[r.status]}</StatusBadge>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : (
        <EmptyState title="没有符合条件的督办单">{p.status === "open" ? "在办的督办单中没有符合条件的；已办结、已撤销的可在「状态」中选「全部」。" : null}</EmptyState>
      )}
      <Pagination page={p.page} pageCount={pages} total={total} hrefFor={(n) => `/supervision?${q({ page: n })}`} />
    </div>
  );
}
