import type { Metadata } from "next";
import Link from "@/components/link";
import { EvidenceLinks } from "@/components/evidence-links";
import { StatusBadge } from "@/components/status";
import { Badge, Card, PageHeader, cx } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatDateCn, formatDateTime } from "@/lib/format";
import { supervisionDetail } from "@/lib/supervision/queries";
import { SUPERVISION_ACTION_LABELS, SUPERVISION_LEVEL_LABELS, SUPERVISION_STATUS_LABELS, SUPERVISION_STATUS_TONES, supervisionMoves } from "@/lib/supervision/rules";
import { cancelSupervision, decideSupervision, replySupervision } from "@/lib/supervision/server-actions";
import { CancelForm, DecideForm, ReplyForm } from "../supervision-forms";

export const metadata: Metadata = { title: "督办单" };

const STEP_TONE = { ISSUE: "blue", REPLY: "amber", ACCEPT: "green", RETURN: "red", CANCEL: "slate" } as const;

export default async function SupervisionPage({ params }: { params: Promise<{ code: string }> }) {
  const user = await requirePermission("supervision:read");
  const s = await supervisionDetail(user, (await params).code);
  const moves = supervisionMoves(s, user);
  const canReply = moves.reply && can(user.role, "supervision:reply");
  const canDecide = moves.decide && can(user.role, "supervision:issue");
  const canCancel = moves.cancel && can(user.role, "supervision:issue");
  return (
    <div>
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/supervision" className="hover:underline">
          督办
        </Link>{" "}
        › {s.code}
      </nav>
      <PageHeader
        title={`${SUPERVISION_LEVEL_LABELS[s.level]}：${s.subject}`}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{s.code}</span>
            <StatusBadge tone={SUPERVISION_STATUS_TONES[s.status]} testId="supervision-status">
              {SUPERVISION_STATUS_LABELS[s.status]}
            </StatusBadge>
            {s.overdueDays > 0 ? (
              <span className={cx("text-sm font-medium text-red-700", s.flagged && "rounded bg-red-100 px-1")} data-testid="supervision-overdue">
                逾期 {s.overdueDays} 天
              </span>
            ) : null}
          </span>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="督办单">
            <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-[7rem_1fr]">
              <dt className="text-slate-500">督办对象</dt>
              <dd>
                {s.target.href ? (
                  <Link href={s.target.href} className="text-police-600 hover:underline">
                    {s.target.label}
                  </Link>
                ) : (
                  s.target.label
                )}
              </dd>
              <dt className="text-slate-500">督办级别</dt>
              <dd>{SUPERVISION_LEVEL_LABELS[s.level]}</dd>
              <dt className="text-slate-500">下发单位</dt>
              <dd>
                {s.issuerName}
                {s.issuedByName ? ` · ${s.issuedByName}` : ""} · {formatDateTime(s.createdAt)}
              </dd>
              <dt className="text-slate-500">承办单位</dt>
              <dd>{s.unitName}</dd>
              <dt className="text-slate-500">答复期限</dt>
              <dd>{formatDateCn(s.replyDue, { utcDate: true })}</dd>
              <dt className="text-slate-500">督办理由</dt>
              <dd className="whitespace-pre-wrap">{s.reason}</dd>
            </dl>
          </Card>
          <Card title="办理过程">
            <ol className="space-y-3" data-testid="supervision-steps">
              {s.steps.map((x) => (
                <li key={x.id} className="rounded border border-slate-100 p-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <span>{formatDateTime(x.at)}</span>
                    <b className="text-slate-700">{x.unitName}</b>
                    <span>{x.userName}</span>
                    <Badge tone={STEP_TONE[x.action]}>{SUPERVISION_ACTION_LABELS[x.action]}</Badge>
                  </div>
                  {x.text && x.action !== "ISSUE" ? <p className="mt-1 whitespace-pre-wrap">{x.text}</p> : null}
                  <EvidenceLinks files={x.attachments} />
                </li>
              ))}
            </ol>
          </Card>
        </div>
        <div className="space-y-6">
          {canReply ? (
            <Card title="答复督办">
              <ReplyForm action={replySupervision} id={s.id} version={s.version} />
            </Card>
          ) : null}
          {canDecide ? (
            <Card title="验收">
              <DecideForm action={decideSupervision} id={s.id} version={s.version} />
            </Card>
          ) : null}
          {canCancel ? (
            <Card title="撤销">
              <CancelForm action={cancelSupervision} id={s.id} version={s.version} />
            </Card>
          ) : null}
          {!canReply && !canDecide && !canCancel ? (
            <Card title="办理">
              <p className="text-sm text-slate-600">
                {s.status === "ACCEPTED" ? "该督办单已办结。" : s.status === "CANCELLED" ? "该督办单已撤销。" : s.status === "REPLIED" ? `已答复，等待${s.issuerName}验收。` : `等待${s.unitName}答复。`}
              </p>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
