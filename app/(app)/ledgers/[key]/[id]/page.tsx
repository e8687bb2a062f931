import type { Metadata } from "next";
import Link from "@/components/link";
import { notFound } from "next/navigation";
import { LedgerForm } from "@/components/ledgers/ledger-form";
import { Badge, ButtonLink, Card, PageHeader } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { ledgerRecord } from "@/lib/ledgers/queries";
import { updateLedgerRecord } from "@/lib/ledgers/server-actions";
import { cellText, fieldLabels, formFields, inputValue } from "@/lib/ledgers/view";
import { ZFlagQuery, parseQuery } from "@/lib/http/query";
import { isBelow } from "@/lib/supervision/rules";
import { userScope } from "@/lib/auth/scope";

export const metadata: Metadata = { title: "台账记录" };

export default async function LedgerRecordPage({ params, searchParams }: { params: Promise<{ key: string; id: string }>; searchParams: Promise<{ created?: string }> }) {
  const user = await requirePermission("ledger:read");
  const { key, id } = await params;
  const config = ledgerConfig(key);
  if (!config) notFound();
  const { row, links, backlinks, unitName } = await ledgerRecord(config, user, Number(id));
  const linkCodes = Object.fromEntries(Object.entries(links).map(([k, v]) => [k, v.map((x) => x.code)]));
  const values = Object.fromEntries(config.fields.map((f) => [f.key, inputValue(f, row[f.key], linkCodes[f.key])]));
  const editable = can(user.role, "ledger:write");
  const { created } = parseQuery(ZFlagQuery, await searchParams);
  return (
    <div className="max-w-5xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href={`/ledgers/${config.key}`} className="hover:underline">
          {config.title}
        </Link>{" "}
        › {row.code as string}
      </nav>
      <PageHeader
        title={String(row[config.titleField] ?? row.code)}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono" data-testid="record-code">{row.code as string}</span>
            <span>· {unitName}</span>
            <span>· 最后修改 {formatDateTime(row.updatedAt as Date)}</span>
            {config.derived?.(row, new Date()).map((d) => (
              <Badge key={d.label} tone={d.tone}>
                {d.label}：{d.text}
              </Badge>
            ))}
          </span>
        }
        actions={
          can(user.role, "supervision:issue") && isBelow(userScope(user), row.unitPath as string) ? (
            <ButtonLink href={`/supervision/new?ledger=${config.key}&record=${row.id as number}`} variant="secondary">
              下发督办
            </ButtonLink>
          ) : undefined
        }
      />
      {created ? (
        <p className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700" role="status">
          已登记，编号 {row.code as string}。
        </p>
      ) : null}
      {Object.values(links).some((l) => l.length) || backlinks.length ? (
        <Card title="关联记录（情指行闭环）" className="mb-5">
          <ul className="space-y-1 text-sm" data-testid="links">
            {config.fields
              .filter((f) => f.type === "links" && links[f.key]?.length)
              .map((f) => (
                <li key={f.key}>
                  <span className="text-slate-500">{f.label}：</span>
                  {links[f.key].map((l, i) => (
                    <span key={l.code}>
                      {i ? "、" : ""}
                      {l.id ? (
                        <Link href={`/ledgers/${f.links!.ledger}/${l.id}`} className="font-mono text-police-600 hover:underline">
                          {l.code}
                        </Link>
                      ) : (
                        <span className="font-mono">{l.code}</span>
                      )}
                    </span>
                  ))}
                </li>
              ))}
            {backlinks.map((b) => (
              <li key={`${b.ledger}-${b.label}`}>
                <span className="text-slate-500">{b.title}：</span>
                {b.records.map((r, i) => (
                  <span key={r.id}>
                    {i ? "、" : ""}
                    <Link href={`/ledgers/${b.ledger}/${r.id}`} className="font-mono text-police-600 hover:underline">
                      {r.code}
                    </Link>
                    <span className="text-slate-500"> {r.title.slice(0, 30)}</span>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {row.warningReasons ? (
        <p className="mb-5 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">命案风险预警：{row.warningReasons as string}（{row.warningScore as number} 分）</p>
      ) : null}
      <Card title={editable ? "修改" : "详情"}>
        {editable ? (
          <LedgerForm ledger={config.key} action={updateLedgerRecord} fields={formFields(config)} values={values} record={{ id: row.id as number, version: row.version as number }} labels={fieldLabels(config)} />
        ) : (
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[8rem_1fr]">
            {config.fields.map((f) => (
              <div key={f.key} className="contents">
                <dt className="text-slate-500">{f.label}</dt>
                <dd className="whitespace-pre-wrap">{cellText(f, row, linkCodes) || "—"}</dd>
              </div>
            ))}
          </dl>
        )}
      </Card>
    </div>
  );
}
