// 督办 (supervision): a commander or reviewer issues a 督办单 on a task assignment, a ledger record or a unit strictly
// below their own; the receiving unit's officers reply with text and evidence; the issuing unit accepts (办结) or
// returns the reply; the issuing unit may cancel. Every step is a supervision_steps row, every change is versioned
// (an outdated edit is a CONFLICT with the record as it is now), and the messages are written in the same transaction.
import { z } from "zod";
import { ActionError, ConflictError, type ActionDefinition } from "@/lib/actions/core";
import { userScope } from "@/lib/auth/scope";
import type { Db, Tx } from "@/lib/db/client";
import { MAX_FILES_PER_UPDATE, readEvidence } from "@/lib/files/evidence";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { delegate } from "@/lib/ledgers/write";
import { notify } from "@/lib/notifications/notify";
import { dayString, parseLooseDay, shanghaiToday, shanghaiYearMonth } from "@/lib/time";
import { zId, zOptionalFiles, zOptionalText, zText, zVersion } from "@/lib/validation";
import { SUPERVISION_LEVEL_LABELS, SUPERVISION_STATUS_LABELS, type SupervisionStatus, isBelow, supervisionHref, supervisionMoves } from "./rules";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const zOpt = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), t.optional());
const zDay = (label: string) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() ? (parseLooseDay(v) ?? "bad") : undefined) : v), z.date({ error: `请填写${label}（日期 YYYY-MM-DD）` }));

/** The receiving unit's officers and commanders. */
const RECEIVERS = ["OFFICER", "COMMANDER"] as const;
/** The issuing unit's holders of supervision:issue. */
const ISSUERS = ["COMMANDER", "REVIEWER"] as const;

interface Receiver {
  unitId: number;
  unitPath: string;
}

/** The unit a 督办 on this target goes to (null: the target does not exist). */
export async function receiverOf(db: Db | Tx, input: { targetKind: "TASK" | "LEDGER" | "UNIT"; assignmentId?: number; ledgerKey?: string; recordId?: number; unitId?: number }): Promise<Receiver | null> {
  if (input.targetKind === "TASK") {
    if (!input.assignmentId) return null;
    const a = await db.taskAssignment.findUnique({ where: { id: input.assignmentId }, select: { unitId: true, unitPath: true } });
    return a;
  }
  if (input.targetKind === "LEDGER") {
    const config = input.ledgerKey ? ledgerConfig(input.ledgerKey) : null;
    if (!config || !input.recordId) return null;
    const r = (await delegate(db, config).findUnique({ where: { id: input.recordId }, select: { unitId: true, unitPath: true } })) as Receiver | null;
    return r;
  }
  if (!input.unitId) return null;
  const u = await db.unit.findUnique({ where: { id: input.unitId }, select: { id: true, path: true } });
  return u ? { unitId: u.id, unitPath: u.path } : null;
}

