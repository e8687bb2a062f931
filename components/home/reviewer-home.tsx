// 审核人: the queue of work submitted to the unit, oldest first, with how long each has waited and its level in the
// review chain; each opens the task with 「下一条」 after the decision (?from=queue).
import { PageHeader } from "@/components/ui";
import type { SessionUser } from "@/lib/auth/session";
import { formatCount, formatDate } from "@/lib/format";
import { reviewerHome } from "@/lib/home/queries";
import { countdown, waitedText } from "@/lib/home/todo";
import { dayOf } from "@/lib/home/todo";
import { daysUntil } from "@/lib/time";
import { Empty, MoreLink, Section, WorkLine } from "./parts";

export async function ReviewerHome({ user }: { user: SessionUser }) {
  const now = new Date();
  const { queue, replies } = await reviewerHome(user);
  return (
    <div>
      <PageHeader title={`${user.unitName} · 待我审核`} subtitle="先提交的先审。打开一条，审核通过或退回后直接进入下一条。" />
      <div className="space-y-6">
        <Section title="审核队列" count={queue.total} testId="review-queue" actions={<MoreLink href="/reviews" />}>
          {queue.items.length ? (
            <ol className="divide-y divide-slate-100" data-testid="queue-list">
              {queue.items.map((q) => {
                const waited = q.submittedAt ? -daysUntil(dayOf(q.submittedAt), now) : 0;
                const due = countdown(q.deadline, now);
                return (
                  <WorkLine
                    key={q.id}
                    testId="queue-item"
                    href={`/tasks/${q.id}?from=queue`}
                    code={q.code}
                    title={q.title}
                    status={{ text: waitedText(q.submittedAt, now), tone: waited >= 7 ? "red" : waited >= 3 ? "amber" : "blue" }}
                    meta={`${q.unitName} · 第 ${q.level} 级审核（共 ${q.levels} 级${q.level === q.levels ? "，本级销号" : ""}）`}
                    note={`时限 ${formatDate(q.deadline, { utcDate: true })}（${due.text}）`}
                  />
                );
              })}
            </ol>
          ) : (
            <Empty>审核队列已清空：没有等待本单位审核的任务。</Empty>
          )}
          {queue.total > queue.items.length ? <p className="py-2 text-xs text-slate-500">列出最早提交的 {formatCount(queue.items.length)} 条，全部见「待我审核」。</p> : null}
        </Section>
        <Section title="督办答复待验收" count={replies.total} testId="replies" actions={<MoreLink href="/supervision" />}>
          {replies.rows.length ? (
            <ul className="divide-y divide-slate-100">
              {replies.rows.map((s) => (
                <WorkLine key={s.id} href={`/supervision/${s.code}`} kind={s.levelLabel} code={s.code} title={s.subject} status={{ text: waitedText(s.repliedAt, now).replace("今天提交", "今天答复"), tone: "amber" }} meta={s.unitName} />
              ))}
            </ul>
          ) : (
            <Empty>没有等待验收的督办答复。</Empty>
          )}
        </Section>
      </div>
    </div>
  );
}
