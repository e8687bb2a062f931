// The four lists' remaining two (问题、制度机制), the four ledgers (创稳、情报、研判、核查处置), the dispute ledger and
// the 包抓联 enterprise roster (企业清单 ← 走访、诉求、涉企案件).
// Adding a ledger = a Prisma model + one entry here. Field vocabularies follow DOMAIN.md.
import type { Tx } from "@/lib/db/client";
import { type SettingKey, type SettingValue, getSetting } from "@/lib/settings";
import { formatDateTime } from "@/lib/format";
import { addDays, isPastDay, shanghaiToday } from "@/lib/time";
import type { DerivedCell, FieldOption, LedgerConfig, LedgerField, LedgerKey, LedgerValues, WriteContext } from "./types";
import { checkUscc } from "./uscc";

const opts = (...labels: string[]): FieldOption[] => labels.map((l) => ({ value: l, label: l }));

export const RISK_TIERS: FieldOption[] = [
  { value: "BLUE", label: "蓝" },
  { value: "YELLOW", label: "黄" },
  { value: "RED", label: "红" },
];
const riskTone = (v: unknown): DerivedCell["tone"] => (v === "RED" ? "red" : v === "YELLOW" ? "amber" : "blue");

export const DISPUTE_CATEGORIES = opts("婚恋纠葛", "家庭矛盾", "邻里冲突", "劳资债务", "土地山林", "征地拆迁", "合同经济", "医疗纠纷", "交通事故", "其他");
export const PROBLEM_STAGES = opts("排查", "分流", "化解", "稳控", "销号");
export const DISPUTE_STATUSES = opts("排查中", "调解中", "已化解", "未化解", "稳控中");
export const MEDIATION_BODIES = opts("人民调解委员会", "派出所调解", "警调对接调解室", "行业性专业性调解组织", "律师调解工作室", "司法所", "法院诉前调解", "其他");
export const VERIFICATION_RESULTS = opts("属实", "部分属实", "不属实");
export const INTEL_GRADES: FieldOption[] = [
  { value: "1", label: "一级" },
  { value: "2", label: "二级" },
  { value: "3", label: "三级" },
  { value: "4", label: "四级" },
];

const problems: LedgerConfig = {
  key: "problems",
  title: "现实矛盾问题清单",
  kind: "清单",
  description: "排查发现的现实矛盾问题：排查 → 分流 → 化解 → 稳控 → 销号。",
  model: "problemItem",
  table: "problem_items",
  codePrefix: "WT",
  dateField: "foundOn",
  titleField: "title",
  fields: [
    { key: "title", label: "问题概述", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "source", label: "来源", type: "enum", required: true, options: opts("排查", "信访", "110警情", "情报", "其他"), list: true, filter: true },
    { key: "category", label: "类型", type: "enum", required: true, options: DISPUTE_CATEGORIES, list: true, filter: true },
    { key: "riskTier", label: "风险等级", type: "enum", required: true, options: RISK_TIERS, pgEnum: "RiskTier", list: true, filter: true },
    { key: "stage", label: "处置阶段", type: "enum", required: true, options: PROBLEM_STAGES, list: true, filter: true },
    { key: "foundOn", label: "排查日期", type: "date", required: true, list: true, filter: true },
    { key: "deadline", label: "化解时限", type: "date", list: true },
    { key: "town", label: "乡镇（街道）", type: "text", max: 60, search: true },
    { key: "village", label: "村（社区）", type: "text", max: 60, search: true },
    { key: "parties", label: "当事人", type: "text", max: 200, search: true },
    { key: "officerName", label: "责任民警", type: "text", max: 30, list: true, search: true },
    { key: "description", label: "问题详情", type: "longtext", max: 4000, wide: true },
    { key: "followUp", label: "回访情况", type: "longtext", max: 2000, wide: true },
    { key: "closedOn", label: "销号日期", type: "date" },
  ],
  check: (v) => {
    const out: [string, string][] = [];
    if (v.stage === "销号" && !v.closedOn) out.push(["closedOn", "处置阶段为销号时须填写销号日期"]);
    if (v.closedOn && v.stage !== "销号") out.push(["stage", "已填写销号日期，处置阶段应为销号"]);
    if (v.deadline instanceof Date && v.foundOn instanceof Date && v.deadline < v.foundOn) out.push(["deadline", "化解时限不能早于排查日期"]);
    return out;
  },
  presets: [
    { key: "open", label: "未销号", where: async () => ({ stage: { not: "销号" } }) },
    { key: "overdue", label: "逾期未销号", where: async (_db, now) => ({ stage: { not: "销号" }, deadline: { lt: shanghaiToday(now) } }) },
    { key: "red", label: "红色风险", where: async () => ({ riskTier: "RED" }) },
  ],
  derived: (row, now) => {
    const overdue = row.stage !== "销号" && row.deadline instanceof Date && isPastDay(row.deadline, now);
    return [{ label: "时限", text: row.stage === "销号" ? "已销号" : overdue ? "逾期" : "在办", tone: row.stage === "销号" ? "green" : overdue ? "red" : "slate" }];
  },
};