/** Reserves the next code DB-<unit code>-<year>-NNNN (code_counters, like the ledger codes). */
async function reserveCode(tx: Tx, unitCode: string, year: number): Promise<string> {
  const key = `DB-${unitCode}-${year}`;
  const [row] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO code_counters (key, value) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET value = code_counters.value + 1
    RETURNING value`;
  return `${key}-${String(row.value).padStart(4, "0")}`;
}

const supervisionPath = async (db: Db, id: number) => (await db.supervision.findUnique({ where: { id }, select: { unitPath: true } }))?.unitPath ?? null;

/** The 督办单 at the version the form was built on; an older version is a CONFLICT with the record as it is now. */
async function current(tx: Tx, id: number, version: number) {
  const s = await tx.supervision.findUniqueOrThrow({ where: { id } });
  if (s.version !== version) throw conflict(s);
  return s;
}

const conflict = (s: { status: SupervisionStatus; version: number }) => new ConflictError({ 状态: SUPERVISION_STATUS_LABELS[s.status], version: s.version });

/** Moves the 督办单 on from the version read (a concurrent change in between is a CONFLICT, never overwritten). */
async function bump(tx: Tx, id: number, version: number, data: Record<string, unknown>) {
  const { count } = await tx.supervision.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (!count) throw conflict(await tx.supervision.findUniqueOrThrow({ where: { id } }));
}

// ── 下发 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZIssue = z
  .object({
    targetKind: z.enum(["TASK", "LEDGER", "UNIT"], { error: "请选择督办对象" }),
    assignmentId: zOpt(zId("任务")),
    ledgerKey: zOpt(z.string().trim().max(40, "台账无效")),
    recordId: zOpt(zId("台账记录")),
    unitId: zOpt(zId("督办单位")),
    level: z.enum(["REMIND", "SUPERVISE", "LISTED"], { error: "请选择督办级别" }),
    subject: zText("督办事项", 4, 200),
    reason: zText("督办理由", 4, 2000),
    replyDue: zDay("答复期限"),
  })
  // checked with the other fields' errors (not only once they are all valid), so a blank form names every gap
  .refine((v) => v.targetKind !== "TASK" || !!v.assignmentId, { path: ["assignmentId"], message: "请选择督办的任务", when: ({ value }) => isObject(value) })
  .refine((v) => v.targetKind !== "LEDGER" || (!!v.ledgerKey && !!v.recordId), { path: ["recordId"], message: "请选择督办的台账记录", when: ({ value }) => isObject(value) })
  .refine((v) => v.targetKind !== "UNIT" || !!v.unitId, { path: ["unitId"], message: "请选择督办单位", when: ({ value }) => isObject(value) });

export const issueSupervisionAction: ActionDefinition<typeof ZIssue, { id: number; code: string }> = {
  name: "supervision.issue",
  title: "下发督办",
  permission: "supervision:issue",
  input: ZIssue,
  target: async (db, input) => (await receiverOf(db, input))?.unitPath ?? null,
  run: async (tx, input, ctx) => {
    const receiver = await receiverOf(tx, input);
    if (!receiver) throw new ActionError("督办对象不存在", undefined, "NOT_FOUND");
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: receiver.unitId }, select: { id: true, code: true, name: true, path: true, active: true } });
    const field = input.targetKind === "TASK" ? "assignmentId" : input.targetKind === "LEDGER" ? "recordId" : "unitId";
    if (!isBelow(userScope(ctx.actor), unit.path)) throw new ActionError(`只能向本单位的下级单位下发督办，「${unit.name}」不是本单位的下级单位`, { [field]: "只能督办下级单位" });
    if (!unit.active) throw new ActionError(`「${unit.name}」已停用`, { [field]: "该单位已停用" });
    const today = shanghaiToday();
    if (input.replyDue < today) throw new ActionError("答复期限不能早于今天", { replyDue: `不能早于 ${dayString(today)}` });
    const code = await reserveCode(tx, unit.code, shanghaiYearMonth(new Date()).year);
    const s = await tx.supervision.create({
      data: {
        code,
        level: input.level,
        targetKind: input.targetKind,
        assignmentId: input.targetKind === "TASK" ? input.assignmentId! : null,
        ledgerKey: input.targetKind === "LEDGER" ? input.ledgerKey! : null,
        recordId: input.targetKind === "LEDGER" ? input.recordId! : null,
        unitId: unit.id,
        unitPath: unit.path,
        issuerUnitId: ctx.actor.unitId,
        issuerPath: ctx.actor.unitPath,
        issuedById: ctx.actor.id,
        subject: input.subject,
        reason: input.reason,
        replyDue: input.replyDue,
      },
    });
    await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "ISSUE", text: input.reason, unitId: ctx.actor.unitId, userId: ctx.actor.id, fromStatus: null, toStatus: "OPEN" } });
    const issuer = await tx.unit.findUniqueOrThrow({ where: { id: ctx.actor.unitId }, select: { name: true } });
    await notify(tx, { unitId: unit.id, roles: [...RECEIVERS] }, {
      kind: "SUPERVISION_RECEIVED",
      title: `收到${SUPERVISION_LEVEL_LABELS[input.level]} ${code}：${input.subject}`,
      body: `${issuer.name}下发，请于 ${dayString(input.replyDue)} 前答复。`,
      href: supervisionHref(code),
      unitPath: unit.path,
    });
    return {
      data: { id: s.id, code },
      audit: { entity: "Supervision", entityId: s.id, after: { code, level: input.level, target: input.targetKind, assignmentId: s.assignmentId, ledgerKey: s.ledgerKey, recordId: s.recordId, unit: unit.name, subject: input.subject, replyDue: dayString(input.replyDue) } },
      message: `已向${unit.name}下发${SUPERVISION_LEVEL_LABELS[input.level]} ${code}`,
    };
  },
};

// ── 答复 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZReply = z.object({
  id: zId("督办单"),
  version: zVersion,
  text: zText("答复内容", 5, 4000),
  // optional: an untouched file input (an empty unnamed part) is no file
  files: zOptionalFiles(MAX_FILES_PER_UPDATE, "佐证材料"),
});

export const replySupervisionAction: ActionDefinition<typeof ZReply, { version: number; stepId: number }> = {
  name: "supervision.reply",
  title: "答复督办",
  permission: "supervision:reply",
  input: ZReply,
  target: (db, input) => supervisionPath(db, input.id),
  run: async (tx, input, ctx) => {
    const s = await current(tx, input.id, input.version);
    if (!supervisionMoves(s, ctx.actor).reply)
      throw new ActionError(s.unitId !== ctx.actor.unitId ? "只有收到督办的单位可以答复" : `该督办单当前状态为「${SUPERVISION_STATUS_LABELS[s.status]}」，不能答复`, undefined, s.unitId !== ctx.actor.unitId ? "FORBIDDEN" : "INVALID");
    const evidence = [];
    for (const f of input.files) {
      const e = await readEvidence(f);
      if (typeof e === "string") throw new ActionError(e, { files: e });
      evidence.push(e);
    }
    await bump(tx, s.id, input.version, { status: "REPLIED", repliedAt: new Date() });
    const step = await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "REPLY", text: input.text, unitId: ctx.actor.unitId, userId: ctx.actor.id, fromStatus: s.status, toStatus: "REPLIED" } });
    for (const e of evidence) await tx.attachment.create({ data: { ...e, unitPath: s.unitPath, supervisionStepId: step.id, uploadedById: ctx.actor.id } });
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: s.unitId }, select: { name: true } });
    await notify(tx, { unitId: s.issuerUnitId, roles: [...ISSUERS] }, {
      kind: "SUPERVISION_REPLIED",
      title: `督办 ${s.code} 已答复：${s.subject}`,
      body: `${unit.name}已答复，请验收。`,
      href: supervisionHref(s.code),
      unitPath: s.unitPath,
    });
    return {
      data: { version: input.version + 1, stepId: step.id },
      audit: { entity: "Supervision", entityId: s.id, before: { status: s.status }, after: { status: "REPLIED", step: step.id, files: evidence.map((e) => ({ name: e.filename, size: e.size, sha256: e.sha256 })) } },
      message: `已答复${evidence.length ? `，上传佐证材料 ${evidence.length} 个` : ""}`,
    };
  },
};

// ── 验收办结 / 退回 ─────────────────────────────────────────────────────────────────────────────────────────────

export const ZDecide = z
  .object({
    id: zId("督办单"),
    version: zVersion,
    decision: z.enum(["ACCEPT", "RETURN"], { error: "请选择办结或退回" }),
    reason: zOptionalText("意见", 1000),
  })
  .refine((v) => v.decision !== "RETURN" || (v.reason?.length ?? 0) >= 4, { path: ["reason"], message: "退回时须填写退回理由（至少 4 个字）" });

export const decideSupervisionAction: ActionDefinition<typeof ZDecide, { version: number; status: string }> = {
  name: "supervision.decide",
  title: "验收或退回督办答复",
  permission: "supervision:issue",
  input: ZDecide,
  target: (db, input) => supervisionPath(db, input.id),
  run: async (tx, input, ctx) => {
    const s = await current(tx, input.id, input.version);
    if (!supervisionMoves(s, ctx.actor).decide)
      throw new ActionError(s.issuerUnitId !== ctx.actor.unitId ? "只有下发督办的单位可以验收或退回" : `该督办单当前状态为「${SUPERVISION_STATUS_LABELS[s.status]}」，无需验收`, undefined, s.issuerUnitId !== ctx.actor.unitId ? "FORBIDDEN" : "INVALID");
    const to = input.decision === "ACCEPT" ? "ACCEPTED" : "RETURNED";
    await bump(tx, s.id, input.version, { status: to, closedAt: to === "ACCEPTED" ? new Date() : null });
    await tx.supervisionStep.create({ data: { supervisionId: s.id, action: input.decision, text: input.reason ?? null, unitId: ctx.actor.unitId, userId: ctx.actor.id, fromStatus: s.status, toStatus: to } });
    await notify(tx, { unitId: s.unitId, roles: [...RECEIVERS] }, {
      kind: to === "ACCEPTED" ? "SUPERVISION_ACCEPTED" : "SUPERVISION_RETURNED",
      title: to === "ACCEPTED" ? `督办 ${s.code} 已办结：${s.subject}` : `督办 ${s.code} 的答复被退回：${input.reason}`,
      body: to === "ACCEPTED" ? (input.reason ?? null) : `请于 ${dayString(s.replyDue)} 前重新答复。`,
      href: supervisionHref(s.code),
      unitPath: s.unitPath,
    });
    return {
      data: { version: input.version + 1, status: to },
      audit: { entity: "Supervision", entityId: s.id, before: { status: s.status }, after: { decision: input.decision, status: to, reason: input.reason ?? null } },
      message: to === "ACCEPTED" ? "已验收办结" : "已退回答复",
    };
  },
};

// ── 撤销 ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const ZCancel = z.object({ id: zId("督办单"), version: zVersion, reason: zText("撤销理由", 4, 1000) });

export const cancelSupervisionAction: ActionDefinition<typeof ZCancel, { version: number }> = {
  name: "supervision.cancel",
  title: "撤销督办",
  permission: "supervision:issue",
  input: ZCancel,
  target: (db, input) => supervisionPath(db, input.id),
  run: async (tx, input, ctx) => {
    const s = await current(tx, input.id, input.version);
    if (!supervisionMoves(s, ctx.actor).cancel)
      throw new ActionError(s.issuerUnitId !== ctx.actor.unitId ? "只有下发督办的单位可以撤销" : `该督办单已${SUPERVISION_STATUS_LABELS[s.status]}，不能撤销`, undefined, s.issuerUnitId !== ctx.actor.unitId ? "FORBIDDEN" : "INVALID");
    await bump(tx, s.id, input.version, { status: "CANCELLED", closedAt: new Date() });
    await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "CANCEL", text: input.reason, unitId: ctx.actor.unitId, userId: ctx.actor.id, fromStatus: s.status, toStatus: "CANCELLED" } });
    return {
      data: { version: input.version + 1 },
      audit: { entity: "Supervision", entityId: s.id, before: { status: s.status }, after: { status: "CANCELLED", reason: input.reason } },
      message: "督办已撤销",
    };
  },
};
