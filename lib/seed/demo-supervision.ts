// Demo 督办: a handful of 督办单 around the seed date, so that every demo home and the 督办 list have current work —
// 兰州市局 (lanzhou_shenhe, lanzhou_zhihui) supervising 城关区 (chengguan_minjing): two open ones (on a task and on a
// dispute record), one answered and waiting for the city's acceptance, one overdue (red for the province above the
// issuer), one accepted; and one the province sent to 天水 that is overdue too. Written the way the app writes them
// (codes through code_counters, every step kept, the messages of each step), deterministic relative to the seed
// date, and only once (nothing is added when 督办单 exist already).
import type { Db, Tx } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
import { SUPERVISION_LEVEL_LABELS, supervisionHref } from "@/lib/supervision/rules";
import { addDays, dayString, shanghaiDayStart, shanghaiToday, shanghaiYearMonth } from "@/lib/time";

type Status = "OPEN" | "REPLIED" | "RETURNED" | "ACCEPTED" | "CANCELLED";
type Level = "REMIND" | "SUPERVISE" | "LISTED";

interface Plan {
  level: Level;
  receiver: string;
  issuer: string;
  issuedBy: string;
  target: { kind: "TASK" } | { kind: "LEDGER" } | { kind: "UNIT" };
  subject: string;
  reason: string;
  /** days relative to the seed date */
  issuedDay: number;
  dueDay: number;
  reply?: { day: number; by: string; text: string };
  accept?: { day: number; by: string; text: string };
}

const PLANS: Plan[] = [
  {
    level: "SUPERVISE",
    receiver: "620102",
    issuer: "6201",
    issuedBy: "lanzhou_shenhe",
    target: { kind: "TASK" },
    subject: "任务推进滞后，倒排工期节点未按期完成",
    reason: "近期进展填报显示阶段节点已过期，请说明原因、明确整改措施和完成时间。",
    issuedDay: -3,
    dueDay: 4,
  },
  {
    level: "LISTED",
    receiver: "620102",
    issuer: "6201",
    issuedBy: "lanzhou_zhihui",
    target: { kind: "LEDGER" },
    subject: "矛盾纠纷跟踪化解不到位，挂牌督办",
    reason: "该纠纷反复发生，当事人情绪激烈，请落实专人包案、三日内上门回访并报送化解方案。",
    issuedDay: -1,
    dueDay: 2,
  },
  {
    level: "REMIND",
    receiver: "620102",
    issuer: "6201",
    issuedBy: "lanzhou_shenhe",
    target: { kind: "UNIT" },
    subject: "按时报送上月月度统计",
    reason: "上月月度统计部分指标未填报，请核对后补报。",
    issuedDay: -6,
    dueDay: 1,
    reply: { day: -1, by: "chengguan_minjing", text: "已核对并补报上月全部统计指标，原因为系统切换期间漏填，已明确专人负责。" },
  },
  {
    level: "SUPERVISE",
    receiver: "620102",
    issuer: "6201",
    issuedBy: "lanzhou_zhihui",
    target: { kind: "UNIT" },
    subject: "重点人员稳控措施落实情况",
    reason: "专项检查发现部分重点人员稳控责任未落实到人，请逐人核查并报送稳控台账。",
    issuedDay: -10,
    dueDay: -2,
  },
  {
    level: "SUPERVISE",
    receiver: "620102",
    issuer: "6201",
    issuedBy: "lanzhou_shenhe",
    target: { kind: "UNIT" },
    subject: "情报线索核查处置超时",
    reason: "两条预警线索核查处置超过规定时限，请说明情况并完成闭环。",
    issuedDay: -20,
    dueDay: -12,
    reply: { day: -14, by: "chengguan_minjing", text: "两条线索均已核查处置完毕，结果已录入核查处置台账。" },
    accept: { day: -13, by: "lanzhou_shenhe", text: "已核对台账，同意办结。" },
  },
  {
    level: "LISTED",
    receiver: "620502",
    issuer: "62",
    issuedBy: "sheng_zhihui",
    target: { kind: "UNIT" },
    subject: "涉企诉求超期未办结，挂牌督办",
    reason: "多件企业诉求超过 30 天未办结，请逐件明确责任人和办结时限。",
    issuedDay: -9,
    dueDay: -1,
  },
];

/** 09:00 Beijing on a day relative to `today`, plus `minutes`. */
const morning = (today: Date, day: number, minutes = 0) => new Date(shanghaiDayStart(addDays(today, day)).getTime() + (9 * 60 + minutes) * 60_000);

