// 指挥员: what needs a decision today, above the way into the cockpit.
import Link from "@/components/link";
import { PageHeader, buttonClass } from "@/components/ui";
import type { SessionUser } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { commanderHome } from "@/lib/home/queries";
import { countdown, waitedText } from "@/lib/home/todo";
import { Empty, MoreLink, Section, WorkLine } from "./parts";
import { StatusBadge } from "@/components/status";

export async function CommanderHome({ user }: { user: SessionUser }) {
  const now = new Date();
  const d = await commanderHome(user, now);
  const decisions = d.overdue.total + d.listed.total + d.review.total + d.replies.total + d.redUnits.length;
  return (
    <div>
      <PageHeader title={`${user.unitName} · 今日决策`} subtitle={decisions ? "逾期督办、挂牌督办、报到本单位的事项和红色单位。" : "今天没有需要决策的事项。"} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Section title="逾期督办" count={d.overdue.total} testId="overdue-supervision" actions={<MoreLink href="/supervision" />}>
          {d.overdue.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {d.overdue.rows.map((s) => {
                const c = countdown(s.replyDue, now);
                return <WorkLine key={s.id} href={`/supervision/${s.code}`} kind={s.levelLabel} code={s.code} title={s.subject} status={{ text: c.text, tone: c.tone }} meta={`${s.issuerName} → ${s.unitName}`} />;
              })}
            </ul>
          ) : (
            <Empty>本单位及下级没有逾期未答复的督办。</Empty>
          )}
        </Section>
        <Section title="挂牌督办" count={d.listed.total} testId="listed-supervision">
          {d.listed.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {d.listed.rows.map((s) => {
                const c = countdown(s.replyDue, now);
                return <WorkLine key={s.id} href={`/supervision/${s.code}`} code={s.code} title={s.subject} status={{ text: s.status === "REPLIED" ? "已答复待验收" : c.text, tone: s.status === "REPLIED" ? "amber" : c.tone }} meta={`${s.issuerName} → ${s.unitName}`} />;
              })}
            </ul>
          ) : (
            <Empty>没有未办结的挂牌督办。</Empty>
          )}
        </Section>
        <Section title="报到本单位的事项" count={d.review.total + d.replies.total} testId="escalated" actions={<MoreLink href="/reviews">待审核</MoreLink>}>
          {d.review.rows.length || d.replies.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {d.replies.rows.map((s) => (
                <WorkLine key={`s${s.id}`} href={`/supervision/${s.code}`} kind="督办答复" code={s.code} title={s.subject} status={{ text: waitedText(s.repliedAt, now).replace("今天提交", "今天答复"), tone: "amber" }} meta={s.unitName} />
              ))}
              {d.review.rows.map((a) => (
                <WorkLine key={`t${a.id}`} href={`/tasks/${a.id}`} kind="待审核" code={a.task.code} title={a.task.title} status={{ text: waitedText(a.submittedAt, now), tone: "amber" }} meta={a.unit.name} />
              ))}
            </ul>
          ) : (
            <Empty>没有等待本单位审核或验收的事项。</Empty>
          )}
        </Section>
        <Section title="红色单位" count={d.redUnits.length} testId="red-units" actions={<MoreLink href="/battle-map">挂图作战</MoreLink>}>
          {d.redUnits.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {d.redUnits.slice(0, 10).map((u) => (
                <li key={u.code} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <Link href={`/cockpit/${u.code}`} className="text-slate-900 hover:text-police-600 hover:underline max-md:min-h-11 max-md:py-2">
                    {u.name}
                  </Link>
                  <StatusBadge tone="red">
                    红 {formatCount(u.red)} 项（逾期或退回）/ 共 {formatCount(u.total)} 项
                  </StatusBadge>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>下级单位没有逾期或退回的任务。</Empty>
          )}
        </Section>
      </div>
      <div className="mt-6 rounded-lg border border-police-200 bg-police-50 p-4 sm:flex sm:items-center sm:justify-between">
        <p className="text-sm text-slate-700">案件统计、矛盾纠纷化解、包抓联企业、情指行闭环和绩效考评的指标，按 {user.unitName} 及下级单位汇总。</p>
        <Link href="/cockpit" className={`${buttonClass("primary")} mt-3 sm:mt-0`} data-testid="cockpit-link">
          进入指挥驾驶舱
        </Link>
      </div>
    </div>
  );
}
