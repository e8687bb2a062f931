// The province's published 2023 figures (甘肃日报 2023, shared/domain/gansu-daily-2023.zh.txt) and the KPI each one is
// read from, with how the figure was counted: the period ("今年以来" read as the whole year 2023 — the demo and the
// 2023 年报 reproduce them so — or a state at a stated instant), and its source: police data (公安统计/台账) or an
// imported external statistic. The KPI definitions (definitions.ts) stay period-free; this is the figure's 口径.
export interface PublishedFigure {
  kpi: string;
  /** the figure as published */
  figure: string;
  /** the period key it is reproduced for (lib/kpi/period.ts) */
  period: string;
  /** how it was counted */
  caliber: string;
  source: "公安统计" | "公安台账" | "外部统计（省司法厅）";
  /** the article's words */
  quote: string;
}

export const PUBLISHED_2023_FIGURES: PublishedFigure[] = [
  { kpi: "criminal.filed", figure: "同比 −1.5%", period: "2023", caliber: "2023 年全年立案数与 2022 年全年相比（「今年以来」按全年计）", source: "公安统计", quote: "全省刑事案件立案数同比下降1.5%" },
  { kpi: "criminal.solved", figure: "同比 +12.5%", period: "2023", caliber: "2023 年全年破案数与 2022 年全年相比（「今年以来」按全年计）", source: "公安统计", quote: "破案数同比上升12.5%" },
  { kpi: "telecom.streak", figure: "23 个月", period: "2023-04", caliber: "截至 2023 年 4 月（文章数字所到月份：省厅 2022-09 称「连续16个月」、2026-01 称「连续55个月」，均起于 2021 年 6 月），发案数和损失金额均低于上年同月的连续月数", source: "公安统计", quote: "电信诈骗案件连续23个月保持发案、损失“双下降”" },
  { kpi: "economic.solved", figure: "1,441 起", period: "2023", caliber: "2023 年全年破获经济犯罪案件数（「今年以来」按全年计）", source: "公安统计", quote: "破获各类经济犯罪案件1441起" },
  { kpi: "economic.recovered", figure: "10 亿余元", period: "2023", caliber: "2023 年全年经济犯罪挽回损失（万元，「今年以来」按全年计）", source: "公安统计", quote: "挽回10亿余元" },
  { kpi: "economic.bad_assets", figure: "38.34 亿余元", period: "2023", caliber: "2023 年全年协助清收不良资产金额（万元，「今年以来」按全年计）", source: "公安统计", quote: "协助清收不良资产38.34亿余元" },
  { kpi: "service.online", figure: "180 项", period: "2023", caliber: "2023 年末「网上办」公安业务事项数（省厅本级存量）", source: "公安统计", quote: "180项公安业务实现“网上办”" },
  { kpi: "service.fully_online", figure: "114 项", period: "2023", caliber: "2023 年末「全程网办」事项数（省厅本级存量）", source: "公安统计", quote: "114项实现“全程网办”" },
  { kpi: "service.cross_province", figure: "9 项", period: "2023", caliber: "2023 年末「跨省通办」事项数：7 项交管业务 + 户口迁移、户籍证明 2 类", source: "公安统计", quote: "7项交管业务和户口迁移、户籍证明类项目实现“跨省通办”" },
  { kpi: "ent.count", figure: "4,850 家", period: "2023", caliber: "2023 年 12 月 31 日包抓中的重点企业数", source: "公安台账", quote: "全省包抓重点企业4850家" },
  { kpi: "ent.officers", figure: "1,949 名", period: "2023", caliber: "2023 年 12 月 31 日为包抓中企业服务的护航警官人数（按警号去重）", source: "公安台账", quote: "1949名护航警官点对点跟进服务保障" },
  { kpi: "disputes.screened", figure: "4.4 万余起", period: "2023", caliber: "2023 年全年矛盾纠纷台账排查的纠纷数（「今年以来」按全年计）", source: "公安台账", quote: "排查化解各类矛盾纠纷4.4万余起" },
  { kpi: "disputes.warning_leads", figure: "200 余条", period: "2023", caliber: "2023 年全年排查、经易引发命案矛盾纠纷预警模型达到阈值的纠纷数（「累计」按 2023 年全年计）", source: "公安台账", quote: "累计发现化解易引发命案线索200余条" },
  { kpi: "summons.people", figure: "1,780 人", period: "2023", caliber: "2023 年全年网上「三俗」和谣言专项整治约谈人数（「今年以来」按全年计）", source: "公安统计", quote: "约谈1780人" },
  { kpi: "infra.command_rooms", figure: "350 个", period: "2023", caliber: "2023 年末建成的派出所综合指挥室数（存量）", source: "公安统计", quote: "建成派出所综合指挥室350个" },
  { kpi: "infra.case_centres", figure: "102 个", period: "2023", caliber: "2023 年末建成的执法办案中心数（存量）", source: "公安统计", quote: "建成102个一体化、常态化执法办案中心" },
  { kpi: "infra.model_tools", figure: "220 余个", period: "2023", caliber: "2023 年末研发的模型工具数（存量）", source: "公安统计", quote: "聚焦实战研发各类模型工具220余个" },
  { kpi: "people_mediation.mediated", figure: "58,408 件", period: "2023-06-ytd", caliber: "2023 年上半年全省人民调解组织调解的矛盾纠纷件数（导入）", source: "外部统计（省司法厅）", quote: "2023年上半年全省调解各类矛盾纠纷58408件" },
  { kpi: "people_mediation.rate", figure: "98.4%（57,454 ÷ 58,408）", period: "2023-06-ytd", caliber: "2023 年上半年人民调解成功件数 ÷ 调解件数（导入）", source: "外部统计（省司法厅）", quote: "调解成功57454件，调解成功率98.4%" },
];