async function reserveCode(tx: Tx, unitCode: string, year: number): Promise<string> {
  const key = `DB-${unitCode}-${year}`;
  const [row] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO code_counters (key, value) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET value = code_counters.value + 1
    RETURNING value`;
  return `${key}-${String(row.value).padStart(4, "0")}`;
}

/** Seeds the demo 督办单 (none when some exist already); returns how many were written. */
export async function seedDemoSupervision(db: Db, now: Date = new Date()): Promise<number> {
  if ((await db.supervision.count()) > 0) return 0;
  const today = shanghaiToday(now);
  const users = new Map((await db.user.findMany({ where: { username: { in: [...new Set(PLANS.flatMap((p) => [p.issuedBy, p.reply?.by, p.accept?.by]).filter((x): x is string => !!x))] } }, select: { id: true, username: true } })).map((u) => [u.username, u.id]));
  const units = new Map((await db.unit.findMany({ where: { code: { in: [...new Set(PLANS.flatMap((p) => [p.receiver, p.issuer]))] } }, select: { id: true, code: true, name: true, path: true } })).map((u) => [u.code, u]));
  let written = 0;
  for (const plan of PLANS) {
    const unit = units.get(plan.receiver);
    const issuer = units.get(plan.issuer);
    if (!unit || !issuer) continue;
    let target: { assignmentId?: number; ledgerKey?: string; recordId?: number } = {};
    if (plan.target.kind === "TASK") {
      const a = await db.taskAssignment.findFirst({ where: { unitId: unit.id, status: { not: "CLOSED" } }, orderBy: [{ deadline: "desc" }, { id: "asc" }], select: { id: true } });
      if (!a) continue;
      target = { assignmentId: a.id };
    } else if (plan.target.kind === "LEDGER") {
      const d = await db.dispute.findFirst({ where: { unitId: unit.id }, orderBy: { id: "desc" }, select: { id: true } });
      if (!d) continue;
      target = { ledgerKey: "disputes", recordId: d.id };
    }
    const issuedAt = morning(today, plan.issuedDay);
    const status: Status = plan.accept ? "ACCEPTED" : plan.reply ? "REPLIED" : "OPEN";
    await db.$transaction(async (tx) => {
      const code = await reserveCode(tx, plan.receiver, shanghaiYearMonth(issuedAt).year);
      const replyDue = addDays(today, plan.dueDay);
      const repliedAt = plan.reply ? morning(today, plan.reply.day, 30) : null;
      const closedAt = plan.accept ? morning(today, plan.accept.day, 60) : null;
      const s = await tx.supervision.create({
        data: {
          code,
          level: plan.level,
          status,
          targetKind: plan.target.kind,
          assignmentId: target.assignmentId ?? null,
          ledgerKey: target.ledgerKey ?? null,
          recordId: target.recordId ?? null,
          unitId: unit.id,
          unitPath: unit.path,
          issuerUnitId: issuer.id,
          issuerPath: issuer.path,
          issuedById: users.get(plan.issuedBy) ?? null,
          subject: plan.subject,
          reason: plan.reason,
          replyDue,
          repliedAt,
          closedAt,
          version: 1 + (plan.reply ? 1 : 0) + (plan.accept ? 1 : 0),
          createdAt: issuedAt,
        },
      });
      await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "ISSUE", text: plan.reason, unitId: issuer.id, userId: users.get(plan.issuedBy) ?? null, toStatus: "OPEN", at: issuedAt } });
      const message = { href: supervisionHref(code), unitPath: unit.path };
      await notify(tx, { unitId: unit.id, roles: ["OFFICER", "COMMANDER"] }, { ...message, kind: "SUPERVISION_RECEIVED", title: `收到${SUPERVISION_LEVEL_LABELS[plan.level]} ${code}：${plan.subject}`, body: `${issuer.name}下发，请于 ${dayString(replyDue)} 前答复。` });
      if (plan.reply && repliedAt) {
        await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "REPLY", text: plan.reply.text, unitId: unit.id, userId: users.get(plan.reply.by) ?? null, fromStatus: "OPEN", toStatus: "REPLIED", at: repliedAt } });
        if (!plan.accept) await notify(tx, { unitId: issuer.id, roles: ["COMMANDER", "REVIEWER"] }, { ...message, kind: "SUPERVISION_REPLIED", title: `督办 ${code} 已答复：${plan.subject}`, body: `${unit.name}已答复，请验收。` });
      }
      if (plan.accept && closedAt) {
        await tx.supervisionStep.create({ data: { supervisionId: s.id, action: "ACCEPT", text: plan.accept.text, unitId: issuer.id, userId: users.get(plan.accept.by) ?? null, fromStatus: "REPLIED", toStatus: "ACCEPTED", at: closedAt } });
      }
    });
    written++;
  }
  return written;
}
