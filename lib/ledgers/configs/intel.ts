// 情指行一体化: 情报信息台账 → 分析研判台账 → 核查处置台账; an intelligence item's loop closes when a verification
// linked to it is closed (recomputeIntelLoops, run after every verification write).
import type { Tx } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import type { DerivedCell, FieldOption, LedgerConfig } from "../types";
import { RISK_TIERS, cachedSetting, opts, riskTone } from "./shared";

export const VERIFICATION_RESULTS = opts("属实", "部分属实", "不属实");
export const INTEL_GRADES: FieldOption[] = [
  { value: "1", label: "一级" },
  { value: "2", label: "二级" },
  { value: "3", label: "三级" },
  { value: "4", label: "四级" },
];

/** Intelligence deadlines: report within 1/2/8/12 h by grade; close the loop within 3/7/15/30 days (configurable). */
export const intel: LedgerConfig = {
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

export const analysis: LedgerConfig = {
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

export const verification: LedgerConfig = {
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
