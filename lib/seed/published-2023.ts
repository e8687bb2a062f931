// The province's published results for 2023 (shared/domain/gansu-daily-2023.zh.txt, Gansu Daily 2023: 「让平安的阳光
// 照耀千家万户」 and 「『大调解』之花孕育和谐幸福之果」) that the demo seed reproduces exactly. The seed reads its targets
// from here; tests/integration/published-2023.test.ts has its own table and reads the figures back from the rendered
// 2023 report and the cockpit.
//
// Which period each figure is for:
//   - "今年以来" flows (经济犯罪破案/挽损, 协助清收不良资产, 排查化解矛盾纠纷, 约谈, 刑事案件同比, 命案预警线索): reproduced
//     for the WHOLE YEAR 2023 (the 2023 年报 shows them);
//   - standing counts (包抓联企业/护航警官, 综合指挥室/执法办案中心/模型工具, 网上办/全程网办/跨省通办): at 2023-12-31;
//   - 电信诈骗 "连续23个月双下降": a state at the month the article's figures were counted up to. The article itself gives
//     no date for it; Gansu's own later statements pin it: "发案已连续16个月同比下降" for the first three quarters of
//     2022 (中国甘肃网 2022-09-30) and "已连续55个月保持双下降" at the end of 2025 (甘肃省公安厅 2026-01-07) both put the
//     first month of the streak at 2021-06, so the 23rd month is 2023-04 — the article's figures run to April 2023
//     (the 3月31日 推进会 is the article's latest dated event). The demo streak starts 2021-06 and continues since
//     (55 at 2025-12, as published);
//   - 人民调解 58,408 / 57,454 = 98.4 %: 2023 上半年, an external statistic (省司法厅), not police data.

/** the month the article's "连续 N 个月" is counted at */
export const ARTICLE_MONTH = "2023-04";
/** first month of the telecom-fraud 双下降 streak (23 months up to ARTICLE_MONTH) */
export const TELECOM_STREAK_FROM = "2021-06";

export const PUBLISHED_2023 = {
  economicSolved: 1441,
  /** 万元: 10 亿余元 */
  economicRecovered: 102_000,
  /** 万元: 38.34 亿余元 */
  badAssets: 383_400,
  summons: 1780,
  enterprises: 4850,
  escortOfficers: 1949,
  /** 4.4 万余起: disputes screened in 2023 (the ledger) */
  disputesScreened: 44_368,
  /** 200 余条: disputes flagged by the homicide-risk warning, found in 2023 */
  warningLeads: 236,
  serviceOnline: 180,
  serviceFullyOnline: 114,
  /** 7 项交管业务 + 户口迁移、户籍证明 2 类 */
  serviceCrossProvince: 9,
  telecomStreak: 23,
  /** 2023 上半年 (external: 省司法厅) */
  peopleMediated: 58_408,
  peopleSucceeded: 57_454,
} as const;