const mechanisms: LedgerConfig = {
  key: "mechanisms",
  title: "制度机制清单",
  kind: "清单",
  description: "主动创稳工作中新建、修订、废止的制度机制。",
  model: "mechanism",
  table: "mechanisms",
  codePrefix: "ZD",
  dateField: "issuedOn",
  titleField: "name",
  fields: [
    { key: "name", label: "制度名称", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "action", label: "类别", type: "enum", required: true, options: opts("新建", "修订", "废止"), list: true, filter: true },
    { key: "issuer", label: "发文机关", type: "text", required: true, max: 100, list: true, search: true },
    { key: "docNo", label: "文号", type: "text", max: 60, list: true, search: true },
    { key: "issuedOn", label: "印发日期", type: "date", required: true, list: true, filter: true },
    { key: "taskCodes", label: "关联任务编号", type: "text", max: 200, hint: "规划任务编号，多个用逗号分隔，例如 2.1.01, 2.3.02" },
    { key: "content", label: "主要内容", type: "longtext", max: 4000, wide: true },
    { key: "evaluation", label: "评估情况", type: "longtext", max: 2000, wide: true },
  ],
  check: (v) => {
    const codes = typeof v.taskCodes === "string" ? v.taskCodes.split(/[,，;；\s]+/).filter(Boolean) : [];
    const bad = codes.filter((c) => !/^\d+\.\d+\.\d{2}$/.test(c));
    return bad.length ? [["taskCodes", `任务编号格式不正确：${bad.join("、")}`]] : [];
  },
};

const stability: LedgerConfig = {
  key: "stability",
  title: "创稳工作台账",
  kind: "台账",
  description: "涉稳事件的发生、规模、性质、处置与结果。",
  model: "stabilityEvent",
  table: "stability_events",
  codePrefix: "CW",
  dateField: "occurredAt",
  titleField: "title",
  fields: [
    { key: "title", label: "事件名称", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "occurredAt", label: "发生时间", type: "datetime", required: true, list: true, filter: true },
    { key: "place", label: "发生地点", type: "text", required: true, max: 200, list: true, search: true },
    { key: "scale", label: "涉及人数", type: "int", min: 0, max: 1_000_000, list: true },
    { key: "nature", label: "事件性质", type: "enum", required: true, options: opts("群体性事件", "个人极端", "涉稳舆情", "重大活动安保", "重点人员动向", "其他"), list: true, filter: true },
    { key: "grade", label: "事件等级", type: "enum", required: true, options: opts("一般", "较大", "重大", "特别重大"), list: true, filter: true },
    { key: "status", label: "处置状态", type: "enum", required: true, options: opts("处置中", "已处置", "持续关注"), list: true, filter: true },
    { key: "handling", label: "处置措施", type: "longtext", max: 4000, wide: true },
    { key: "outcome", label: "处置结果", type: "longtext", max: 2000, wide: true },
  ],
};

