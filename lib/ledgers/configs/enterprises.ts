// 包抓联: key enterprises, each with a 护航警官 (point to point), and the ledgers kept per enterprise (走访、诉求、涉企案件).
import { addDays, shanghaiToday } from "@/lib/time";
import type { DerivedCell, LedgerConfig, LedgerField } from "../types";
import { checkUscc } from "../uscc";
import { opts } from "./shared";

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

export const enterprises: LedgerConfig = {
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

export const visits: LedgerConfig = {
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

export const demands: LedgerConfig = {
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

export const entCases: LedgerConfig = {
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
