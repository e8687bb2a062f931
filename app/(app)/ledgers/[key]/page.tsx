import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import type { LedgerConfig } from "@/lib/ledgers/types";
import Link from "@/components/link";
import { Select } from "@/components/forms/field";
import { notFound } from "next/navigation";
import { ColumnChooser } from "@/components/column-chooser";
import { ExportButton } from "@/components/export-button";
import { SavedFilters } from "@/components/saved-filters";
import { Badge, ButtonLink, EmptyState, PageHeader, Pagination, Table, Td, Th, buttonClass, cx, inputClass } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { ledgerFilterQuery, ledgerPage, parseLedgerParams } from "@/lib/ledgers/queries";
import { cellText } from "@/lib/ledgers/view";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";

type Params = { params: Promise<{ key: string }>; searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: ledgerConfig((await params).key)?.title ?? "台账" };
}

const DIRECTIONS = [
  { value: "desc", label: "从新到旧" },
  { value: "asc", label: "从旧到新" },
];

/** A list sorts by its main date or by code. */
function sortOptions(config: LedgerConfig) {
  return [
    { value: config.dateField, label: `按${config.fields.find((f) => f.key === config.dateField)?.label ?? "日期"}` },
    { value: "code", label: "按编号" },
  ];
}

export default async function LedgerListPage({ params, searchParams }: Params) {
  const user = await requirePermission("ledger:read");
  const config = ledgerConfig((await params).key);
  if (!config) notFound();
  const sp = await searchParams;
  const unit = await resolveViewUnit(user, sp.unit);
  return (
    <Suspense fallback={<PageLoading what="台账" />}>
      <LedgerList user={user} config={config} sp={sp} unit={unit} />
    </Suspense>
  );
}

