// For every server action: how to build a valid input whose target record lies in a given unit's subtree.
// The authorization matrix runs each action in scope and out of scope with these. An action without an entry here
// fails the suite (tests/integration/actions-matrix.test.ts).
import type { Db } from "@/lib/db/client";
import { LEDGER_KEYS } from "@/lib/ledgers/configs";
import type { LedgerKey } from "@/lib/ledgers/types";
import { delegate } from "@/lib/ledgers/write";
import { LEDGERS } from "@/lib/ledgers/configs";
import { lastCompletedMonth, monthDate } from "@/lib/stats/validate";
import { enrolContext } from "@/lib/account/actions";
import { currentTotp, newTotpSecret, sealTotpSecret } from "@/lib/auth/totp";
import { DEFAULT_SECURITY_POLICY, SECURITY_POLICY_KEY } from "@/lib/security/policy";
import { seal } from "@/lib/security/secret-box";
import { makeUser, unitByCode } from "./factories";
import { makeSupervision } from "../../support/factories";
import { makeAssignment, makeLedgerInput, makeLedgerRecord } from "./work-factories";

const csvFile = (text: string, name = "import.csv") => new File([new TextEncoder().encode(text)], name, { type: "text/csv" });

export interface ActionFixture {
  /** a valid input touching a record in the subtree of `unitCode` (a county or city code); `actorId`: who will call */
  input: (db: Db, unitCode: string, variant?: string, actorId?: number) => Promise<Record<string, unknown>>;
  /** run the matrix once per variant (e.g. every ledger of the ledger actions) */
  variants?: string[];
  /** the action only ever touches the caller's own account: there is no out-of-scope record to aim at */
  selfOnly?: boolean;
  /** the unit of the in-scope caller (default 6201 兰州) */
  actorUnit?: string;
}

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export const ACTION_FIXTURES: Record<string, ActionFixture> = {
  "savedFilter.save": {
    selfOnly: true,
    input: async () => ({ list: "tasks", name: `筛选${next()}`, query: "rag=overdue&status=all" }),
  },
  "savedFilter.delete": {
    // the filter of the caller, or (no caller: the out-of-scope cases) of a user of that unit
    input: async (db, unitCode, _v, actorId) => {
      const owner = actorId ?? (await makeUser(db, "OFFICER", unitCode)).id;
      const row = await db.savedFilter.create({ data: { userId: owner, listKey: "tasks", name: `筛选${next()}`, query: "rag=overdue" } });
      return { id: row.id };
    },
  },
  "unit.create": {
    input: async (db, unitCode) => {
      const parent = await unitByCode(db, unitCode);
      return { parentId: parent.id, level: "DEPARTMENT", name: `测试部门${next()}` };
    },
  },
  "unit.update": {
    input: async (db, unitCode) => {
      const station = await db.unit.findFirstOrThrow({ where: { level: "STATION", path: { startsWith: (await unitByCode(db, unitCode)).path } } });
      return { id: station.id, version: station.version, name: `${station.name}（改）`, active: "true" };
    },
  },
  "user.create": {
    input: async (db, unitCode) => ({ username: `n_${next()}`, name: "新民警", unitId: (await unitByCode(db, unitCode)).id, role: "OFFICER" }),
  },
  "user.update": {
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
      return { id: u.id, version: row.version, name: "改名", unitId: row.unitId, role: "ANALYST", status: "ACTIVE" };
    },
  },
  "user.resetPassword": {
    input: async (db, unitCode) => ({ id: (await makeUser(db, "OFFICER", unitCode)).id }),
  },
  "account.changePassword": {
    selfOnly: true,
    input: async () => {
      const fresh = `Nn#${next()}xY9`;
      return { currentPassword: "Test@Pass2024", newPassword: fresh, confirmPassword: fresh };
    },
  },
  "account.enrollTotp": {
    selfOnly: true,
    input: async (_db, _unit, _v, actorId = 0) => {
      const key = newTotpSecret();
      return { pending: seal(key, enrolContext(actorId)), code: currentTotp(key) };
    },
  },
  "account.renewRecoveryCodes": {
    selfOnly: true,
    input: async (db, _unit, _v, actorId = 0) => {
      const key = newTotpSecret();
      if (actorId) await db.user.update({ where: { id: actorId }, data: { totpSecret: sealTotpSecret(actorId, key), totpEnabledAt: new Date(), totpLastStep: null } });
      return { code: currentTotp(key) };
    },
  },
  "security.resetMfa": {
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      await db.user.update({ where: { id: u.id }, data: { totpSecret: sealTotpSecret(u.id, newTotpSecret()), totpEnabledAt: new Date() } });
      return { id: u.id };
    },
  },
  "security.activateUser": {
    // an account the 系统管理员 created (待激活), in the given unit
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      await db.user.update({ where: { id: u.id }, data: { pendingActivation: "CREATED", pendingSince: new Date(), mustChangePassword: true } });
      return { id: u.id };
    },
  },
  "security.updatePolicy": {
    // the province's policy: only a province 安全管理员 is in scope; any lower one aims outside their scope
    actorUnit: "62",
    input: async (db) => {
      const row = await db.setting.findUnique({ where: { key: SECURITY_POLICY_KEY } });
      const p = DEFAULT_SECURITY_POLICY;
      return {
        readAt: row?.updatedAt.toISOString() ?? "",
        minLength: p.password.minLength, minClasses: p.password.minClasses, forbidUsername: "on", forbidCommon: "on", history: p.password.history, maxAgeDays: p.password.maxAgeDays,
        maxFailures: p.lockout.maxFailures, lockMinutes: p.lockout.lockMinutes, manualAfter: p.lockout.manualAfter,
        throttleMaxFailures: p.throttle.maxFailures, throttleWindowMinutes: p.throttle.windowMinutes, mfaRequired: "on", retentionDays: p.audit.retentionDays,
      };
    },
  },
  "security.unlockUser": {
    input: async (db, unitCode) => {
      const u = await makeUser(db, "OFFICER", unitCode);
      await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });
      return { id: u.id };
    },
  },
  "ledger.create": {
    variants: LEDGER_KEYS,
    input: async (db, unitCode, variant) => ({ ledger: variant, unitId: (await unitByCode(db, unitCode)).id, ...(await makeLedgerInput(db, variant as LedgerKey, unitCode)) }),
  },
  "ledger.update": {
    variants: LEDGER_KEYS,
    input: async (db, unitCode, variant) => {
      const key = variant as LedgerKey;
      const row = await makeLedgerRecord(db, key, unitCode);
      const fresh = await delegate(db, LEDGERS[key]).findUnique({ where: { id: row.id } });
      const values = await makeLedgerInput(db, key, unitCode);
      return { ledger: key, id: row.id, version: fresh!.version, ...values };
    },
  },
  "ledger.import": {
    variants: ["disputes", "intel"],
    input: async (db, unitCode, variant) => ({
      ledger: variant,
      unitId: (await unitByCode(db, unitCode)).id,
      file:
        variant === "intel"
          ? csvFile(`情报标题,等级,来源,获取时间,情报内容\n导入情报${next()},三级,网上巡查,2025-03-05 08:00,内容\n`)
          : csvFile(`纠纷概况,纠纷类型,当事人,排查日期,来源,状态,风险等级\n导入纠纷${next()},邻里冲突,甲、乙,2025-03-05,排查,调解中,蓝\n`),
    }),
  },
  "task.assign": {
    input: async (db, unitCode) => {
      const parent = await makeAssignment(db, unitCode);
      const below = await db.unit.findFirstOrThrow({ where: { parentId: parent.unitId, active: true }, orderBy: { code: "asc" } });
      return { parentId: parent.id, unitIds: [below.id], role: "LEAD", dutyType: "TERRITORIAL" };
    },
  },
  "task.responsibility": {
    input: async (db, unitCode) => {
      const a = await makeAssignment(db, unitCode);
      return { id: a.id, version: a.version, dutyType: "PRIMARY", leaderName: "李局长", officerName: "张伟", officerPhone: "0931-1234567", planText: "实施方案" };
    },
  },
  "task.milestone": {
    input: async (db, unitCode) => {
      const a = await makeAssignment(db, unitCode);
      return { assignmentId: a.id, version: a.version, title: "召开推进会", dueDate: "2099-01-15", done: "true" };
    },
  },
  "task.progress": {
    input: async (db, unitCode) => {
      const a = await makeAssignment(db, unitCode);
      const pdf = new File([new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")], "证明材料.pdf", { type: "application/pdf" });
      return { id: a.id, version: a.version, percent: "60", content: "召开专题会议部署推进。", files: [pdf] };
    },
  },
  "notification.readAll": {
    // the caller's own messages only: nothing of another unit to aim at
    selfOnly: true,
    input: async (db, unitCode, _v, actorId) => {
      const unit = await unitByCode(db, unitCode);
      const n = actorId ? await db.notification.create({ data: { userId: actorId, kind: "TASK_CLOSED", title: "任务 1.1.01 已审核通过并销号", unitPath: unit.path } }) : null;
      return { upTo: n?.id ?? 2_147_483_647 };
    },
  },
  "task.submit": {
    input: async (db, unitCode) => {
      const a = await makeAssignment(db, unitCode, { progress: 100 });
      return { id: a.id, version: a.version };
    },
  },
  "task.review": {
    input: async (db, unitCode) => {
      // a county's work waits for its city, a city's for the province
      const a = await makeAssignment(db, unitCode, { status: "PENDING_REVIEW" });
      return { id: a.id, version: a.version, decision: "RETURN", reason: "佐证材料不全，请补充" };
    },
  },
  "supervision.issue": {
    input: async (db, unitCode) => ({ targetKind: "UNIT", unitId: (await unitByCode(db, unitCode)).id, level: "SUPERVISE", subject: "矛盾纠纷排查不到位", reason: "本月排查台账缺失，请立即整改", replyDue: "2099-12-31" }),
  },
  "supervision.reply": {
    // the receiving unit's officers reply
    actorUnit: "620102",
    input: async (db, unitCode) => {
      const s = await makeSupervision(db, unitCode);
      const pdf = new File([new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")], "整改报告.pdf", { type: "application/pdf" });
      return { id: s.id, version: s.version, text: "已完成排查整改，台账补齐。", files: [pdf] };
    },
  },
  "supervision.decide": {
    input: async (db, unitCode) => {
      const s = await makeSupervision(db, unitCode, { status: "REPLIED" });
      return { id: s.id, version: s.version, decision: "RETURN", reason: "佐证材料不全，请补充" };
    },
  },
  "supervision.cancel": {
    input: async (db, unitCode) => {
      const s = await makeSupervision(db, unitCode);
      return { id: s.id, version: s.version, reason: "情况已变化，无需督办" };
    },
  },
  "assessment.adjust": {
    input: async (db, unitCode) => ({ unitId: (await unitByCode(db, unitCode)).id, period: "2025-Q3", indicator: "mediation.rate", points: "-2", reason: "调解台账不完整", evidence: "督查通报第3期" }),
  },
  "assessment.removeAdjustment": {
    input: async (db, unitCode) => {
      const unit = await unitByCode(db, unitCode);
      const scheme = await db.assessmentScheme.findFirstOrThrow({ where: { active: true } });
      const row = await db.assessmentAdjustment.create({ data: { schemeId: scheme.id, unitId: unit.id, unitPath: unit.path, period: "2025", indicator: "ent.visits", points: 1, reason: "走访工作突出", evidence: "表彰文件" } });
      return { id: row.id, version: row.version, reason: "重复登记" };
    },
  },
  "assessment.configure": {
    // acts on the province's own scheme
    selfOnly: true,
    actorUnit: "62",
    input: async (db) => {
      const scheme = await db.assessmentScheme.findFirstOrThrow({ where: { active: true } });
      return { version: scheme.version, tree: JSON.stringify(scheme.tree) };
    },
  },
  "report.schedule.create": {
    input: async (db, unitCode) => {
      const unit = await unitByCode(db, unitCode);
      await db.reportSchedule.updateMany({ where: { unitId: unit.id }, data: { active: false } });
      return { unitId: unit.id, dayOfMonth: "3" };
    },
  },
  "report.schedule.toggle": {
    input: async (db, unitCode) => {
      const unit = await unitByCode(db, unitCode);
      const creator = await makeUser(db, "ANALYST", unitCode);
      const row = await db.reportSchedule.create({ data: { unitId: unit.id, unitPath: unit.path, dayOfMonth: 5, createdById: creator.id, active: false } });
      return { id: row.id, version: row.version, active: "false" };
    },
  },
  "security.createDisplay": {
    input: async (db, unitCode) => ({ name: "测试大屏", unitId: (await unitByCode(db, unitCode)).id }),
  },
  "security.revokeDisplay": {
    input: async (db, unitCode) => ({ id: (await makeUser(db, "DISPLAY", unitCode)).id }),
  },
  "security.revokeSessions": {
    input: async (db, unitCode) => ({ id: (await makeUser(db, "OFFICER", unitCode)).id }),
  },
  "stats.save": {
    // a county's completed month: the versions as stored now, fresh figures (no warnings: no previous month stored)
    input: async (db, unitCode) => {
      const unit = await unitByCode(db, unitCode);
      const month = "2024-03";
      const stored = await db.statValue.findMany({ where: { unitId: unit.id, month: monthDate(month) }, select: { metric: true, version: true } });
      const n = 100 + (seq++ % 50);
      return {
        unitId: unit.id,
        month,
        "v.criminal.filed": String(n),
        "v.criminal.solved": String(Math.floor(n / 2)),
        "v.telecom_fraud.loss": "12.50",
        ...Object.fromEntries(stored.map((s) => [`ver.${s.metric}`, String(s.version)])),
      };
    },
  },
  "population.import": {
    input: async (db, unitCode) => ({
      unitId: (await unitByCode(db, unitCode)).id,
      file: csvFile(`单位代码,年份,常住人口（人）\n${unitCode},2023,${1_000_000 + (seq++ % 1000)}\n`, "常住人口.csv"),
    }),
  },
  "stats.import": {
    input: async (db, unitCode) => ({
      unitId: (await unitByCode(db, unitCode)).id,
      confirm: "1",
      file: csvFile(`单位（代码或名称）,月份,刑事案件立案,刑事案件破案\n${unitCode},${lastCompletedMonth()},${20 + (seq++ % 30)},10\n`, "月度统计.csv"),
    }),
  },
};
