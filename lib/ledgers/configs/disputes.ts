// 矛盾纠纷台账 (枫桥经验): mediation, 警调对接 and the homicide-risk early warning (scoreDispute, weights in settings).
import type { LedgerConfig, LedgerValues } from "../types";
import { DISPUTE_CATEGORIES, RISK_TIERS, cachedSetting, opts } from "./shared";

export const DISPUTE_STATUSES = opts("排查中", "调解中", "已化解", "未化解", "稳控中");
export const MEDIATION_BODIES = opts("人民调解委员会", "派出所调解", "警调对接调解室", "行业性专业性调解组织", "律师调解工作室", "司法所", "法院诉前调解", "其他");

export const disputes: LedgerConfig = {
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
