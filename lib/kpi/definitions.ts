// Length (≈415 lines) kept on purpose: the KPI catalogue is one list, read top to bottom as the 口径 page is.
// Every KPI, defined once: id, Chinese name, 口径 (exact definition, shown on hover and at the end of every
// report), unit, direction, and the measure(s) that compute it for any unit subtree and period. The cockpit, the
// monthly report and every export call these definitions — they agree by construction.
import { addDays, dayString } from "@/lib/time";
import { type Measure, Prisma, dayOf, difference, dueCount, eventFlow, eventState, statFlow, statStock, stateCount, validAt } from "./measures";
import type { Period } from "./period";

export type KpiFormat = "count" | "percent" | "money" | "days" | "months" | "score";

export interface KpiDef {
  id: string;
  name: string;
  /** 口径: the exact definition */
  caliber: string;
  /** display unit: 起, 人, 万元, %, 天, 个, 项, 月, 分 */
  unit: string;
  /** up: higher is better; down: lower is better; neutral: a volume */
  direction: "up" | "down" | "neutral";
  format: KpiFormat;
  group: string;
  /** meaningful for the 7/28-day windows (based on dated records, not monthly statistics) */
  daily: boolean;
  /** state at the end of the period (not a sum over it) */
  state?: boolean;
  /** value = num ÷ den when den is given (rates as fractions; averages as sum ÷ count) */
  num?: Measure;
  den?: Measure;
  /** computed otherwise (the telecom-fraud streak; the assessment score) */
  custom?: "telecomStreak" | "assessment";
  /** a change (同比/环比) against a base below this is shown as a difference (+3 起), not a percentage;
   *  default: 20 for counts, 10 万元 for amounts, 0 otherwise (lib/format.ts minBaseForPct) */
  minBaseForPct?: number;
  /** a count that may be compared across units per 10万人口 (lib/kpi/per-capita.ts); absent: false */
  perCapita?: boolean;
  /** the records behind the figure */
  drill?: (unitCode: string, p: Period) => string;
}

const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
const range = (field: string, p: Period) => ({ [`${field}_from`]: dayString(p.from), [`${field}_to`]: dayString(new Date(p.to.getTime() - 86_400_000)) });
const statsLink = (code: string, p: Period) => `/stats?${q({ unit: code, month: p.months.length ? dayString(p.months[p.months.length - 1]).slice(0, 7) : "" })}`;

const sql = Prisma.sql;

/** 企业诉求办理时限: a demand falls due this many days after it was raised (the cockpit's "超 30 天未办结" too). */
export const DEMAND_DUE_DAYS = 30;

/**
 * The record conditions of the stock KPIs at an instant `at` (SQL timestamptz), over the table's own columns: the
 * KPIs count them and every list of "the records behind the figure" (the report's 逾期任务 and 未闭环情报
 * sections, lib/kpi/loops.ts) selects them — one definition, no second counting.
 */