/** Intelligence deadlines: report within 1/2/8/12 h by grade; close the loop within 3/7/15/30 days (configurable). */
const intel: LedgerConfig = {
  key: "intel",
  title: "情报信息台账",
  kind: "台账",
  description: "情报信息按等级限时上报；经研判、核查处置办结后闭环（情指行一体化）。",
  model: "intelItem",
  table: "intel_items",
  extraColumns: { reportDueAt: "timestamptz", loopDueAt: "timestamptz" },
  codePrefix: "QB",
  dateField: "receivedAt",
  titleField: "title",
  fields: [
    { key: "title", label: "情报标题", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "grade", label: "等级", type: "enum", numeric: true, required: true, options: INTEL_GRADES, list: true, filter: true, hint: "一级 1 小时、二级 2 小时、三级 8 小时、四级 12 小时内上报" },
    { key: "source", label: "来源", type: "enum", required: true, options: opts("群众举报", "网上巡查", "基层排查", "上级通报", "部门移交", "技术发现", "其他"), list: true, filter: true },
    { key: "receivedAt", label: "获取时间", type: "datetime", required: true, list: true, filter: true },
    { key: "reportedAt", label: "上报时间", type: "datetime", list: true },
    { key: "reportedTo", label: "上报对象", type: "text", max: 100 },
    { key: "content", label: "情报内容", type: "longtext", required: true, max: 4000, search: true, wide: true },
  ],
  check: (v) =>
    v.reportedAt instanceof Date && v.receivedAt instanceof Date && v.reportedAt < v.receivedAt ? [["reportedAt", "上报时间不能早于获取时间"]] : [],
  presets: [
    { key: "open", label: "未闭环", where: async () => ({ loopClosedAt: null }) },
    { key: "overdueLoop", label: "逾期未闭环", where: async (_db, now) => ({ loopClosedAt: null, loopDueAt: { lt: now } }) },
    { key: "lateReport", label: "逾期未报", where: async (_db, now) => ({ reportedAt: null, reportDueAt: { lt: now } }) },
  ],
  computed: async (tx, v, ctx) => {
    const d = await cachedSetting(tx, ctx, "intel.deadlines");
    const grade = Number(v.grade);
    const received = v.receivedAt as Date;
    return {
      reportDueAt: new Date(received.getTime() + d.reportHours[grade - 1] * 3_600_000),
      loopDueAt: new Date(received.getTime() + d.loopDays[grade - 1] * 86_400_000),
    };
  },
  derived: (row, now) => {
    const due = row.reportDueAt as Date;
    const reported = row.reportedAt as Date | null;
    const report: DerivedCell = reported
      ? reported > due
        ? { label: "上报", text: "超时上报", tone: "amber" }
        : { label: "上报", text: "按时上报", tone: "green" }
      : now > due
        ? { label: "上报", text: "逾期未报", tone: "red" }
        : { label: "上报", text: `待上报（${formatDateTime(due).slice(5, 16)} 前）`, tone: "blue" };
    const closed = row.loopClosedAt as Date | null;
    const loop: DerivedCell = closed
      ? { label: "闭环", text: "已闭环", tone: "green" }
      : now > (row.loopDueAt as Date)
        ? { label: "闭环", text: "逾期未闭环", tone: "red" }
        : { label: "闭环", text: "未闭环", tone: "amber" };
    return [report, loop];
  },
};

const analysis: LedgerConfig = {
  key: "analysis",
  title: "分析研判台账",
  kind: "台账",
  description: "对情报信息的分析研判：结论、风险等级、建议与分发。",
  model: "analysisSession",
  table: "analysis_sessions",
  codePrefix: "YP",
  dateField: "heldOn",
  titleField: "topic",
  fields: [
    { key: "topic", label: "研判主题", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "heldOn", label: "研判日期", type: "date", required: true, list: true, filter: true },
    { key: "chair", label: "主持人", type: "text", required: true, max: 30, list: true, search: true },
    { key: "attendees", label: "参会单位", type: "text", max: 300 },
    {
      key: "intelCodes",
      label: "关联情报编号",
      type: "links",
      required: true,
      links: { ledger: "intel", multiple: true, store: { kind: "join", model: "analysisIntel", ownerKey: "analysisId", targetKey: "intelId" } },
      hint: "多个用逗号分隔",
      list: true,
    },
    { key: "riskLevel", label: "风险等级", type: "enum", required: true, options: RISK_TIERS, pgEnum: "RiskTier", list: true, filter: true },
    { key: "conclusion", label: "研判结论", type: "longtext", required: true, max: 4000, search: true, wide: true },
    { key: "recommendations", label: "工作建议", type: "longtext", max: 2000, wide: true },
    { key: "distribution", label: "分发范围", type: "text", max: 300 },
    { key: "followUp", label: "跟踪落实", type: "longtext", max: 2000, wide: true },
  ],
  derived: (row) => [{ label: "风险", text: RISK_TIERS.find((r) => r.value === row.riskLevel)?.label ?? "", tone: riskTone(row.riskLevel) }],
};

