// The monthly report's content: every figure from the KPI definitions (lib/kpi), so that the report, the cockpit
// and every export agree by construction. The result is plain JSON: it is archived as is ("the figures as they
// were") and rendered to HTML, PDF, XLSX and CSV without touching the database again.
import "@/lib/assessment/kpi"; // registers the assessment score with the KPI engine
import { type Scope, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { assessmentPeriod, scorePeers } from "@/lib/assessment/scores";
import { KPI_MAP, type KpiDef, STOCK } from "@/lib/kpi/definitions";
import { cardFromSeries, change, kpiScope, kpiAvailable, kpiByChildren, kpiSeriesMany, kpiSummary, monthCard, seriesMonths } from "@/lib/kpi/engine";
import { changeWords, formatChange, formatKpiText, formatKpiValue } from "@/lib/format";
import { type Period, asOf, monthKey } from "@/lib/kpi/period";
import { planResolver } from "@/lib/plan/choice";
import { Prisma } from "@/lib/generated/prisma/client";
import { shanghaiToday } from "@/lib/time";

export const REPORT_VERSION = 1;

/** The KPIs of the report, in order, by section. */
export const REPORT_KPIS = [
  "criminal.filed",
  "criminal.solved",
  "public_order.handled",
  "economic.solved",
  "economic.recovered",
  "telecom.cases",
  "telecom.loss",
  "telecom.streak",
  "traffic.deaths",
  "summons.people",
  "disputes.screened",
  "disputes.resolved",
  "mediation.rate",
  "disputes.flagged",
  "plan.completion",
  "plan.overdue",
  "supervision.open",
  "supervision.overdue",
  "loops.open",
  "loops.overdue",
  "intel.ontime",
  "ent.count",
  "ent.coverage",
  "ent.officers",
  "ent.visits",
  "ent.demandClosure",
  "ent.daysToClose",
  "infra.command_rooms",
  "infra.case_centres",
  "infra.model_tools",
  // the province's published 2023 figures that had no line in the report (lib/seed/published-2023.ts)
  "economic.bad_assets",
  "disputes.warning_leads",
  "service.online",
  "service.fully_online",
  "service.cross_province",
  "people_mediation.mediated",
  "people_mediation.rate",
] as const;

/** The KPIs compared across sub-units. */
export const RANKING_KPIS = ["criminal.filed", "criminal.solved", "telecom.cases", "telecom.loss", "disputes.screened", "mediation.rate", "plan.completion", "loops.overdue", "ent.visits"];
export const TREND_KPIS = ["criminal.filed", "criminal.solved", "telecom.cases", "telecom.loss", "disputes.screened", "disputes.resolved"];

export interface ReportKpi {
  id: string;
  name: string;
  group: string;
  unit: string;
  format: KpiDef["format"];
  direction: KpiDef["direction"];
  available: boolean;
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  /** relative change, or points for rates; null when undefined */
  yoy: number | null;
  mom: number | null;
  changeKind: "relative" | "points" | "absolute";
}

export interface ReportData {
  version: number;
  unit: { code: string; name: string; level: string };
  period: { key: string; label: string; kind: string; partial: boolean };
  generatedAt: string;
  generatedBy: string;
  title: string;
  summary: string[];
  kpis: ReportKpi[];
  ranking: { kpis: string[]; rows: { code: string; name: string; values: Record<string, number | null> }[] } | null;
  trends: { months: string[]; series: Record<string, (number | null)[]> };
  /** the plan chosen for the task KPIs (?plan=); absent: each period's plan in force */
  plan?: { code: string; name: string };
  overdueTasks: { total: number; rows: { code: string; title: string; unit: string; deadline: string; daysOverdue: number; status: string }[] };
  openLoops: { total: number; overdue: number; rows: { code: string; title: string; unit: string; grade: number; receivedAt: string; loopDueAt: string; overdue: boolean }[] };
  assessment: {
    periodKey: string;
    periodLabel: string;
    level: "CITY" | "COUNTY";
    /** this unit's own score (cities and counties) */
    own: { total: number; rank: number; of: number; base: number; add: number; deduct: number; items: { name: string; group: string; points: number; max: number; scored: boolean; rule: string }[] } | null;
    /** the sub-units' scores (province and cities) */
    peers: { code: string; name: string; total: number; rank: number }[];
  } | null;
  calibers: { id: string; name: string; caliber: string }[];
}

const areaWord = (name: string, level: string) => {
  if (level === "PROVINCE") return "全省";
  if (level === "CITY") return name.endsWith("州") ? "全州" : "全市";
  if (level === "COUNTY") return name.endsWith("区") ? "全区" : name.endsWith("市") ? "全市" : "全县";
  return "本所";
};

const periodWord = (p: Period) => ({ month: "本月", quarter: "本季度", year: "本年", ytd: "年初以来", d7: "近7天", d28: "近28天" })[p.kind];

const num = (def: KpiDef, v: number | null) => formatKpiText(def, v);

/** "，同比上升 12.5%" / "，同比增加 3 起" / "，同比持平" / "" (nothing to compare): the cockpit's change, in words */
function yoyWords(def: KpiDef, k: ReportKpi, word = "同比"): string {
  const w = changeWords(def, change(def, k.value, k.lastYear), word);
  return w ? `，${w}` : "";
}

/** The summary paragraphs, written from the figures (Chinese, one theme per paragraph). */
export function writeSummary(data: Pick<ReportData, "unit" | "kpis">, p: Period): string[] {
  const k = (id: string) => data.kpis.find((x) => x.id === id)!;
  const d = (id: string) => KPI_MAP.get(id)!;
  const area = areaWord(data.unit.name, data.unit.level);
  const when = periodWord(p);
  const out: string[] = [];
  const filed = k("criminal.filed");
  if (filed.available) {
    const solved = k("criminal.solved");
    const tc = k("telecom.cases");
    const tl = k("telecom.loss");
    const streak = k("telecom.streak");
    out.push(
      `${when}${area}刑事案件立案 ${num(d("criminal.filed"), filed.value)}${yoyWords(d("criminal.filed"), filed)}；破案 ${num(d("criminal.solved"), solved.value)}${yoyWords(d("criminal.solved"), solved)}。` +
        `电信网络诈骗发案 ${num(d("telecom.cases"), tc.value)}${yoyWords(d("telecom.cases"), tc)}，损失 ${num(d("telecom.loss"), tl.value)}${yoyWords(d("telecom.loss"), tl)}` +
        (streak.value && streak.value >= 2 ? `，已连续 ${streak.value} 个月发案、损失“双下降”。` : "。") +
        `经济犯罪破案 ${num(d("economic.solved"), k("economic.solved").value)}，挽回损失 ${num(d("economic.recovered"), k("economic.recovered").value)}。`,
    );
  }
  const sc = k("disputes.screened");
  out.push(
    `${when}${area}排查矛盾纠纷 ${num(d("disputes.screened"), sc.value)}${yoyWords(d("disputes.screened"), sc)}，化解 ${num(d("disputes.resolved"), k("disputes.resolved").value)}，` +
      `调解成功率 ${num(d("mediation.rate"), k("mediation.rate").value)}；截至期末有命案风险预警纠纷 ${num(d("disputes.flagged"), k("disputes.flagged").value)}待化解。`,
  );
  out.push(
    `规划任务销号率 ${num(d("plan.completion"), k("plan.completion").value)}，逾期未销号任务 ${num(d("plan.overdue"), k("plan.overdue").value)}；` +
      `未闭环情报 ${num(d("loops.open"), k("loops.open").value)}，其中逾期 ${num(d("loops.overdue"), k("loops.overdue").value)}；情报按时上报率 ${num(d("intel.ontime"), k("intel.ontime").value)}。`,
  );
  out.push(
    `包抓联重点企业 ${num(d("ent.count"), k("ent.count").value)}，护航警官 ${num(d("ent.officers"), k("ent.officers").value)}，覆盖率 ${num(d("ent.coverage"), k("ent.coverage").value)}；` +
      `${when}走访企业 ${num(d("ent.visits"), k("ent.visits").value)}，企业诉求办结率 ${num(d("ent.demandClosure"), k("ent.demandClosure").value)}。`,
  );
  return out;
}

const iso = (d: Date) => d.toISOString();

export async function buildReport(
  db: Db,
  unit: { code: string; name: string; level: string; id: number; scope: Scope },
  p: Period,
  opts: { by: string; now?: Date; plan?: { id: number; code: string; name: string } | null },
): Promise<ReportData> {
  const now = opts.now ?? new Date();
  // no chosen plan: each period's plan in force, named in the queries as a constant (MeasureCtx.planAt) from the plans read here
  const plans = opts.plan ? null : await db.plan.findMany({ select: { id: true, code: true, name: true, startYear: true, endYear: true, active: true } });
  const scope = kpiScope(unit.scope, unit.code, opts.plan?.id, plans ? planResolver(plans) : undefined);
  const defs = REPORT_KPIS.map((id) => KPI_MAP.get(id)!);
  // one batch of monthly series (kpiSeriesMany: a query per measure family, not three per KPI): for a complete
  // month each KPI's value, 环比 and 同比 are read off its 13 months exactly as the cockpit's cards are
  // (monthCard); the trends' 13 months come from the same batch. Other periods compute each figure (kpiSummary).
  const months = seriesMonths(p, 13, now);
  const fromSeries = defs.filter((d) => cardFromSeries(d, p));
  const batch = await kpiSeriesMany(db, scope, [...fromSeries, ...TREND_KPIS.map((id) => KPI_MAP.get(id)!)].map((def) => ({ def, months })), now);
  const seriesOf = new Map(fromSeries.map((d, i) => [d.id, batch[i]]));
  const summaries = await Promise.all(defs.map((d) => (seriesOf.has(d.id) ? monthCard(d, seriesOf.get(d.id)!) : kpiSummary(db, d, scope, p, now))));
  const kpis: ReportKpi[] = defs.map((d, i) => {
    const s = summaries[i];
    return {
      id: d.id,
      name: d.name,
      group: d.group,
      unit: d.unit,
      format: d.format,
      direction: d.direction,
      available: s.available,
      value: s.value,
      previous: s.previous,
      lastYear: s.lastYear,
      yoy: s.yoy?.value ?? null,
      mom: s.mom?.value ?? null,
      changeKind: s.yoy?.kind ?? s.mom?.kind ?? (d.format === "percent" ? "points" : "relative"),
    };
  });

  // sub-units: cities of the province, counties of a city, stations of a county
  const children = await db.unit.findMany({
    where: { parentId: unit.id, active: true, level: { in: unit.level === "COUNTY" ? ["STATION"] : ["CITY", "COUNTY"] } },
    orderBy: [{ sortOrder: "asc" }],
    select: { code: true, name: true },
  });
  let ranking: ReportData["ranking"] = null;
  if (children.length) {
    const rk = RANKING_KPIS.filter((id) => kpiAvailable(KPI_MAP.get(id)!, p));
    const values = await Promise.all(rk.map((id) => kpiByChildren(db, KPI_MAP.get(id)!, scope, children.map((c) => c.code), p, now)));
    ranking = { kpis: rk, rows: children.map((c) => ({ code: c.code, name: c.name, values: Object.fromEntries(rk.map((id, i) => [id, values[i].get(c.code) ?? null])) })) };
  }

  const trendValues = batch.slice(fromSeries.length);
  const trends = { months: months.map(monthKey), series: Object.fromEntries(TREND_KPIS.map((id, i) => [id, trendValues[i].map((s) => s.value)])) };

  // the records behind the headline KPIs 逾期未销号任务 / 未闭环情报, selected by the KPIs' own conditions at the
  // period's end (lib/kpi/definitions.ts STOCK); the section totals are the KPI values themselves
  const at = asOf(p, now);
  const atSql = Prisma.sql`${at}::timestamptz`;
  const endDay = shanghaiToday(at);
  const [overdueRows, loopRows] = await Promise.all([
    db.$queryRaw<{ deadline: Date; status: string; closedAt: Date | null; unit: string; code: string; title: string }[]>`
      SELECT a.deadline, a.status::text AS status, a.closed_at AS "closedAt", u.name AS unit, t.code, t.title
      FROM (SELECT * FROM task_assignments WHERE ${sqlIn(scope)} AND ${STOCK.overdueTask(atSql, scope.plan)} ORDER BY deadline, id LIMIT 20) a
      JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
      ORDER BY a.deadline, a.id`,
    db.$queryRaw<{ code: string; title: string; grade: number; receivedAt: Date; loopDueAt: Date; unit: string }[]>`
      SELECT i.code, i.title, i.grade, i.received_at AS "receivedAt", i.loop_due_at AS "loopDueAt", u.name AS unit
      FROM (SELECT * FROM intel_items WHERE ${sqlIn(scope)} AND ${STOCK.openLoop(atSql)} ORDER BY loop_due_at, id LIMIT 20) i
      JOIN units u ON u.id = i.unit_id
      ORDER BY i.loop_due_at, i.id`,
  ]);
  const STATUS: Record<string, string> = { NOT_STARTED: "未开始", IN_PROGRESS: "推进中", PENDING_REVIEW: "待审核", RETURNED: "已退回", CLOSED: "期末后已销号" };

  // assessment: a city's or county's own score; the province's and cities' sub-units
  let assessment: ReportData["assessment"] = null;
  const ap = p.kind === "d7" || p.kind === "d28" ? null : await Promise.resolve(assessmentPeriodOf(p, now));
  if (ap) {
    const ownLevel = unit.level === "CITY" || unit.level === "COUNTY" ? (unit.level as "CITY" | "COUNTY") : null;
    const peerLevel = unit.level === "PROVINCE" ? "CITY" : unit.level === "CITY" ? "COUNTY" : null;
    const [own, peers] = await Promise.all([ownLevel ? scorePeers(db, ownLevel, ap, now) : null, peerLevel ? scorePeers(db, peerLevel, ap, now) : null]);
    const mine = own?.scores.find((s) => s.code === unit.code);
    const childCodes = new Set(children.map((c) => c.code));
    assessment = {
      periodKey: ap.key,
      periodLabel: ap.label,
      level: (ownLevel ?? peerLevel ?? "CITY") as "CITY" | "COUNTY",
      own: mine
        ? { total: mine.total, rank: mine.rank, of: own!.scores.length, base: mine.base, add: mine.add, deduct: mine.deduct, items: mine.items.map((i) => ({ name: i.name, group: i.group, points: i.points, max: i.max, scored: i.scored, rule: i.rule })) }
        : null,
      peers: peers ? peers.scores.filter((s) => childCodes.has(s.code)).map((s) => ({ code: s.code, name: s.name, total: s.total, rank: s.rank })) : [],
    };
  }

  const data: ReportData = {
    version: REPORT_VERSION,
    unit: { code: unit.code, name: unit.name, level: unit.level },
    period: { key: p.key, label: p.label, kind: p.kind, partial: p.partial },
    generatedAt: iso(now),
    generatedBy: opts.by,
    title: `${unit.name}主动创稳工作${p.kind === "month" ? "月报" : p.kind === "quarter" ? "季报" : p.kind === "year" ? "年报" : "报告"}（${p.label}）`,
    summary: [],
    kpis,
    ranking,
    trends,
    ...(opts.plan ? { plan: { code: opts.plan.code, name: opts.plan.name } } : {}),
    overdueTasks: {
      total: kpis.find((x) => x.id === "plan.overdue")!.value ?? 0,
      rows: overdueRows.map((r) => ({ code: r.code, title: r.title, unit: r.unit, deadline: r.deadline.toISOString().slice(0, 10), daysOverdue: Math.round((endDay.getTime() - r.deadline.getTime()) / 86_400_000), status: STATUS[r.status] ?? r.status })),
    },
    openLoops: {
      total: kpis.find((x) => x.id === "loops.open")!.value ?? 0,
      overdue: kpis.find((x) => x.id === "loops.overdue")!.value ?? 0,
      rows: loopRows.map((l) => ({ code: l.code, title: l.title, unit: l.unit, grade: l.grade, receivedAt: iso(l.receivedAt), loopDueAt: iso(l.loopDueAt), overdue: l.loopDueAt < at })),
    },
    assessment,
    calibers: [...new Set([...REPORT_KPIS, ...RANKING_KPIS, ...TREND_KPIS, "assessment.score"])].map((id) => KPI_MAP.get(id)!).map((d) => ({ id: d.id, name: d.name, caliber: d.caliber })),
  };
  data.summary = writeSummary(data, p);
  return data;
}

function assessmentPeriodOf(p: Period, now: Date) {
  return assessmentPeriod(p, now);
}

/** "+12.5%" etc. for a report KPI's change: the cockpit's own function on the same figures. */
export function reportChange(k: Pick<ReportKpi, "id" | "value" | "lastYear" | "previous">, which: "yoy" | "mom") {
  const def = KPI_MAP.get(k.id)!;
  return formatChange(def, change(def, k.value, which === "yoy" ? k.lastYear : k.previous));
}

export function reportValue(k: Pick<ReportKpi, "id">, v: number | null) {
  return formatKpiValue(KPI_MAP.get(k.id)!, v);
}
