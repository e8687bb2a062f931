// The messages of each event, called inside the event's own transaction (the task review chain, a dispute saved
// with a homicide-risk warning, an import job finishing). Titles name the record by its code (任务 1.1.01,
// JF-620102-2026-0001), never by personal data; the recipients are the ones who act on it, filtered by notify().
import type { Db, Tx } from "@/lib/db/client";
import { notify } from "./notify";

type Assignment = { id: number; unitId: number; unitPath: string; taskId: number };

async function taskCode(tx: Tx, taskId: number): Promise<string> {
  return (await tx.planTask.findUnique({ where: { id: taskId }, select: { code: true } }))?.code ?? String(taskId);
}

/** 退回: the assignment unit's officers, with the reviewer's reason. */
export async function notifyTaskReturned(tx: Tx, a: Assignment, reason: string | null): Promise<number> {
  const code = await taskCode(tx, a.taskId);
  return notify(tx, { unitId: a.unitId, roles: ["OFFICER"] }, {
    kind: "TASK_RETURNED",
    title: `任务 ${code} 被退回`,
    body: reason ? `退回理由：${reason}` : null,
    href: `/tasks/${a.id}`,
    unitPath: a.unitPath,
  });
}

/** 销号: the assignment unit's officers. */
export async function notifyTaskClosed(tx: Tx, a: Assignment): Promise<number> {
  const code = await taskCode(tx, a.taskId);
  return notify(tx, { unitId: a.unitId, roles: ["OFFICER"] }, { kind: "TASK_CLOSED", title: `任务 ${code} 已审核通过并销号`, href: `/tasks/${a.id}`, unitPath: a.unitPath });
}

/** 提交审核 / 通过后转上一级: the reviewers of the unit that must act now. */
export async function notifyReviewRequested(tx: Tx, a: Assignment, reviewUnitId: number, passedOn: boolean): Promise<number> {
  const code = await taskCode(tx, a.taskId);
  return notify(tx, { unitId: reviewUnitId, roles: ["REVIEWER"] }, {
    kind: "REVIEW_REQUESTED",
    title: passedOn ? `任务 ${code} 经下级审核通过，待您单位审核` : `任务 ${code} 已提交，待您单位审核`,
    href: `/tasks/${a.id}`,
    unitPath: a.unitPath,
  });
}

/**
 * 命案风险预警: raised when a dispute becomes flagged (created flagged, or an edit crosses the threshold) — to the
 * commanders, reviewers and officers of the dispute's unit and of every unit above it.
 */
export async function notifyHomicideWarning(
  tx: Tx,
  before: { warningFlagged?: unknown } | null,
  after: { id?: unknown; code?: unknown; unitPath?: unknown; warningFlagged?: unknown; warningScore?: unknown },
): Promise<number> {
  if (after.warningFlagged !== true || before?.warningFlagged === true) return 0;
  const unitPath = String(after.unitPath);
  return notify(tx, { unitAndAncestorsOf: unitPath, roles: ["COMMANDER", "REVIEWER", "OFFICER"] }, {
    kind: "HOMICIDE_WARNING",
    title: `矛盾纠纷 ${String(after.code)} 命案风险预警（${Number(after.warningScore ?? 0)} 分）`,
    href: `/ledgers/disputes/${Number(after.id)}`,
    unitPath,
  });
}

/** An import of disputes that brought flagged records: one message for the whole file (not one per row). */
export async function notifyImportedWarnings(tx: Tx, job: { id: number; unitPath: string; ledger: string | null }, ids: number[]): Promise<number> {
  if (job.ledger !== "disputes" || !ids.length) return 0;
  // one array parameter (an import may hold 100,000 rows: too many for one bind parameter each)
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM disputes WHERE id = ANY(${ids}::int[]) AND warning_flagged`;
  const flagged = n;
  if (!flagged) return 0;
  return notify(tx, { unitAndAncestorsOf: job.unitPath, roles: ["COMMANDER", "REVIEWER", "OFFICER"] }, {
    kind: "HOMICIDE_WARNING",
    title: `导入的矛盾纠纷中有 ${flagged} 条命案风险预警`,
    href: "/ledgers/disputes?preset=warning",
    unitPath: job.unitPath,
  });
}

/** The page an import job belongs to: the ledger (or the statistics) after a success, its import form after a failure. */
function importHref(job: { kind: string; ledger: string | null }, ok: boolean): string {
  if (job.kind === "population") return "/stats/population"; // the population page holds its own upload
  const base = job.kind === "stats" ? "/stats" : job.ledger && /^[a-z_]+$/.test(job.ledger) ? `/ledgers/${job.ledger}` : "/ledgers";
  return ok || base === "/ledgers" ? base : `${base}/import`;
}

/** 导入完成 / 导入失败: the job's creator (their own job: no permission filter). */
export async function notifyImportFinished(
  tx: Tx | Db,
  job: { id: number; createdById: number; kind: string; ledger: string | null },
  outcome: { ok: true; inserted: number } | { ok: false; message: string },
): Promise<number> {
  const input = outcome.ok
    ? { kind: "IMPORT_DONE" as const, title: `导入任务 ${job.id} 已完成：新增 ${outcome.inserted} 条`, body: null }
    : { kind: "IMPORT_FAILED" as const, title: `导入任务 ${job.id} 失败，未写入任何数据`, body: outcome.message };
  return notify(tx, { userIds: [job.createdById] }, { ...input, href: importHref(job, outcome.ok), unitPath: null });
}