const verification: LedgerConfig = {
  key: "verification",
  title: "核查处置台账",
  kind: "台账",
  description: "对情报和研判结论的核查处置；办结后对应情报闭环。",
  model: "verification",
  table: "verifications",
  extraColumns: { analysisId: "int" },
  codePrefix: "HC",
  dateField: "startedOn",
  titleField: "verifyingUnit",
  fields: [
    {
      key: "intelCodes",
      label: "关联情报编号",
      type: "links",
      required: true,
      links: { ledger: "intel", multiple: true, store: { kind: "join", model: "verificationIntel", ownerKey: "verificationId", targetKey: "intelId" } },
      hint: "多个用逗号分隔",
      list: true,
    },
    {
      key: "analysisCode",
      label: "关联研判编号",
      type: "links",
      links: { ledger: "analysis", multiple: false, store: { kind: "column", column: "analysisId" } },
      list: true,
    },
    { key: "verifyingUnit", label: "核查单位", type: "text", required: true, max: 100, list: true, search: true },
    { key: "startedOn", label: "核查日期", type: "date", required: true, list: true, filter: true },
    { key: "result", label: "核查结果", type: "enum", options: VERIFICATION_RESULTS, list: true, filter: true },
    { key: "action", label: "处置措施", type: "longtext", max: 4000, search: true, wide: true },
    { key: "feedback", label: "反馈情况", type: "longtext", max: 2000, wide: true },
    { key: "closedAt", label: "办结时间", type: "datetime", list: true, hint: "填写后关联情报即闭环" },
  ],
  check: (v) => (v.closedAt && !v.result ? [["result", "办结前须填写核查结果"]] : []),
  derived: (row) => [{ label: "状态", text: row.closedAt ? "已办结" : "办理中", tone: row.closedAt ? "green" : "amber" }],
  presets: [{ key: "open", label: "办理中", where: async () => ({ closedAt: null }) }],
  afterWrite: async (tx, _ids, ctx) => {
    // 情指行一体化: an intelligence item's loop is closed exactly when one of its verifications is closed
    const intelIds = [...(ctx.touched.get("intel") ?? [])];
    if (intelIds.length) await recomputeIntelLoops(tx, intelIds);
  },
};