export const STOCK = {
  /**
   * 已销号 at `at` (task_assignments): closed_at before it — the latest closure, a reopening clears it — or, for
   * an assignment reopened since (退回 after 销号), a closure review before `at` not followed by a reopening before
   * `at` (review_records keep every step), so that reopening a task later does not change a closed period.
   * The second case is kept on the assignment: reopened_spans, the instants its closures lasted, (closure, first
   * reopening after it] — maintained from the history by a trigger in the transaction that writes a review step
   * (migration 20261205210000_task_reopened_spans), NULL for an assignment never reopened. One range test per row
   * and instant instead of two history lookups, and nothing for PostgreSQL to plan.
   */
  closedTask: (at: Prisma.Sql) =>
    sql`((closed_at IS NOT NULL AND closed_at < ${at}) OR (reopened_spans IS NOT NULL AND reopened_spans @> ${at}))`,
  /**
   * The assignments of a plan (task_assignments): of the chosen plan (plans.id), else of the plan in force at `at`
   * — the plan whose years cover the Beijing year of the period's last instant (the current plan first when several
   * do, then the latest), else the current plan. So a closed period keeps the figures of its plan whatever plan is
   * current later, and today's figures are the current plan's. lib/plan/choice.ts planInForce is the same rule.
   */
  taskPlan: (at: Prisma.Sql, plan?: number | null) =>
    plan
      ? sql`task_id IN (SELECT pt.id FROM plan_tasks pt WHERE pt.plan_id = ${plan})`
      : sql`task_id IN (SELECT pt.id FROM plan_tasks pt WHERE pt.plan_id = (
          SELECT p.id FROM plans p, LATERAL (SELECT extract(year FROM ((${at}) - interval '1 millisecond') AT TIME ZONE 'Asia/Shanghai')::int AS y) yr
          ORDER BY (p.start_year <= yr.y AND p.end_year >= yr.y) DESC, p.active DESC, p.start_year DESC, p.id DESC LIMIT 1))`,
  /** 逾期未销号任务 (task_assignments) of a plan (taskPlan) */
  overdueTask: (at: Prisma.Sql, plan?: number | null) => sql`created_at < ${at} AND deadline < ${dayOf(at)} AND NOT ${STOCK.closedTask(at)} AND ${STOCK.taskPlan(at, plan)}`,
  /**
   * 已闭环 at `at` (intel_items): loop_closed_at before it — the latest closure, a reopening clears it — or a closure
   * undone since (intel_loop_history: a verification reopened or unlinked) that was in force at `at`, so that
   * reopening a loop later does not change a closed period.
   */
  closedLoop: (at: Prisma.Sql) => sql`((loop_closed_at IS NOT NULL AND loop_closed_at < ${at}) OR ${STOCK.undoneClosure(at)})`,
  /** a closure of intel_items.id recorded as undone after `at`, in force at `at` (intel_loop_history) */
  undoneClosure: (at: Prisma.Sql) => sql`EXISTS (SELECT 1 FROM intel_loop_history h WHERE h.intel_id = intel_items.id AND h.closed_at < ${at} AND h.changed_at >= ${at})`,
  /** 未闭环情报 (intel_items) */
  openLoop: (at: Prisma.Sql) => sql`received_at < ${at} AND NOT ${STOCK.closedLoop(at)}`,
  /** 逾期未闭环情报 (intel_items) */
  overdueLoop: (at: Prisma.Sql) => sql`received_at < ${at} AND loop_due_at < ${at} AND NOT ${STOCK.closedLoop(at)}`,
  /**
   * A 督办单's status at `at` (supervisions), from its step history (supervision_steps keep every step): the status
   * the last step before `at` left it in — so a 督办 answered or closed later does not change a closed period.
   */
  supervisionStatusAt: (at: Prisma.Sql) =>
    sql`(SELECT st.to_status FROM supervision_steps st WHERE st.supervision_id = supervisions.id AND st.at < ${at} ORDER BY st.at DESC, st.id DESC LIMIT 1)`,
  /** 在办督办 (supervisions): issued before `at` and neither accepted (办结) nor cancelled at `at` */
  openSupervision: (at: Prisma.Sql) => sql`created_at < ${at} AND ${STOCK.supervisionStatusAt(at)}::text NOT IN ('ACCEPTED', 'CANCELLED')`,
  /** 逾期督办 (supervisions): a reply still owed at `at` (待答复 or 退回) and the reply day (Beijing) ended before it */
  overdueSupervision: (at: Prisma.Sql) => sql`created_at < ${at} AND reply_due < ${dayOf(at)} AND ${STOCK.supervisionStatusAt(at)}::text IN ('OPEN', 'RETURNED')`,
};

/**
 * The loops the rollup counts as open at `at` but that were closed then by a closure undone since
 * (intel_loop_history): subtracted from the rollup's received − closed. Read from the small history table, each
 * history row with its item's columns (joined once, not looked up per instant).
 */
const LOOP_HISTORY = sql`(SELECT h.intel_id, h.unit_path, h.closed_at, h.changed_at, i.received_at, i.loop_due_at, i.loop_closed_at
  FROM intel_loop_history h JOIN intel_items i ON i.id = h.intel_id) AS intel_loop_history`;
const reopenedSince = (overdue: boolean) =>
  stateCount(
    "intel_loop_history",
    (at) => sql`closed_at < ${at} AND changed_at >= ${at} AND received_at < ${at}
      ${overdue ? sql`AND loop_due_at < ${at}` : sql``} AND NOT (loop_closed_at IS NOT NULL AND loop_closed_at < ${at})`,
    sql`TRUE`,
    { distinct: "intel_id", from: LOOP_HISTORY },
  );

