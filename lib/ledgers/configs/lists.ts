// 清单: the four lists' remaining two — 现实矛盾问题清单 (排查 → 分流 → 化解 → 稳控 → 销号) and 制度机制清单.
import { isPastDay, shanghaiToday } from "@/lib/time";
import type { LedgerConfig } from "../types";
import { DISPUTE_CATEGORIES, RISK_TIERS, opts } from "./shared";

export const PROBLEM_STAGES = opts("排查", "分流", "化解", "稳控", "销号");

export const problems: LedgerConfig = {
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

export const mechanisms: LedgerConfig = {
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