const disputes: LedgerConfig = {
  key: "disputes",
  title: "矛盾纠纷台账",
  kind: "台账",
  description: "矛盾纠纷排查化解（枫桥经验）：调解、警调对接与命案风险预警。",
  model: "dispute",
  table: "disputes",
  extraColumns: { warningScore: "int", warningReasons: "text", warningFlagged: "boolean" },
  codePrefix: "JF",
  dateField: "foundOn",
  titleField: "summary",
  fields: [
    { key: "summary", label: "纠纷概况", type: "text", required: true, max: 300, list: true, search: true, wide: true },
    { key: "category", label: "纠纷类型", type: "enum", required: true, options: DISPUTE_CATEGORIES, list: true, filter: true },
    { key: "parties", label: "当事人", type: "text", required: true, max: 200, search: true },
    { key: "partyCount", label: "当事人数", type: "int", min: 1, max: 10_000, defaultValue: 2 },
    { key: "town", label: "乡镇（街道）", type: "text", max: 60, search: true },
    { key: "village", label: "村（社区）", type: "text", max: 60, list: true, search: true },
    { key: "foundOn", label: "排查日期", type: "date", required: true, list: true, filter: true },
    { key: "source", label: "来源", type: "enum", required: true, options: opts("排查", "110警情", "群众来访", "信访转办", "网格员上报", "其他"), filter: true },
    { key: "status", label: "状态", type: "enum", required: true, options: DISPUTE_STATUSES, list: true, filter: true },
    { key: "riskTier", label: "风险等级", type: "enum", required: true, options: RISK_TIERS, pgEnum: "RiskTier", list: true, filter: true },
    { key: "mediationBody", label: "调解组织", type: "enum", options: MEDIATION_BODIES, filter: true },
    { key: "policeMediation", label: "警调对接", type: "bool", filter: true },
    { key: "mediated", label: "已调解", type: "bool", filter: true },
    { key: "mediationSucceeded", label: "调解成功", type: "bool", filter: true },
    { key: "resolvedOn", label: "化解日期", type: "date" },
    { key: "repeatCalls", label: "重复报警次数", type: "int", min: 0, max: 1000, defaultValue: 0 },
    { key: "threats", label: "有威胁言行", type: "bool" },
    { key: "weapons", label: "涉及凶器", type: "bool" },
    { key: "domesticViolence", label: "有家暴史", type: "bool" },
    { key: "outcome", label: "化解结果", type: "longtext", max: 2000, wide: true },
  ],
  check: (v) => {
    const out: [string, string][] = [];
    if (v.mediationSucceeded && !v.mediated) out.push(["mediationSucceeded", "未调解的纠纷不能标记为调解成功"]);
    if (v.mediated && !v.mediationBody) out.push(["mediationBody", "已调解的纠纷须填写调解组织"]);
    if (v.status === "已化解" && !v.resolvedOn) out.push(["resolvedOn", "状态为已化解时须填写化解日期"]);
    if (v.resolvedOn instanceof Date && v.foundOn instanceof Date && v.resolvedOn < v.foundOn) out.push(["resolvedOn", "化解日期不能早于排查日期"]);
    return out;
  },
  presets: [
    { key: "warning", label: "命案风险预警", where: async () => ({ warningFlagged: true }) },
    { key: "unresolved", label: "未化解", where: async () => ({ status: { in: ["排查中", "调解中", "未化解", "稳控中"] } }) },
    { key: "police", label: "警调对接", where: async () => ({ policeMediation: true }) },
  ],
  computed: async (tx, v, ctx) => {
    const { warningScore, warningReasons, flagged } = scoreDispute(v, await cachedSetting(tx, ctx, "dispute.warning"));
    return { warningScore, warningReasons, warningFlagged: flagged };
  },
  derived: (row) => {
    const score = Number(row.warningScore ?? 0);
    return [{ label: "预警", text: row.warningFlagged ? `预警 ${score} 分` : score ? `${score} 分` : "—", tone: row.warningFlagged ? "red" : score > 0 ? "amber" : "slate" }];
  },
};

// ── 包抓联: key enterprises, each with a 护航警官 (point to point), and the ledgers kept per enterprise ──

export const ENTERPRISE_INDUSTRIES = opts("能源化工", "装备制造", "冶金有色", "农产品加工", "文化旅游", "商贸物流", "建筑房地产", "信息技术", "医药健康", "其他");
export const ENTERPRISE_LEVELS = opts("省级重点", "市级重点", "县级重点");
export const ENTERPRISE_STATUSES = opts("包抓中", "已退出");
export const VISIT_FORMS = opts("上门走访", "座谈会", "电话联系", "线上对接");
export const DEMAND_CATEGORIES = opts("治安环境", "案件办理", "证照办理", "矛盾纠纷", "交通出行", "其他");
export const DEMAND_STATUSES = opts("办理中", "已解决", "不予解决（已说明）");
export const SATISFACTION = opts("满意", "基本满意", "不满意");
export const ENTERPRISE_CASE_TYPES = opts("合同诈骗", "职务侵占", "挪用资金", "非国家工作人员受贿", "盗窃", "诈骗", "敲诈勒索", "强迫交易", "破坏生产经营", "侵犯知识产权", "其他");
export const ENTERPRISE_CASE_STATUSES = opts("立案侦查", "已破案", "移送起诉", "已结案");
/** statuses of a solved case (破案 and the steps after it) */
export const SOLVED_CASE_STATUSES = ["已破案", "移送起诉", "已结案"];
/** a demand still open after this many days is flagged (超30天未办结) */
export const DEMAND_OVERDUE_DAYS = 30;

