import type { Metadata } from "next";
import Link from "@/components/link";
import { Field, Input } from "@/components/forms/field";
import { Card, PageHeader, buttonClass } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { STAT_CATEGORIES, STAT_METRIC_MAP } from "@/lib/stats/catalogue";
import { entryRules, entryUnitsBelow, storedMonths, valuesOnly } from "@/lib/stats/queries";
import { saveStats } from "@/lib/stats/server-actions";
import { MIN_MONTH, NOT_ENTERABLE_MESSAGE, addMonths, enterableMetrics, isMonthString, lastCompletedMonth, monthError, monthLabel } from "@/lib/stats/validate";
import { resolveViewUnit } from "@/lib/units/queries";
import { EntryForm } from "./entry-form";
import { ZStatsQuery, parseQuery } from "@/lib/http/query";


export const metadata: Metadata = { title: "月度统计填报" };

export default async function StatsEntryPage({ searchParams }: { searchParams: Promise<{ unit?: string; month?: string }> }) {
  const user = await requirePermission("stats:write");
  const sp = parseQuery(ZStatsQuery, await searchParams);
  const unit = await resolveViewUnit(user, sp.unit);
  const last = lastCompletedMonth();
  const month = isMonthString(sp.month) ? sp.month : last;
  const allowed = new Set(enterableMetrics(await entryRules(unit)));
  const enterable = allowed.size > 0;
  const problem = monthError(month);

  const monthPicker = (
    <form className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <input type="hidden" name="unit" value={unit.code} />
      <Field name="month" label="填报月份" layout="bar" controlClassName="w-44">
        <Input type="month" min={MIN_MONTH} max={last} defaultValue={month} />
      </Field>
      <button className={buttonClass("primary", "sm")}>切换</button>
      <span className="ml-auto text-xs text-slate-500">只能填报已结束的月份（北京时间），最近为 {monthLabel(last)}。</span>
    </form>
  );
  const nav = (
    <nav className="mb-3 text-sm text-slate-500">
      <Link href={`/stats?${new URLSearchParams({ unit: unit.code, month: problem ? last : month })}`} className="hover:underline">
        月度统计
      </Link>{" "}
      › 填报
    </nav>
  );

  // the units below that enter their own figures (for a 市州 or the province); stations are reached through their county
  const below = await entryUnitsBelow(unit);
  const chooser = (
    <Card title="选择下级填报单位" className="mt-6">
      {below.length ? (
        <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm md:grid-cols-4">
          {below.map((u) => (
            <li key={u.id}>
              <Link href={`/stats/entry?${new URLSearchParams({ unit: u.code, month: problem ? last : month })}`} className="text-police-600 hover:underline">
                {u.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">本单位下没有可填报的单位。</p>
      )}
      {unit.level === "PROVINCE" ? <p className="mt-3 text-xs text-slate-500">派出所的数据请先选择所属县区或市州，再选择派出所填报。</p> : null}
    </Card>
  );

  if (!enterable) {
    return (
      <div className="max-w-5xl">
        {nav}
        <PageHeader title={`填报 · ${unit.name}`} subtitle={NOT_ENTERABLE_MESSAGE} />
        {chooser}
      </div>
    );
  }

  if (problem || !unit.active) {
    return (
      <div className="max-w-5xl">
        {nav}
        <PageHeader title={`填报 · ${unit.name}`} />
        {monthPicker}
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="alert">
          {unit.active ? problem : "该单位已停用，不能填报。"}
        </p>
      </div>
    );
  }

  const prev = addMonths(month, -1);
  const lastYear = addMonths(month, -12);
  const stored = await storedMonths(unit.id, [month, prev, lastYear]);
  const current = stored.get(month)!;
  return (
    <div className="max-w-5xl">
      {nav}
      <PageHeader
        title={`填报 · ${unit.name} · ${monthLabel(month)}`}
        subtitle={`${unit.level === "PROVINCE" ? "省厅本级只登记公安政务服务事项（全省政策），案件等数据由下级单位填报汇总。" : "填写本单位（本级）当月数据；不填表示未填报。金额以万元计，最多两位小数；其余为整数。"}保存前系统按校验规则检查，疑似异常的数据需勾选「数据已核实」后才能保存。`}
      />
      {monthPicker}
      <EntryForm
        action={saveStats}
        unitId={unit.id}
        month={month}
        categories={STAT_CATEGORIES.map((c) => ({ ...c, metrics: c.metrics.filter((m) => allowed.has(m.key)) })).filter((c) => c.metrics.length)}
        values={Object.fromEntries(Object.entries(current).map(([k, v]) => [k, STAT_METRIC_MAP.get(k)?.decimals ? v.value.toFixed(2) : String(v.value)]))}
        versions={Object.fromEntries(Object.entries(current).map(([k, v]) => [k, v.version]))}
        previous={valuesOnly(stored.get(prev))}
        lastYear={valuesOnly(stored.get(lastYear))}
        previousLabel={monthLabel(prev)}
        lastYearLabel={monthLabel(lastYear)}
      />
      {below.length ? chooser : null}
    </div>
  );
}