export const KPIS: KpiDef[] = [
  // ── 规划落实 ──
  {
    id: "plan.completion",
    name: "任务销号率",
    caliber: "截至期末，所选规划（默认：期末所在年份的规划）已销号的承办任务数 ÷ 已交办的承办任务数（含各级分解任务）。",
    unit: "%",
    direction: "up",
    format: "percent",
    group: "规划落实",
    daily: true,
    state: true,
    num: stateCount("task_assignments", (at, ctx) => sql`created_at < ${at} AND ${STOCK.closedTask(at)} AND ${STOCK.taskPlan(at, ctx.plan)}`),
    den: stateCount("task_assignments", (at, ctx) => sql`created_at < ${at} AND ${STOCK.taskPlan(at, ctx.plan)}`),
    drill: (c) => `/tasks?${q({ unit: c, status: "CLOSED" })}`,
  },
  {
    id: "plan.overdue",
    name: "逾期未销号任务",
    caliber: "截至期末，所选规划（默认：期末所在年份的规划）中完成时限（北京时间截止日）已过、仍未销号的承办任务数。",
    unit: "项",
    direction: "down",
    format: "count",
    group: "规划落实",
    daily: true,
    state: true,
    num: stateCount("task_assignments", (at, ctx) => STOCK.overdueTask(at, ctx.plan)),
    drill: (c) => `/tasks?${q({ unit: c, rag: "overdue" })}`,
  },
  // ── 督办 ──
  {
    id: "supervision.open",
    name: "在办督办",
    caliber: "截至期末，向本单位及下级单位下发、尚未办结也未撤销的督办单数（含提醒、督办、挂牌督办；按督办单的办理过程确定期末状态）。",
    unit: "件",
    direction: "down",
    format: "count",
    group: "规划落实",
    daily: true,
    state: true,
    num: stateCount("supervisions", STOCK.openSupervision),
    drill: (c) => `/supervision?${q({ unit: c })}`,
  },
  {
    id: "supervision.overdue",
    name: "逾期督办",
    caliber: "截至期末，答复期限（北京时间截止日）已过、承办单位仍未答复（待答复或答复被退回）的督办单数。",
    unit: "件",
    direction: "down",
    format: "count",
    group: "规划落实",
    daily: true,
    state: true,
    num: stateCount("supervisions", STOCK.overdueSupervision),
    drill: (c) => `/supervision?${q({ unit: c, overdue: "1" })}`,
  },
  // ── 情指行闭环 ──
  {
    id: "loops.open",
    name: "未闭环情报",
    caliber: "截至期末，已获取但关联的核查处置尚未办结的情报信息条数（情报 → 研判 → 核查处置闭环）。",
    unit: "条",
    direction: "down",
    format: "count",
    group: "情指行一体化",
    daily: true,
    state: true,
    // received_at < at AND NOT loop_closed_at < at (lib/kpi/events.ts), less the loops closed at `at` by a closure
    // undone since (STOCK.closedLoop)
    num: difference(eventState(["intel_items:received"], ["intel_items:closed"]), reopenedSince(false)),
    drill: (c) => `/ledgers/intel?${q({ unit: c, preset: "open" })}`,
  },
  {
    id: "loops.overdue",
    name: "逾期未闭环情报",
    caliber: "截至期末仍未闭环、且已超过闭环时限（按等级：一级 3 天、二级 7 天、三级 15 天、四级 30 天）的情报信息条数。",
    unit: "条",
    direction: "down",
    format: "count",
    group: "情指行一体化",
    daily: true,
    state: true,
    // received_at < at AND loop_due_at < at AND NOT loop_closed_at < at, less the loops closed then (as above)
    num: difference(eventState(["intel_items:due"], ["intel_items:due_closed"]), reopenedSince(true)),
    drill: (c) => `/ledgers/intel?${q({ unit: c, preset: "overdueLoop" })}`,
  },
  {
    id: "intel.ontime",
    name: "情报按时上报率",
    caliber: "期内获取的情报信息中，在等级规定时限（一级 1 小时、二级 2 小时、三级 8 小时、四级 12 小时）内上报的比例。",
    unit: "%",
    direction: "up",
    format: "percent",
    group: "情指行一体化",
    daily: true,
    // received in the period (Beijing days), with reported_at <= report_due_at
    num: eventFlow("intel_items:ontime"),
    den: eventFlow("intel_items:received"),
    drill: (c, p) => `/ledgers/intel?${q({ unit: c, ...range("receivedAt", p) })}`,
  },
  // ── 矛盾纠纷 ──
  {
    id: "disputes.screened",
    perCapita: true,
    name: "排查矛盾纠纷",
    caliber: "矛盾纠纷台账中排查日期在期内的纠纷数。",
    unit: "起",
    direction: "neutral",
    format: "count",
    group: "矛盾纠纷化解",
    daily: true,
    num: eventFlow("disputes:found"),
    drill: (c, p) => `/ledgers/disputes?${q({ unit: c, ...range("foundOn", p) })}`,
  },
  {
    id: "disputes.resolved",
    perCapita: true,
    name: "化解矛盾纠纷",
    caliber: "矛盾纠纷台账中化解日期在期内的纠纷数。",
    unit: "起",
    direction: "up",
    format: "count",
    group: "矛盾纠纷化解",
    daily: true,
    num: eventFlow("disputes:resolved"),
    drill: (c, p) => `/ledgers/disputes?${q({ unit: c, status: "已化解", ...range("foundOn", p) })}`,
  },
  {
    id: "mediation.rate",
    name: "调解成功率",
    caliber: "期内排查的矛盾纠纷中，调解成功数 ÷ 已调解数（例：2023 年上半年 57,454 ÷ 58,408 = 98.4%）。",
    unit: "%",
    direction: "up",
    format: "percent",
    group: "矛盾纠纷化解",
    daily: true,
    // found in the period: mediation_succeeded ÷ mediated
    num: eventFlow("disputes:succeeded"),
    den: eventFlow("disputes:mediated"),
    drill: (c, p) => `/ledgers/disputes?${q({ unit: c, mediated: "true", ...range("foundOn", p) })}`,
  },
  {
    id: "disputes.flagged",
    perCapita: true,
    name: "命案风险预警纠纷",
    caliber: "截至期末，按预警规则评分达到阈值（易引发命案）且尚未化解的矛盾纠纷数。",
    unit: "起",
    direction: "down",
    format: "count",
    group: "矛盾纠纷化解",
    daily: true,
    state: true,
    // the flag as recorded at the period's end (dispute_flag_history), found before and not resolved before its end
    num: stateCount("dispute_flag_history", (at) => sql`${validAt(at)} AND found_on < ${dayOf(at)} AND NOT (resolved_on IS NOT NULL AND resolved_on < ${dayOf(at)})`),
    drill: (c) => `/ledgers/disputes?${q({ unit: c, preset: "warning" })}`,
  },
  // ── 打击犯罪（月度统计） ──
  { id: "criminal.filed", perCapita: true, name: "刑事案件立案", caliber: "月度统计「刑事案件·立案」期内各月之和。", unit: "起", direction: "down", format: "count", group: "打击犯罪", daily: false, num: statFlow("criminal.filed"), drill: statsLink },
  { id: "criminal.solved", perCapita: true, name: "刑事案件破案", caliber: "月度统计「刑事案件·破案」期内各月之和。", unit: "起", direction: "up", format: "count", group: "打击犯罪", daily: false, num: statFlow("criminal.solved"), drill: statsLink },
  { id: "public_order.handled", perCapita: true, name: "治安案件查处", caliber: "月度统计「治安案件·查处」期内各月之和。", unit: "起", direction: "up", format: "count", group: "打击犯罪", daily: false, num: statFlow("public_order.handled"), drill: statsLink },
  { id: "economic.solved", perCapita: true, name: "经济犯罪破案", caliber: "月度统计「经济犯罪·破案」期内各月之和。", unit: "起", direction: "up", format: "count", group: "打击犯罪", daily: false, num: statFlow("economic.solved"), drill: statsLink },
  { id: "economic.recovered", name: "经济犯罪挽损", caliber: "月度统计「经济犯罪·挽损金额」期内各月之和（万元）。", unit: "万元", direction: "up", format: "money", group: "打击犯罪", daily: false, num: statFlow("economic.recovered"), drill: statsLink },
  { id: "telecom.cases", perCapita: true, name: "电信网络诈骗发案", caliber: "月度统计「电信网络诈骗·发案」期内各月之和。", unit: "起", direction: "down", format: "count", group: "打击犯罪", daily: false, num: statFlow("telecom_fraud.cases"), drill: statsLink },
  { id: "telecom.loss", name: "电信网络诈骗损失", caliber: "月度统计「电信网络诈骗·损失金额」期内各月之和（万元）。", unit: "万元", direction: "down", format: "money", group: "打击犯罪", daily: false, num: statFlow("telecom_fraud.loss"), drill: statsLink },
  {
    id: "telecom.streak",
    name: "电诈发案损失连续双下降",
    caliber: "截至期末所在月，连续多少个月电信网络诈骗发案数和损失金额均低于上年同月（「连续 N 个月发案、损失双下降」）。",
    unit: "个月",
    direction: "up",
    format: "months",
    group: "打击犯罪",
    daily: false,
    state: true,
    custom: "telecomStreak",
    drill: statsLink,
  },
  { id: "traffic.deaths", perCapita: true, name: "道路交通事故死亡", caliber: "月度统计「道路交通事故·死亡」期内各月之和。", unit: "人", direction: "down", format: "count", group: "公共安全", daily: false, num: statFlow("traffic.deaths"), drill: statsLink },
  { id: "summons.people", name: "约谈人数", caliber: "月度统计「约谈·约谈人数」期内各月之和。", unit: "人", direction: "neutral", format: "count", group: "公共安全", daily: false, num: statFlow("summons.people"), drill: statsLink },
  // ── 服务发展（包抓联） ──
  {
    id: "ent.count",
    name: "包抓联重点企业",
    caliber: "截至期末，纳入包抓联且状态为「包抓中」的重点企业数。",
    unit: "家",
    direction: "neutral",
    format: "count",
    group: "服务发展",
    daily: true,
    state: true,
    num: stateCount("enterprise_history", (at) => sql`${validAt(at)} AND enrolled_on < ${dayOf(at)} AND status = '包抓中'`),
    drill: (c) => `/ledgers/enterprises?${q({ unit: c })}`,
  },
  {
    id: "ent.coverage",
    name: "护航警官覆盖率",
    caliber: "截至期末，包抓中的重点企业中已明确护航警官（点对点）的比例。",
    unit: "%",
    direction: "up",
    format: "percent",
    group: "服务发展",
    daily: true,
    state: true,
    num: stateCount("enterprise_history", (at) => sql`${validAt(at)} AND enrolled_on < ${dayOf(at)} AND status = '包抓中' AND escort_name IS NOT NULL`),
    den: stateCount("enterprise_history", (at) => sql`${validAt(at)} AND enrolled_on < ${dayOf(at)} AND status = '包抓中'`),
    drill: (c) => `/ledgers/enterprises?${q({ unit: c })}`,
  },
  {
    id: "ent.officers",
    name: "护航警官",
    caliber: "截至期末，为包抓中的重点企业点对点服务的护航警官人数（按警号去重）。",
    unit: "人",
    direction: "neutral",
    format: "count",
    group: "服务发展",
    daily: true,
    state: true,
    num: stateCount("enterprise_history", (at) => sql`${validAt(at)} AND enrolled_on < ${dayOf(at)} AND status = '包抓中' AND escort_badge IS NOT NULL`, sql`TRUE`, { distinct: "escort_badge" }),
    drill: (c) => `/ledgers/enterprises?${q({ unit: c })}`,
  },
  {
    id: "ent.visits",
    name: "走访企业",
    caliber: "走访记录台账中走访日期在期内的走访次数。",
    unit: "次",
    direction: "up",
    format: "count",
    group: "服务发展",
    daily: true,
    num: eventFlow("enterprise_visits:visited"),
    drill: (c, p) => `/ledgers/visits?${q({ unit: c, ...range("visitedOn", p) })}`,
  },
  {
    id: "ent.demandClosure",
    name: "企业诉求办结率",
    caliber: `期内到期（提出之日起满 ${DEMAND_DUE_DAYS} 天，即办理时限届满）的企业诉求中，截至期末已办结（办结日期不晚于期末；已解决或不予解决并已说明）的比例。尚未到期的诉求不计入，期末之后才办结的不算期内办结。`,
    unit: "%",
    direction: "up",
    format: "percent",
    group: "服务发展",
    daily: true,
    // due in the period (raised_on + 30 days in [from, to)): resolved before the day after its end ÷ all
    num: dueCount("enterprise_demands", "raised_on", DEMAND_DUE_DAYS, (day) => sql`resolved_on IS NOT NULL AND resolved_on < ${day}`),
    den: dueCount("enterprise_demands", "raised_on", DEMAND_DUE_DAYS),
    drill: (c, p) => `/ledgers/demands?${q({ unit: c, raisedOn_from: dayString(addDays(p.from, -DEMAND_DUE_DAYS)), raisedOn_to: dayString(addDays(p.to, -DEMAND_DUE_DAYS - 1)) })}`,
  },
  // ── 绩效考评 ──
  {
    id: "assessment.score",
    name: "绩效考评得分",
    caliber: "按省厅设定的考评指标体系（100 分）计分，加减分项按上限计入；月份按所在季度、年初至今按全年计。仅对市州、县区计分，在同级单位中排名。",
    unit: "分",
    direction: "up",
    format: "score",
    group: "绩效考评",
    daily: false,
    state: true,
    custom: "assessment",
    drill: (c, p) => `/assessment/${c}?${q({ period: p.key })}`,
  },
  {
    id: "ent.daysToClose",
    name: "诉求平均办结天数",
    caliber: "办结日期在期内的企业诉求，从提出到办结的平均天数。",
    unit: "天",
    direction: "down",
    format: "days",
    group: "服务发展",
    daily: true,
    // resolved in the period: sum of (resolved_on − raised_on) ÷ count (an average is a ratio of a sum and a count)
    num: eventFlow("enterprise_demands:resolved_days"),
    den: eventFlow("enterprise_demands:resolved"),
    drill: (c, p) => `/ledgers/demands?${q({ unit: c, ...range("raisedOn", p) })}`,
  },
  // ── 基层基础 ──
  { id: "infra.command_rooms", name: "派出所综合指挥室", caliber: "月度统计「基层基础建设·综合指挥室」截至期末的数量。", unit: "个", direction: "up", format: "count", group: "基层基础", daily: false, state: true, num: statStock("infra.command_rooms"), drill: statsLink },
  { id: "infra.case_centres", name: "执法办案中心", caliber: "月度统计「基层基础建设·执法办案中心」截至期末的数量。", unit: "个", direction: "up", format: "count", group: "基层基础", daily: false, state: true, num: statStock("infra.case_centres"), drill: statsLink },
  { id: "infra.model_tools", name: "模型工具", caliber: "月度统计「基层基础建设·模型工具」截至期末的数量。", unit: "个", direction: "up", format: "count", group: "基层基础", daily: false, state: true, num: statStock("infra.model_tools"), drill: statsLink },
  { id: "service.online", name: "网上办事项", caliber: "月度统计「公安政务服务·网上办事项」截至期末的数量。", unit: "项", direction: "up", format: "count", group: "服务发展", daily: false, state: true, num: statStock("service.online"), drill: statsLink },
  // ── 省厅公布的 2023 年数字（甘肃日报 2023，见 lib/seed/published-2023.ts）中尚无归属的指标 ──
  {
    id: "economic.bad_assets",
    name: "协助清收不良资产",
    caliber: "公安数据：月度统计「经济犯罪·协助清收不良资产」期内各月之和（万元，显示为亿元）。省厅公布 2023 年「今年以来」协助清收 38.34 亿余元，按 2023 年全年计。",
    unit: "万元",
    direction: "up",
    format: "money",
    group: "打击犯罪",
    daily: false,
    num: statFlow("economic.bad_assets"),
    drill: statsLink,
  },
  {
    id: "service.fully_online",
    name: "全程网办事项",
    caliber: "公安数据：月度统计「公安政务服务·全程网办事项」（省厅本级）截至期末的数量。省厅公布 114 项，为 2023 年末存量。",
    unit: "项",
    direction: "up",
    format: "count",
    group: "服务发展",
    daily: false,
    state: true,
    num: statStock("service.fully_online"),
    drill: statsLink,
  },
  {
    id: "service.cross_province",
    name: "跨省通办事项",
    caliber: "公安数据：月度统计「公安政务服务·跨省通办事项」（省厅本级）截至期末的数量，按事项计：2023 年为 7 项交管业务和户口迁移、户籍证明 2 类，共 9 项。",
    unit: "项",
    direction: "up",
    format: "count",
    group: "服务发展",
    daily: false,
    state: true,
    num: statStock("service.cross_province"),
    drill: statsLink,
  },
  {
    id: "disputes.warning_leads",
    name: "命案风险预警线索",
    caliber: "公安数据：矛盾纠纷台账中排查日期在期内、截至期末经易引发命案矛盾纠纷预警模型评分达到阈值的纠纷数（发现线索，不论是否已化解；期末以后才标记或撤销标记的不改变已结束期间的数字）。省厅公布「累计发现化解易引发命案线索 200 余条」，按 2023 年全年计。",
    unit: "条",
    direction: "neutral",
    format: "count",
    group: "矛盾纠纷化解",
    daily: true,
    // found in the period and flagged by the model before the period's end, as recorded then (dispute_flag_history:
    // the first flagged interval of each dispute), so a closed period keeps its count when a flag is lifted later
    num: dueCount("dispute_flag_history", "found_on", 0, (day) =>
      sql`valid_from < ((${day})::timestamp AT TIME ZONE 'Asia/Shanghai') AND NOT EXISTS (SELECT 1 FROM dispute_flag_history e WHERE e.dispute_id = dispute_flag_history.dispute_id AND e.valid_from < dispute_flag_history.valid_from)`),
    drill: (c, p) => `/ledgers/disputes?${q({ unit: c, preset: "warning", ...range("foundOn", p) })}`,
  },
  {
    id: "people_mediation.mediated",
    name: "人民调解矛盾纠纷",
    caliber: "外部统计（省司法厅人民调解统计，导入省厅本级月度统计，非公安台账）：期内各月调解矛盾纠纷件数之和。2023 年上半年 58,408 件。",
    unit: "件",
    direction: "neutral",
    format: "count",
    group: "矛盾纠纷化解",
    daily: false,
    num: statFlow("people_mediation.mediated"),
    drill: statsLink,
  },
  {
    id: "people_mediation.rate",
    name: "人民调解成功率",
    caliber: "外部统计（省司法厅人民调解统计，导入，非公安台账）：期内调解成功件数 ÷ 调解件数。2023 年上半年 57,454 ÷ 58,408 = 98.4%。公安台账口径见「调解成功率」。",
    unit: "%",
    direction: "up",
    format: "percent",
    group: "矛盾纠纷化解",
    daily: false,
    num: statFlow("people_mediation.succeeded"),
    den: statFlow("people_mediation.mediated"),
    drill: statsLink,
  },
];

export const KPI_MAP = new Map(KPIS.map((k) => [k.id, k]));

/** Where a KPI's figures come from (the 口径 page). */
export function kpiSource(def: Pick<KpiDef, "id">): string {
  const [head] = def.id.split(".");
  if (head === "plan") return "规划任务清单（承办任务的完成时限、销号时间）";
  if (head === "loops" || head === "intel") return "情报信息台账（获取、上报时间；关联核查处置的办结时间）";
  if (def.id === "disputes.flagged") return "矛盾纠纷台账；预警标记按记录的历史版本取期末状态";
  if (head === "disputes" || head === "mediation") return "矛盾纠纷台账（排查、调解、化解日期）";
  if (def.id === "ent.visits") return "包抓联走访记录台账";
  if (def.id === "ent.demandClosure" || def.id === "ent.daysToClose") return "包抓联企业诉求台账（提出、办结日期）";
  if (head === "ent") return "包抓联重点企业台账；状态和护航警官按记录的历史版本取期末状态";
  if (head === "assessment") return "绩效考评指标体系（由上述指标计分）";
  return "月度统计报表（各单位按月填报或导入）";
}