/** The single link of a visit, demand or case to its enterprise (stored in enterprise_id). */
const enterpriseLink = (required: boolean): LedgerField => ({
  key: "enterpriseCode",
  label: "关联企业编号",
  type: "links",
  required,
  links: { ledger: "enterprises", multiple: false, store: { kind: "column", column: "enterpriseId" } },
  hint: "包抓联企业清单中的编号，例如 QY-620102-2025-0001",
  aliases: ["企业编号"],
  list: true,
});

const dayCount = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 86_400_000));

const enterprises: LedgerConfig = {
  key: "enterprises",
  title: "包抓联重点企业",
  kind: "清单",
  description: "包抓联重点企业及其护航警官（点对点）；走访、诉求、涉企案件按企业编号关联。",
  model: "enterprise",
  table: "enterprises",
  codePrefix: "QY",
  dateField: "enrolledOn",
  titleField: "name",
  fields: [
    { key: "name", label: "企业名称", type: "text", required: true, max: 100, list: true, search: true, wide: true },
    {
      key: "uscc",
      label: "统一社会信用代码",
      type: "text",
      required: true,
      max: 18,
      upper: true,
      unique: true,
      validate: checkUscc,
      list: true,
      search: true,
      hint: "18 位，字母不区分大小写（自动转为大写），保存时核对末位校验位",
      aliases: ["信用代码", "社会信用代码"],
    },
    { key: "industry", label: "所属行业", type: "enum", required: true, options: ENTERPRISE_INDUSTRIES, list: true, filter: true },
    { key: "level", label: "包抓级别", type: "enum", required: true, options: ENTERPRISE_LEVELS, list: true, filter: true },
    { key: "status", label: "包抓状态", type: "enum", required: true, options: ENTERPRISE_STATUSES, list: true, filter: true },
    { key: "enrolledOn", label: "纳入日期", type: "date", required: true, list: true, filter: true },
    { key: "address", label: "企业地址", type: "text", max: 200, search: true, wide: true },
    { key: "contactName", label: "企业联系人", type: "text", max: 30, search: true },
    { key: "contactPhone", label: "联系人电话", type: "text", max: 30 },
    { key: "escortName", label: "护航警官", type: "text", max: 30, list: true, search: true },
    {
      key: "escortBadge",
      label: "护航警官警号",
      type: "text",
      max: 6,
      validate: (v) => (/^\d{6}$/.test(v) ? null : "警号应为 6 位数字"),
      search: true,
      aliases: ["警号"],
    },
    { key: "escortPhone", label: "护航警官电话", type: "text", max: 30 },
  ],
  check: (v) => (!v.escortName && (v.escortBadge || v.escortPhone) ? [["escortName", "填写了警号或电话时须填写护航警官姓名"]] : []),
  presets: [
    { key: "noEscort", label: "无护航警官", where: async () => ({ escortName: null }) },
    { key: "active", label: "包抓中", where: async () => ({ status: "包抓中" }) },
  ],
  derived: (row) => [row.escortName ? { label: "护航", text: "已落实护航警官", tone: "green" } : { label: "护航", text: "无护航警官", tone: "red" }],
};

const visits: LedgerConfig = {
  key: "visits",
  title: "走访记录台账",
  kind: "台账",
  description: "护航警官对包抓联企业的走访、座谈和对接记录。",
  model: "enterpriseVisit",
  table: "enterprise_visits",
  extraColumns: { enterpriseId: "int" },
  codePrefix: "ZF",
  dateField: "visitedOn",
  titleField: "content",
  fields: [
    enterpriseLink(true),
    { key: "visitedOn", label: "走访日期", type: "date", required: true, list: true, filter: true },
    { key: "officerName", label: "走访民警", type: "text", required: true, max: 30, list: true, search: true },
    { key: "form", label: "走访形式", type: "enum", required: true, options: VISIT_FORMS, list: true, filter: true },
    { key: "content", label: "走访内容", type: "text", required: true, max: 500, list: true, search: true, wide: true },
    { key: "findings", label: "发现问题及处理", type: "longtext", max: 2000, search: true, wide: true },
  ],
};

