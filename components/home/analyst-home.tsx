// 分析员: the reports due and the statistics that need checking.
import { PageHeader } from "@/components/ui";
import type { SessionUser } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { analystHome } from "@/lib/home/queries";
import { REPORT_DUE_DAY, STATS_DUE_DAY, countdown } from "@/lib/home/todo";
import { addDays } from "@/lib/time";
import { monthDate, addMonths, monthLabel } from "@/lib/stats/validate";
import { Empty, MoreLink, Section, WorkLine } from "./parts";

export async function AnalystHome({ user }: { user: SessionUser }) {
  const now = new Date();
  const d = await analystHome(user, now);
  const month = monthLabel(d.month);
  const reportDue = countdown(addDays(monthDate(addMonths(d.month, 1)), REPORT_DUE_DAY - 1), now);
  const statsDue = countdown(addDays(monthDate(addMonths(d.month, 1)), STATS_DUE_DAY - 1), now);
  return (
    <div>
      <PageHeader title={`${user.unitName} · 报告与数据核查`} subtitle={`${month}的月报、定期生成和月度统计的核查提示。`} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Section title="待编制的报告" count={(d.report ? 1 : 0) + d.schedules.length} testId="reports-due" actions={<MoreLink href="/reports">报告归档</MoreLink>}>
          {d.report || d.schedules.length ? (
            <ul className="divide-y divide-slate-100">
              {d.report ? (
                <WorkLine href={`/reports/view?unit=${d.report.unitCode}&period=${d.report.period}`} kind="月报" code={d.report.period} title={`${d.report.unitName}${month}工作月报尚未生成归档`} status={{ text: reportDue.text, tone: reportDue.tone }} note="打开报告后生成并归档" />
              ) : null}
              {d.schedules.map((s) => {
                const c = countdown(s.due, now);
                return <WorkLine key={s.id} href="/reports/schedules" kind="定期生成" code={`每月 ${s.dayOfMonth} 日`} title={`${s.unitName}${month}月报`} status={{ text: s.lastError ? "生成失败" : c.text, tone: s.lastError ? "red" : c.tone }} note={s.lastError ?? undefined} />;
              })}
            </ul>
          ) : (
            <Empty>{month}的月报已归档，定期生成均已完成。</Empty>
          )}
        </Section>
        <Section title="尚未填报的单位" count={d.missing.total} testId="stats-missing" actions={<MoreLink href={`/stats?month=${d.month}`}>月度统计</MoreLink>}>
          {d.missing.rows.length ? (
            <>
              <p className="pt-1 text-xs text-slate-500">{month}：应报 {formatCount(d.missing.expected)} 个单位，未报 {formatCount(d.missing.total)} 个。</p>
              <ul className="divide-y divide-slate-100">
                {d.missing.rows.map((u) => (
                  <WorkLine key={u.code} href={`/stats/entry?unit=${u.code}&month=${d.month}`} title={u.name} status={{ text: statsDue.text, tone: statsDue.tone }} note="未填报" />
                ))}
              </ul>
            </>
          ) : (
            <Empty>{month}应报单位均已填报。</Empty>
          )}
        </Section>
        <Section title="数据核查提示" count={d.warnings.total} testId="stats-warnings">
          {d.warnings.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {d.warnings.rows.map((w, i) => (
                <WorkLine key={`${w.unitCode}-${w.metric}-${i}`} href={`/stats/entry?unit=${w.unitCode}&month=${d.month}`} kind={w.unitName} title={`${w.metric}：${w.message}`} status={{ text: "待核实", tone: "amber" }} />
              ))}
            </ul>
          ) : (
            <Empty>{month}的数据没有需要核实的提示。</Empty>
          )}
        </Section>
      </div>
    </div>
  );
}