async function LedgerList({ user, config, sp, unit }: { user: SessionUser; config: LedgerConfig; sp: Record<string, string | undefined>; unit: ViewUnit }) {
  const p = parseLedgerParams(config, sp);
  const { rows, total, pageCount } = await ledgerPage(config, unit.scope, p);
  const now = new Date();
  const listFields = config.fields.filter((f) => f.list);
  // at 1366 px a list shows its first five columns, its title and its status-like columns; the rest are optional
  // (hidden below 1536 px, shown by the column chooser), so no list scrolls sideways or cuts off its status
  const optional = new Set(listFields.filter((f, i) => i >= 5 && f.key !== config.titleField && !/status|stage|result|risk|grade/i.test(f.key)).map((f) => f.key));
  const colClass = (key: string) => (optional.has(key) ? "max-2xl:hidden" : undefined);
  const query = (over: Record<string, string | number | undefined>) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...sp, ...over })) if (v !== undefined && v !== "") merged[k] = String(v);
    return new URLSearchParams(merged).toString();
  };
  const exportQuery = query({ page: undefined });
  const filter = ledgerFilterQuery(config, p);
  return (
    <div>
      <PageHeader
        note={<DataAsOf />}
        title={config.title}
        subtitle={`${unit.name}及下级单位 · ${config.description}`}
        actions={
          <>
            {can(user.role, "ledger:write") ? <ButtonLink href={`/ledgers/${config.key}/new`}>登记</ButtonLink> : null}
            {can(user.role, "ledger:import") ? (
              <ButtonLink href={`/ledgers/${config.key}/import`} variant="secondary">
                导入
              </ButtonLink>
            ) : null}
            {can(user.role, "ledger:export") ? (
              <>
                <ExportButton href={`/api/ledgers/${config.key}/export?format=xlsx&${exportQuery}`} label="导出 Excel" testId="export-xlsx" />
                <ExportButton href={`/api/ledgers/${config.key}/export?format=csv&${exportQuery}`} label="导出 CSV" testId="export-csv" />
              </>
            ) : null}
          </>
        }
      />
      <SavedFilters list={`ledger:${config.key}`} user={user} current={filter} here={`/ledgers/${config.key}?${filter}`} />
      {config.presets?.length ? (
        <div className="mb-3 flex flex-wrap gap-2 text-sm">
          <Link href={`/ledgers/${config.key}?${query({ preset: undefined, page: undefined })}`} className={cx("inline-flex items-center justify-center rounded-full border px-3 py-1 max-md:min-h-11 max-md:min-w-11", !p.preset ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white")}>
            全部
          </Link>
          {config.presets.map((x) => (
            <Link key={x.key} href={`/ledgers/${config.key}?${query({ preset: x.key, page: undefined })}`} className={cx("inline-flex items-center justify-center rounded-full border px-3 py-1 max-md:min-h-11 max-md:min-w-11", p.preset === x.key ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white")}>
              {x.label}
            </Link>
          ))}
        </div>
      ) : null}
      {/* keyed by the filter: a client-side navigation (a saved filter, a preset) shows its values, not the last ones typed */}
      <form key={filter} className="mb-4 grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-6" role="search">
        {p.preset ? <input type="hidden" name="preset" value={p.preset} /> : null}
        <input name="q" defaultValue={p.q} placeholder="关键词或编号" aria-label="关键词" className={cx(inputClass, "col-span-2")} />
        {config.fields
          .filter((f) => f.filter)
          .map((f) =>
            f.type === "enum" || f.type === "bool" ? (
              <Select
                key={f.key}
                name={f.key}
                defaultValue={p.filters[f.key] ?? ""}
                aria-label={f.label}
                empty={`${f.label}：全部`}
                options={(f.type === "bool" ? [{ value: "true", label: "是" }, { value: "false", label: "否" }] : (f.options ?? [])).map((o) => ({ value: o.value, label: `${f.label}：${o.label}` }))}
              />
            ) : (
              <div key={f.key} className="col-span-2 flex min-w-0 flex-wrap items-center gap-1 text-xs text-slate-500 md:flex-nowrap">
                <span className="w-full shrink-0 md:w-auto">{f.label}</span>
                <input type="date" name={`${f.key}_from`} defaultValue={p.filters[`${f.key}_from`]} aria-label={`${f.label}起`} className={cx(inputClass, "min-w-0 flex-1")} />
                <span>至</span>
                <input type="date" name={`${f.key}_to`} defaultValue={p.filters[`${f.key}_to`]} aria-label={`${f.label}止`} className={cx(inputClass, "min-w-0 flex-1")} />
              </div>
            ),
          )}
        <Select name="sort" defaultValue={p.sort} aria-label="排序" empty={false} options={sortOptions(config)} />
        <Select name="dir" defaultValue={p.dir} aria-label="顺序" empty={false} options={DIRECTIONS} />
        <div className="flex gap-2">
          <button className={buttonClass("primary")}>筛选</button>
          <Link href={`/ledgers/${config.key}`} className={buttonClass("secondary")}>
            重置
          </Link>
        </div>
      </form>
      {rows.length && optional.size ? <ColumnChooser tableId={`ledger-${config.key}`} storageKey={config.key} columns={listFields.filter((f) => optional.has(f.key)).map((f) => ({ key: f.key, label: f.label }))} /> : null}
      {rows.length ? (
        <Table id={`ledger-${config.key}`} stack>
          <thead>
            <tr>
              <Th>编号</Th>
              <Th>单位</Th>
              {listFields.map((f) => (
                <Th key={f.key} data-col={optional.has(f.key) ? f.key : undefined} className={colClass(f.key)}>
                  {f.label}
                </Th>
              ))}
              {config.derived ? <Th>提示</Th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="ledger-rows">
            {rows.map((r) => (
              <tr key={r.id as number} className="hover:bg-slate-50">
                <Td className="whitespace-nowrap font-mono text-xs" label="编号">
                  <Link href={`/ledgers/${config.key}/${r.id as number}`} className="text-police-600 hover:underline">
                    {r.code as string}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap text-xs" label="单位">
                  {r.unitName}
                </Td>
                {listFields.map((f) => (
                  <Td key={f.key} label={f.label} data-col={optional.has(f.key) ? f.key : undefined} className={cx(f.key === config.titleField ? "min-w-48" : f.type === "text" ? "min-w-24" : "whitespace-nowrap", colClass(f.key))}>
                    {cellText(f, r, r.links)}
                  </Td>
                ))}
                {config.derived ? (
                  <Td className="whitespace-nowrap" label="提示">
                    <span className="flex flex-wrap gap-1">
                      {config.derived(r, now).map((d) => (
                        <Badge key={d.label} tone={d.tone}>
                          {d.text}
                        </Badge>
                      ))}
                    </span>
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="没有符合条件的记录">{p.q || Object.keys(p.filters).length || p.preset ? "换个条件试试，或点「重置」。" : "本单位尚未登记。"}</EmptyState>
      )}
      <Pagination page={p.page} pageCount={pageCount} total={total} hrefFor={(n) => `/ledgers/${config.key}?${query({ page: n })}`} />
    </div>
  );
}