const demands: LedgerConfig = {
  key: "demands",
  title: "企业诉求台账",
  kind: "台账",
  description: "走访中收集的企业诉求：登记、办理、办结与满意度回访。",
  model: "enterpriseDemand",
  table: "enterprise_demands",
  extraColumns: { enterpriseId: "int" },
  codePrefix: "SQ",
  dateField: "raisedOn",
  titleField: "content",
  fields: [
    enterpriseLink(true),
    { key: "raisedOn", label: "提出日期", type: "date", required: true, list: true, filter: true },
    { key: "category", label: "诉求类别", type: "enum", required: true, options: DEMAND_CATEGORIES, list: true, filter: true },
    { key: "content", label: "诉求内容", type: "text", required: true, max: 500, list: true, search: true, wide: true },
    { key: "status", label: "办理状态", type: "enum", required: true, options: DEMAND_STATUSES, list: true, filter: true },
    { key: "resolvedOn", label: "办结日期", type: "date", list: true, filter: true },
    { key: "handling", label: "办理情况", type: "longtext", max: 2000, search: true, wide: true },
    { key: "satisfaction", label: "企业满意度", type: "enum", options: SATISFACTION, list: true, filter: true },
  ],
  check: (v) => {
    const out: [string, string][] = [];
    if (v.status === "已解决" && !v.resolvedOn) out.push(["resolvedOn", "办理状态为已解决时须填写办结日期"]);
    if (v.status === "办理中" && v.resolvedOn) out.push(["status", "已填写办结日期，办理状态不应为办理中"]);
    if (v.resolvedOn instanceof Date && v.raisedOn instanceof Date && v.resolvedOn < v.raisedOn) out.push(["resolvedOn", "办结日期不能早于提出日期"]);
    if (v.status === "办理中" && v.satisfaction) out.push(["satisfaction", "诉求办结后再填写企业满意度"]);
    return out;
  },
  presets: [
    { key: "open", label: "办理中", where: async () => ({ status: "办理中" }) },
    {
      key: "overdue",
      label: `超${DEMAND_OVERDUE_DAYS}天未办结`,
      where: async (_db, now) => ({ status: "办理中", raisedOn: { lt: addDays(shanghaiToday(now), -DEMAND_OVERDUE_DAYS) } }),
    },
  ],
  derived: (row, now) => {
    const raised = row.raisedOn as Date;
    if (row.status === "办理中") {
      const waited = dayCount(raised, shanghaiToday(now));
      return [{ label: "时长", text: `已等待 ${waited} 天`, tone: waited > DEMAND_OVERDUE_DAYS ? "red" : waited > 15 ? "amber" : "blue" }];
    }
    const resolved = row.resolvedOn as Date | null;
    return [{ label: "时长", text: resolved ? `办结天数 ${dayCount(raised, resolved)} 天` : "已办结", tone: "green" }];
  },
};

