// The statistics catalogue (configuration): categories and their metrics, entered monthly per county (or imported).
// Disputes screened/resolved are NOT here: they come from the dispute ledger, so that the figure has one source.
// kind "flow": a monthly count that adds up over a period; "stock": a standing count read at the period's last month.

export interface StatMetric {
  /** stable id, e.g. "criminal.filed" */
  key: string;
  label: string;
  unit: "起" | "人" | "万元" | "项" | "个" | "件";
  kind: "flow" | "stock";
  /** warn when a month's value exceeds this multiple of the paired metric (e.g. solved ≫ filed) */
  notAbove?: { metric: string; factor: number };
  /** decimals allowed (money); counts are integers */
  decimals?: number;
}

export interface StatCategory {
  key: string;
  label: string;
  metrics: StatMetric[];
}

export const STAT_CATEGORIES: StatCategory[] = [
  {
    key: "criminal",
    label: "刑事案件",
    metrics: [
      { key: "criminal.filed", label: "立案", unit: "起", kind: "flow" },
      { key: "criminal.solved", label: "破案", unit: "起", kind: "flow", notAbove: { metric: "criminal.filed", factor: 1.5 } },
    ],
  },
  {
    key: "public_order",
    label: "治安案件",
    metrics: [
      { key: "public_order.accepted", label: "受理", unit: "起", kind: "flow" },
      { key: "public_order.handled", label: "查处", unit: "起", kind: "flow", notAbove: { metric: "public_order.accepted", factor: 1.5 } },
    ],
  },
  {
    key: "economic",
    label: "经济犯罪",
    metrics: [
      { key: "economic.filed", label: "立案", unit: "起", kind: "flow" },
      { key: "economic.solved", label: "破案", unit: "起", kind: "flow", notAbove: { metric: "economic.filed", factor: 1.5 } },
      { key: "economic.recovered", label: "挽损金额", unit: "万元", kind: "flow", decimals: 2 },
      { key: "economic.bad_assets", label: "协助清收不良资产", unit: "万元", kind: "flow", decimals: 2 },
    ],
  },
  {
    key: "telecom_fraud",
    label: "电信网络诈骗",
    metrics: [
      { key: "telecom_fraud.cases", label: "发案", unit: "起", kind: "flow" },
      { key: "telecom_fraud.loss", label: "损失金额", unit: "万元", kind: "flow", decimals: 2 },
      { key: "telecom_fraud.solved", label: "破案", unit: "起", kind: "flow", notAbove: { metric: "telecom_fraud.cases", factor: 1.5 } },
    ],
  },
  {
    key: "traffic",
    label: "道路交通事故",
    metrics: [
      { key: "traffic.accidents", label: "起数", unit: "起", kind: "flow" },
      { key: "traffic.deaths", label: "死亡", unit: "人", kind: "flow" },
    ],
  },
  { key: "summons", label: "约谈", metrics: [{ key: "summons.people", label: "约谈人数", unit: "人", kind: "flow" }] },
  {
    key: "service",
    label: "公安政务服务",
    metrics: [
      { key: "service.online", label: "网上办事项", unit: "项", kind: "stock" },
      { key: "service.fully_online", label: "全程网办事项", unit: "项", kind: "stock" },
      { key: "service.cross_province", label: "跨省通办事项", unit: "项", kind: "stock" },
    ],
  },
  {
    key: "infrastructure",
    label: "基层基础建设",
    metrics: [
      { key: "infra.command_rooms", label: "综合指挥室", unit: "个", kind: "stock" },
      { key: "infra.case_centres", label: "执法办案中心", unit: "个", kind: "stock" },
      { key: "infra.smart_communities", label: "智能安防小区", unit: "个", kind: "stock" },
      { key: "infra.model_tools", label: "模型工具", unit: "个", kind: "stock" },
    ],
  },
  {
    // an imported external statistic (省司法厅人民调解统计), not police data: entered or imported on the province unit
    key: "people_mediation",
    label: "人民调解（司法行政统计）",
    metrics: [
      { key: "people_mediation.mediated", label: "调解矛盾纠纷", unit: "件", kind: "flow" },
      { key: "people_mediation.succeeded", label: "调解成功", unit: "件", kind: "flow", notAbove: { metric: "people_mediation.mediated", factor: 1 } },
    ],
  },
];

export const STAT_METRICS: StatMetric[] = STAT_CATEGORIES.flatMap((c) => c.metrics);
export const STAT_METRIC_MAP = new Map(STAT_METRICS.map((m) => [m.key, m]));

export function metricLabel(key: string): string {
  const m = STAT_METRIC_MAP.get(key);
  const c = STAT_CATEGORIES.find((x) => x.metrics.some((y) => y.key === key));
  return m && c ? `${c.label}${m.label}` : key;
}
