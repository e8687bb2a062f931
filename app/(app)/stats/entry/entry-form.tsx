"use client";
// The monthly entry form: one input per metric (fields `v.<metric>`, with the version each value was loaded at in
// `ver.<metric>`), last month and the same month last year beside each. Errors show in red under the fields and
// block; warnings show in amber and bring up the 「数据已核实」 checkbox. Nothing typed is ever cleared.
import { useState } from "react";
import { ActionForm, FormMessage, SubmitButton, useFormResult } from "@/components/forms/action-form";
import { Field, Input } from "@/components/forms/field";
import { cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";
import type { StatCategory, StatMetric } from "@/lib/stats/catalogue";
import { WARN_MESSAGE } from "@/lib/stats/validate";

interface Props {
  action: (f: FormData) => Promise<ActionResult<unknown>>;
  unitId: number;
  month: string;
  categories: StatCategory[];
  values: Record<string, string>;
  versions: Record<string, number>;
  previous: Record<string, number>;
  lastYear: Record<string, number>;
  previousLabel: string;
  lastYearLabel: string;
}

const isWarning = (r: ActionResult<unknown> | null) => !!r && !r.ok && r.code === "INVALID" && r.error === WARN_MESSAGE;

function show(v: number | undefined, m: StatMetric) {
  if (v === undefined) return "—";
  return v.toLocaleString("zh-CN", m.decimals ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 0 });
}

export function EntryForm(props: Props) {
  const [versions, setVersions] = useState(props.versions);
  const [confirmed, setConfirmed] = useState(false);
  const labels = Object.fromEntries(props.categories.flatMap((c) => c.metrics.map((m) => [m.key, `${c.label}${m.label}`])));
  return (
    <ActionForm
      action={props.action}
      className="space-y-4"
      // the draft is of these values as loaded: once anyone saves a value of this month (a version moves), it is stale
      draft={{ id: `stats:${props.unitId}:${props.month}`, version: Object.values(versions).reduce((a, b) => a + b, 0) }}
      onSuccess={(r) => {
        const data = r.data as { versions?: Record<string, number> };
        if (data.versions) setVersions(data.versions);
        setConfirmed(false);
      }}
    >
      <input type="hidden" name="unitId" value={props.unitId} />
      <input type="hidden" name="month" value={props.month} />
      {props.categories.flatMap((c) => c.metrics).map((m) => (
        <input key={m.key} type="hidden" name={`ver.${m.key}`} value={versions[m.key] ?? 0} />
      ))}
      <Summary labels={labels} />
      {/* any edit after warnings asks for a fresh confirmation */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" onChange={(e) => (e.target as HTMLElement).getAttribute("name")?.startsWith("v.") && setConfirmed(false)}>
        {props.categories.map((c) => (
          <section key={c.key} className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <header className="border-b border-slate-100 px-4 py-2.5">
              <h2 className="text-sm font-semibold text-slate-800">{c.label}</h2>
            </header>
            <div className="space-y-3 p-4">
              {c.metrics.map((m) => (
                <MetricField key={m.key} metric={m} defaultValue={props.values[m.key] ?? ""} previous={props.previous[m.key]} lastYear={props.lastYear[m.key]} previousLabel={props.previousLabel} lastYearLabel={props.lastYearLabel} />
              ))}
            </div>
          </section>
        ))}
      </div>
      <Confirm confirmed={confirmed} onChange={setConfirmed} />
      <Summary labels={labels} compact />
      <div className="flex items-center gap-3">
        <SubmitButton>保存</SubmitButton>
        <span className="text-xs text-slate-500">保存时只写入有变化的数据；清空某项表示该项未填报。</span>
      </div>
    </ActionForm>
  );
}

function MetricField({ metric: m, defaultValue, previous, lastYear, previousLabel, lastYearLabel }: { metric: StatMetric; defaultValue: string; previous?: number; lastYear?: number; previousLabel: string; lastYearLabel: string }) {
  const { result } = useFormResult();
  const name = `v.${m.key}`;
  const message = result && !result.ok ? result.fieldErrors?.[name] : undefined;
  const warn = isWarning(result);
  const id = `f-${m.key.replace(/\./g, "-")}`;
  return (
    <Field
      name={name}
      id={id}
      layout="inline"
      label={
        <>
          {m.label}
          <span className="ml-0.5 text-xs text-slate-500">（{m.unit}）</span>
        </>
      }
      hint={`${previousLabel} ${show(previous, m)} · ${lastYearLabel} ${show(lastYear, m)}${m.kind === "stock" ? " · 存量（截至月末）" : ""}`}
      error={warn ? undefined : message}
      warning={warn ? message : undefined}
    >
      <Input
        type="text"
        inputMode={m.decimals ? "decimal" : "numeric"}
        autoComplete="off"
        defaultValue={defaultValue}
        placeholder={m.decimals ? "0.00" : "0"}
        data-warning={warn && message ? true : undefined}
        className="text-right tabular-nums data-[warning=true]:border-amber-500"
      />
    </Field>
  );
}

function Confirm({ confirmed, onChange }: { confirmed: boolean; onChange: (v: boolean) => void }) {
  const { result } = useFormResult();
  if (!isWarning(result)) return null;
  return (
    <label className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="confirm-box">
      <input type="checkbox" name="confirm" value="1" checked={confirmed} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4" />
      数据已核实（上述提示的数据确认无误，仍按填写的数值保存）
    </label>
  );
}

/** What happened, in one place: saved, blocked by errors (listed), or warnings to confirm (listed). */
function Summary({ labels, compact = false }: { labels: Record<string, string>; compact?: boolean }) {
  const { result } = useFormResult();
  if (!result) return null;
  if (result.ok && compact)
    return result.message ? (
      <p className="text-sm text-emerald-700" role="status">
        {result.message}
      </p>
    ) : null;
  if (result.ok || result.code === "CONFLICT" || !result.fieldErrors) return compact ? null : <FormMessage labels={labels} />;
  const order = Object.keys(labels);
  const rank = (k: string) => (k.startsWith("v.") ? order.indexOf(k.slice(2)) : -1);
  const items = Object.entries(result.fieldErrors)
    .filter(([k]) => k !== "confirm")
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, msg]) => [k.startsWith("v.") ? (labels[k.slice(2)] ?? k) : k === "month" ? "月份" : k === "unitId" ? "单位" : k, msg] as const);
  const warn = isWarning(result);
  if (compact) {
    return (
      <p className={cx("text-sm", warn ? "text-amber-800" : "text-red-700")} role="status">
        {warn ? `有 ${items.length} 项数据需要核实，请勾选「数据已核实」后再保存。` : `有 ${items.length} 项数据有误，未保存任何数据。`}
      </p>
    );
  }
  return (
    <div className={cx("rounded-md px-3 py-2 text-sm", warn ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-700")} role="alert" data-testid="entry-summary">
      <p className="font-medium">{result.error}</p>
      {items.length ? (
        <ul className="mt-1 list-inside list-disc text-xs">
          {items.map(([label, msg]) => (
            <li key={label}>
              {label}：{msg}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