const entCases: LedgerConfig = {
  key: "ent_cases",
  title: "涉企案件台账",
  kind: "台账",
  description: "侵害企业合法权益的案件：立案、侦破、移送起诉，损失与挽回损失。",
  model: "enterpriseCase",
  table: "enterprise_cases",
  extraColumns: { enterpriseId: "int" },
  codePrefix: "SA",
  dateField: "filedOn",
  titleField: "caseNo",
  fields: [
    enterpriseLink(false),
    { key: "caseNo", label: "案件编号", type: "text", required: true, max: 40, upper: true, list: true, search: true, hint: "执法办案系统中的案件编号" },
    { key: "caseType", label: "案件类别", type: "enum", required: true, options: ENTERPRISE_CASE_TYPES, list: true, filter: true },
    { key: "filedOn", label: "立案日期", type: "date", required: true, list: true, filter: true },
    { key: "status", label: "案件状态", type: "enum", required: true, options: ENTERPRISE_CASE_STATUSES, list: true, filter: true },
    { key: "lossAmount", label: "损失金额（元）", type: "int", min: 0, list: true, aliases: ["损失金额"] },
    { key: "recoveredAmount", label: "挽回损失（元）", type: "int", min: 0, list: true, aliases: ["挽回损失"] },
    { key: "summary", label: "简要案情", type: "longtext", max: 2000, search: true, wide: true },
  ],
  check: (v) => {
    if (v.recoveredAmount === null || v.recoveredAmount === undefined) return [];
    if (v.lossAmount === null || v.lossAmount === undefined) return [["lossAmount", "填写挽回损失时须填写损失金额"]];
    return Number(v.recoveredAmount) > Number(v.lossAmount) ? [["recoveredAmount", "挽回损失不能大于损失金额"]] : [];
  },
  presets: [{ key: "solved", label: "已破案", where: async () => ({ status: { in: SOLVED_CASE_STATUSES } }) }],
  derived: (row) => {
    const loss = Number(row.lossAmount ?? 0);
    const solved = SOLVED_CASE_STATUSES.includes(String(row.status));
    const cells: DerivedCell[] = [{ label: "侦破", text: solved ? "已破案" : "侦查中", tone: solved ? "green" : "amber" }];
    if (loss > 0) cells.push({ label: "挽损", text: `挽损 ${Math.round((Number(row.recoveredAmount ?? 0) / loss) * 100)}%`, tone: "slate" });
    return cells;
  },
};

async function cachedSetting<K extends SettingKey>(tx: Tx, ctx: WriteContext, key: K): Promise<SettingValue<K>> {
  if (!ctx.cache.has(key)) ctx.cache.set(key, await getSetting(tx, key));
  return ctx.cache.get(key) as SettingValue<K>;
}

/** Sets loop_closed_at of the given intelligence items from their linked verifications (latest closing time). */
export async function recomputeIntelLoops(tx: Tx, intelIds: number[]): Promise<number> {
  return tx.$executeRaw`
    UPDATE intel_items i SET loop_closed_at = sub.closed, version = i.version + 1, updated_at = now()
    FROM (
      SELECT t.id AS intel_id,
             (SELECT max(v.closed_at) FROM verification_intel vi JOIN verifications v ON v.id = vi.verification_id WHERE vi.intel_id = t.id) AS closed
      FROM unnest(${intelIds}::int[]) AS t(id)
    ) sub
    WHERE i.id = sub.intel_id AND i.loop_closed_at IS DISTINCT FROM sub.closed`;
}

/** The early-warning score of a dispute: the weights of the configured rules it matches, with their labels. */
export function scoreDispute(
  v: LedgerValues,
  cfg: { threshold: number; rules: { label: string; field: string; op: "=" | ">="; value: string | number | boolean; weight: number }[] },
): { warningScore: number; warningReasons: string | null; flagged: boolean } {
  const hits = cfg.rules.filter((r) => {
    const actual = v[r.field];
    return r.op === ">=" ? Number(actual ?? 0) >= Number(r.value) : actual === r.value;
  });
  const warningScore = hits.reduce((s, r) => s + r.weight, 0);
  return { warningScore, warningReasons: hits.length ? hits.map((r) => r.label).join("；") : null, flagged: warningScore >= cfg.threshold };
}

export const LEDGERS: Record<LedgerKey, LedgerConfig> = {
  problems,
  mechanisms,
  stability,
  intel,
  analysis,
  verification,
  disputes,
  enterprises,
  visits,
  demands,
  ent_cases: entCases,
};
export const LEDGER_KEYS = Object.keys(LEDGERS) as LedgerKey[];

export function ledgerConfig(key: string): LedgerConfig | null {
  // own keys only: "__proto__" or "toString" from a URL is no ledger
  return Object.hasOwn(LEDGERS, key) ? (LEDGERS as Record<string, LedgerConfig>)[key] : null;
}
