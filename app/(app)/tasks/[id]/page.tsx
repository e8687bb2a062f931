import type { Metadata } from "next";
import Link from "@/components/link";
import { EvidenceLinks } from "@/components/evidence-links";
import { Badge, ButtonLink, Card, PageHeader, buttonClass } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { contains, narrowScope, userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { formatDateCn, formatDateTime } from "@/lib/format";
import { assignedUnitIds, taskDetail } from "@/lib/tasks/queries";
import { allowedDecisions, canSubdivide, isLocked } from "@/lib/tasks/rules";
import { addProgress, assignTask, reviewTask, saveMilestone, submitTask, updateResponsibility } from "@/lib/tasks/server-actions";
import { DUTY_LABELS, ROLE_LABELS_TASK, STATUS_LABELS, assignmentRag, countdownText, isAssignmentOverdue } from "@/lib/tasks/status";
import { isBelow } from "@/lib/supervision/rules";
import { isPastDay } from "@/lib/time";
import { listUnitsInScope } from "@/lib/units/queries";
import { nextInQueue } from "@/lib/home/queries";
import { ZFromQuery, parseQuery } from "@/lib/http/query";
import { AddMilestoneForm, AssignForm, MilestoneRow, ProgressForm, ResponsibilityForm, ReviewForm, SubmitForm } from "./task-forms";

export const metadata: Metadata = { title: "任务详情" };

const RAG_TONE = { red: "red", amber: "amber", green: "green" } as const;
const DECISION = { SUBMIT: "提交审核", ACCEPT: "审核通过", CLOSE: "销号", RETURN: "退回" } as const;

export default async function TaskPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string }> }) {
  const user = await requirePermission("task:read");
  const a = await taskDetail(user, Number((await params).id));
  const { from } = parseQuery(ZFromQuery, await searchParams);
  const now = new Date();
  const rag = assignmentRag(a, now);
  const locked = isLocked(a.status, a.carriedOverAt);
  const canUpdate = can(user.role, "task:update") && !locked;
  const may = allowedDecisions(a, user);
  const canReview = can(user.role, "task:review") && may.review;
  const canReopen = can(user.role, "task:review") && may.reopen;
  // opened from the reviewer's queue and decided: offer the next item, oldest first, until the queue is empty
  const queue = from === "queue" && can(user.role, "task:review") && !canReview ? await nextInQueue(user, a.id) : null;
  const canAssign = can(user.role, "task:assign") && canSubdivide(a.status, a.carriedOverAt);
  const sub = narrowScope(userScope(user), a.unitPath);
  const below = canAssign && sub ? (await listUnitsInScope(user)).filter((u) => contains(sub, u.path) && u.path !== a.unitPath && u.active) : [];
  const assigned = sub && below.length ? await assignedUnitIds(a.taskId, sub) : new Set<number>();
  const deadline = a.deadline.toISOString().slice(0, 10);
  return (
    <div>
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/tasks" className="hover:underline">
          任务清单
        </Link>{" "}
        › {a.task.code}
      </nav>
      <PageHeader
        title={`${a.task.code} ${a.task.title}`}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span>
              {a.unit.name} · {ROLE_LABELS_TASK[a.role]} · {DUTY_LABELS[a.dutyType]} · 交办单位 {a.assignedBy.name}
            </span>
            <Badge tone={a.status === "CLOSED" ? "green" : a.status === "RETURNED" ? "red" : a.status === "PENDING_REVIEW" ? "amber" : "blue"}>
              <span data-testid="task-status">{STATUS_LABELS[a.status]}</span>
            </Badge>
            <Badge tone={RAG_TONE[rag]}>{isAssignmentOverdue(a, now) ? "逾期" : countdownText(a.deadline, a.status, now)}</Badge>
          </span>
        }
        actions={
          can(user.role, "supervision:issue") && isBelow(userScope(user), a.unitPath) ? (
            <ButtonLink href={`/supervision/new?assignment=${a.id}`} variant="secondary">
              下发督办
            </ButtonLink>
          ) : undefined
        }
      />
      {queue ? <QueueNext next={queue.next} remaining={queue.remaining} /> : null}
      {a.predecessor ? (
        <p className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="carried-from">
          结转自 {a.predecessor.task.plan.name} 任务{" "}
          <Link href={`/tasks/${a.predecessor.id}`} className="text-police-600 underline">
            {a.predecessor.task.code} {a.predecessor.task.title}
          </Link>
          （原状态 {STATUS_LABELS[a.predecessor.status]}，原进度 {a.predecessor.progress}%；原有进展、佐证材料和审核记录见原任务）
        </p>
      ) : null}
      {a.carriedOverAt ? (
        <p className="mb-4 rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800" role="status" data-testid="carried-to">
          <Badge tone="slate">已结转</Badge> {formatDateTime(a.carriedOverAt)} 由 {!a.carriedOverBy || a.carriedOverBy === "system" ? "系统（规划导入）" : a.carriedOverBy} 结转
          {a.successor ? (
            <>
              至 {a.successor.task.plan.name} 任务{" "}
              <Link href={`/tasks/${a.successor.id}`} className="text-police-600 underline">
                {a.successor.task.code} {a.successor.task.title}
              </Link>
            </>
          ) : null}
          。本任务只读，进展、佐证材料和审核记录保留如下。
        </p>
      ) : null}
      {a.status === "RETURNED" && a.lastReason ? (
        <p className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="status" data-testid="return-reason">
          已被退回：{a.lastReason}
        </p>
      ) : null}
      {a.status === "PENDING_REVIEW" ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          已于 {formatDateTime(a.submittedAt)} 提交，等待 {a.reviewUnit?.name} 审核。审核期间内容锁定。
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="任务与目标">
            <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-[7rem_1fr]">
              <dt className="text-slate-500">所属举措</dt>
              <dd>
                第{a.task.measure.area.code}方面 {a.task.measure.area.name} › {a.task.measure.code} {a.task.measure.name}
              </dd>
              <dt className="text-slate-500">任务内容</dt>
              <dd>{a.task.description ?? "—"}</dd>
              <dt className="text-slate-500">量化目标</dt>
              <dd>{a.task.target ?? "—"}</dd>
              <dt className="text-slate-500">完成标准</dt>
              <dd>{a.task.completionStandard ?? "—"}</dd>
              <dt className="text-slate-500">完成时限</dt>
              <dd>{formatDateCn(a.deadline, { utcDate: true })}</dd>
              <dt className="text-slate-500">完成进度</dt>
              <dd>
                <div className="flex items-center gap-2">
                  <div className="h-2 w-48 overflow-hidden rounded bg-slate-100">
                    <div className="h-full bg-police-500" style={{ width: `${a.progress}%` }} />
                  </div>
                  <span className="tabular-nums" data-testid="task-progress">
                    {a.progress}%
                  </span>
                </div>
              </dd>
              <dt className="text-slate-500">审核链</dt>
              <dd>{[a.unit.name, ...a.chain.map((c) => c.name)].join(" → ")}（末级销号）</dd>
              {a.parent ? (
                <>
                  <dt className="text-slate-500">上级任务</dt>
                  <dd>
                    <Link href={`/tasks/${a.parent.id}`} className="text-police-600 hover:underline">
                      {a.parent.unit.name}
                    </Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </Card>

          <Card title="倒排工期">
            <ol className="space-y-2 text-sm">
              {a.milestones.map((m) => {
                const late = !m.doneAt && isPastDay(m.dueDate, now);
                return (
                  <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-100 px-3 py-2">
                    <span className={m.doneAt ? "text-slate-400 line-through" : ""}>
                      {m.title}
                      <span className="ml-2 text-xs text-slate-500">{formatDateCn(m.dueDate, { utcDate: true })}</span>
                      {m.doneAt ? <span className="ml-2"><Badge tone="green">已完成</Badge></span> : late ? <span className="ml-2"><Badge tone="red">节点逾期</Badge></span> : <span className="ml-2 text-xs text-slate-500">{countdownText(m.dueDate, "OPEN", now)}</span>}
                    </span>
                    {can(user.role, "task:update") ? (
                      <MilestoneRow action={saveMilestone} assignmentId={a.id} version={a.version} m={{ id: m.id, title: m.title, dueDate: m.dueDate.toISOString().slice(0, 10), done: !!m.doneAt }} locked={locked} />
                    ) : null}
                  </li>
                );
              })}
            </ol>
            {canUpdate ? (
              <div className="mt-4">
                <AddMilestoneForm action={saveMilestone} assignmentId={a.id} version={a.version} />
              </div>
            ) : null}
          </Card>

          <Card title="工作进展">
            {a.updates.length ? (
              <ol className="space-y-3" data-testid="progress-updates">
                {a.updates.map((u) => (
                  <li key={u.id} className="rounded border border-slate-100 p-3 text-sm">
                    <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-slate-500">
                      <span>
                        {u.createdBy?.name ?? "—"} · {formatDateTime(u.createdAt)}
                      </span>
                      <Badge tone="blue">{u.percent}%</Badge>
                    </div>
                    <p className="mt-1 whitespace-pre-wrap">{u.content}</p>
                    <EvidenceLinks files={u.attachments} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-slate-500">尚未填报进展。</p>
            )}
          </Card>

          {a.children.length ? (
            <Card title={`下级承办（${a.children.length}）`}>
              <ul className="grid grid-cols-1 gap-1 text-sm md:grid-cols-2">
                {a.children.map((c) => (
                  <li key={c.id} className="flex items-center justify-between gap-2">
                    <Link href={`/tasks/${c.id}`} className="text-police-600 hover:underline">
                      {c.unit.name}
                    </Link>
                    <span className="flex items-center gap-2 text-xs">
                      <span className="tabular-nums">{c.progress}%</span>
                      <Badge tone={RAG_TONE[assignmentRag(c, now)]}>{STATUS_LABELS[c.status]}</Badge>
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>

        <div className="space-y-6">
          {canUpdate ? (
            <Card title="填报进展">
              <ProgressForm action={addProgress} id={a.id} version={a.version} progress={a.progress} />
            </Card>
          ) : null}
          {canUpdate ? (
            <Card title="提交审核">
              <SubmitForm action={submitTask} id={a.id} version={a.version} disabled={a.progress < 100} reviewer={a.chain[0]?.name ?? "上级"} />
            </Card>
          ) : null}
          {canReview || canReopen ? (
            <Card title={canReopen ? "退回重办" : "审核"}>
              <ReviewForm action={reviewTask} id={a.id} version={a.version} reopen={canReopen} />
            </Card>
          ) : null}
          <Card title="责任清单">
            {canUpdate ? (
              <ResponsibilityForm action={updateResponsibility} a={a} />
            ) : (
              <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
                <dt className="text-slate-500">责任类型</dt>
                <dd>{DUTY_LABELS[a.dutyType]}</dd>
                <dt className="text-slate-500">分管领导</dt>
                <dd>{[a.leaderName, a.leaderTitle].filter(Boolean).join(" ") || "—"}</dd>
                <dt className="text-slate-500">责任民警</dt>
                <dd>{[a.officerName, a.officerPhone].filter(Boolean).join(" ") || "—"}</dd>
                <dt className="text-slate-500">实施方案</dt>
                <dd className="whitespace-pre-wrap">{a.planText ?? "—"}</dd>
              </dl>
            )}
          </Card>
          <Card title="审核记录">
            {a.reviews.length ? (
              <ol className="space-y-2 text-sm" data-testid="review-records">
                {a.reviews.map((r) => (
                  <li key={r.id}>
                    <span className="text-xs text-slate-500">{formatDateTime(r.at)}</span>{" "}
                    <b>{r.unit.name}</b> {r.user?.name ?? ""} <Badge tone={r.decision === "RETURN" ? "red" : r.decision === "CLOSE" ? "green" : "blue"}>{DECISION[r.decision]}</Badge>
                    {r.reason ? <p className="text-xs text-slate-600">{r.reason}</p> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-sm text-slate-500">暂无。</p>
            )}
          </Card>
          {canAssign && below.length ? (
            <Card title="向下分解">
              <AssignForm
                action={assignTask}
                parentId={a.id}
                units={below.map((u) => ({ id: u.id, label: u.name, assigned: assigned.has(u.id) }))}
                maxDeadline={deadline}
              />
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** After a decision on an item of the queue: the next one (oldest first), or the news that the queue is empty. */
function QueueNext({ next, remaining }: { next: { id: number; code: string; title: string; unitName: string } | null; remaining: number }) {
  return (
    <div className="mb-4 flex flex-col gap-2 rounded-md border border-police-200 bg-police-50 px-3 py-3 text-sm sm:flex-row sm:items-center sm:justify-between" role="status" data-testid="queue-next">
      {next ? (
        <>
          <span>
            本条已处理。审核队列还有 <b className="tabular-nums">{remaining}</b> 条，下一条：{next.unitName} <span className="font-mono text-xs">{next.code}</span> {next.title}
          </span>
          <Link href={`/tasks/${next.id}?from=queue`} className={buttonClass("primary")} data-testid="review-next">
            下一条
          </Link>
        </>
      ) : (
        <>
          <span data-testid="queue-empty">审核队列已清空：没有等待本单位审核的任务了。</span>
          <Link href="/" className={buttonClass("secondary")}>
            返回工作首页
          </Link>
        </>
      )}
    </div>
  );
}
