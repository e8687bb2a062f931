// 民警 (县区/派出所): the day's to-do list, most urgent first, with the counts per kind on top.
import Link from "@/components/link";
import { PageHeader } from "@/components/ui";
import type { SessionUser } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { officerHome } from "@/lib/home/queries";
import { BACKLOG_DAYS, TODO_KINDS, TODO_KIND_LABELS, TODO_KIND_LISTS, countdown, isBacklog } from "@/lib/home/todo";
import { Empty, Section, WorkLine } from "./parts";

export async function OfficerHome({ user }: { user: SessionUser }) {
  const now = new Date();
  const { items, counts } = await officerHome(user, now);
  const total = TODO_KINDS.reduce((n, k) => n + counts[k], 0);
  const today = items.filter((i) => !isBacklog(i.due, now));
  const backlog = items.filter((i) => isBacklog(i.due, now));
  const line = (i: (typeof items)[number]) => {
    const c = countdown(i.due, now);
    return (
      <WorkLine
        key={i.key}
        dataKind={i.kind}
        href={i.href}
        kind={TODO_KIND_LABELS[i.kind]}
        code={i.code}
        title={i.title}
        status={{ text: c.text, tone: c.tone }}
        meta={i.unitName && i.unitName !== user.unitName ? i.unitName : undefined}
        note={i.note}
      />
    );
  };
  return (
    <div>
      <PageHeader title={`${user.unitName} · 我的待办`} subtitle={`最紧急的在最前：已逾期的、今天到期的，然后是 7 天内到期的；逾期超过 ${BACKLOG_DAYS} 天的列在「积压」中。点击一行打开记录。`} />
      <ul className="mb-6 grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="todo-counts" aria-label="各类待办数量">
        {TODO_KINDS.map((k) => (
          <li key={k}>
            <Link href={TODO_KIND_LISTS[k]} className="flex items-baseline justify-between gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 shadow-sm hover:border-police-200 max-md:min-h-11" data-testid={`count-${k}`}>
              <span className="text-sm text-slate-600">{TODO_KIND_LABELS[k]}</span>
              <span className={`text-lg font-semibold tabular-nums ${counts[k] ? "text-slate-900" : "text-slate-500"}`}>{formatCount(counts[k])}</span>
            </Link>
          </li>
        ))}
      </ul>
      <Section title="待办事项" count={total} testId="todo">
        {today.length ? (
          <ul className="divide-y divide-slate-100" data-testid="todo-list">
            {today.map(line)}
          </ul>
        ) : (
          <Empty>今天没有待办：没有退回的任务，7 天内没有到期的任务、节点和督办。</Empty>
        )}
        {total > items.length ? <p className="py-2 text-xs text-slate-500">每类列出最紧急的 10 条，其余见上方各类的清单。</p> : null}
      </Section>
      {backlog.length ? (
        <div className="mt-6">
          <Section title={`积压：逾期超过 ${BACKLOG_DAYS} 天`} count={backlog.length} testId="backlog">
            <p className="pb-2 text-xs text-slate-500">长期未办结的事项排在当天工作之后；请逐项办结、销号或在台账中更新进展。</p>
            <ul className="divide-y divide-slate-100" data-testid="backlog-list">
              {backlog.map(line)}
            </ul>
          </Section>
        </div>
      ) : null}
    </div>
  );
}
