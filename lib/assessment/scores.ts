// Scoring the assessment: per unit and quarter/year, within a peer group (市州 among 市州, 县区 among 县区), from
// the KPIs (one definition each, lib/kpi) and the add/deduct items. Every point is explainable: each indicator
// carries its value, the rule and the points it earned.
import { type Scope, makeScope } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { type GroupValues, kpiByGroup } from "@/lib/kpi/engine";
import { formatKpiValue } from "@/lib/format";
import { type Period, parsePeriod, sameLastYear } from "@/lib/kpi/period";
import { DEFAULT_SCHEME, type TIndicator, type TScheme, ZScheme } from "./scheme";

export type PeerLevel = "CITY" | "COUNTY";

export const PEER_LABELS: Record<PeerLevel, string> = { CITY: "市州", COUNTY: "县区" };

/** Assessment runs by quarter and by year: a month counts in its quarter, a year-to-date in its year. */
export function assessmentPeriod(p: Period, now: Date = new Date()): Period | null {
  const y = p.from.getUTCFullYear();
  switch (p.kind) {
    case "quarter":
    case "year":
      return p;
    case "month":
      return parsePeriod(`${y}-Q${Math.floor(p.from.getUTCMonth() / 3) + 1}`, now);
    case "ytd":
      return parsePeriod(String(y), now);
    default:
      return null;
  }
}

export async function activeScheme(db: Db): Promise<{ id: number | null; code: string; scheme: TScheme; version: number }> {
  const row = await db.assessmentScheme.findFirst({ where: { active: true }, orderBy: { id: "desc" } });
  if (!row) return { id: null, code: "default", scheme: DEFAULT_SCHEME, version: 0 };
  const parsed = ZScheme.safeParse(row.tree);
  if (!parsed.success) {
    console.error(`[assessment] 方案 ${row.code} 无效，使用默认方案`);
    return { id: null, code: "default", scheme: DEFAULT_SCHEME, version: 0 };
  }
  return { id: row.id, code: row.code, scheme: parsed.data, version: row.version };
}

export interface IndicatorScore {
  id: string;
  name: string;
  group: string;
  kpi: string;
  method: TIndicator["method"];
  scored: boolean;
  max: number;
  points: number;
  value: number | null;
  base: number | null;
  /** how the points came about, in Chinese */
  rule: string;
}

export interface UnitScore {
  code: string;
  name: string;
  base: number;
  add: number;
  deduct: number;
  /** 督办单 overdue at the period's end (KPI supervision.overdue) and the points they deduct (before the cap) */
  overdueSupervisions: number;
  supervisionDeduct: number;
  total: number;
  rank: number;
  items: IndicatorScore[];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Points of one indicator for every peer. */
export function scoreIndicator(ind: TIndicator, direction: "up" | "down" | "neutral", peers: string[], values: GroupValues, bases: GroupValues | null): Map<string, { points: number; rule: string }> {
  const out = new Map<string, { points: number; rule: string }>();
  const better = direction === "down" ? -1 : 1;
  if (ind.method === "rank") {
    const ranked = peers.filter((c) => values.get(c) !== null && values.get(c) !== undefined).sort((a, b) => better * ((values.get(b) as number) - (values.get(a) as number)));
    const n = ranked.length;
    for (const c of peers) {
      const v = values.get(c);
      if (v === null || v === undefined) {
        out.set(c, { points: 0, rule: "无数据，不得分" });
        continue;
      }
      const pos = ranked.findIndex((x) => values.get(x) === v); // ties share the better position
      const points = n <= 1 ? ind.points : (ind.points * (n - 1 - pos)) / (n - 1);
      out.set(c, { points, rule: `同级第 ${pos + 1} / ${n} 名，按名次计分` });
    }
    return out;
  }
  for (const c of peers) {
    const v = values.get(c) ?? null;
    if (v === null) {
      out.set(c, { points: 0, rule: "无数据，不得分" });
      continue;
    }
    if (ind.method === "target") {
      const t = ind.target!;
      const f = ind.floor!;
      const share = direction === "down" ? (f - v) / (f - t) : (v - f) / (t - f);
      out.set(c, { points: ind.points * clamp(share, 0, 1), rule: `达到 ${t} 得满分，${f} 及以下不得分，之间按比例` });
    } else {
      const b = bases?.get(c) ?? null;
      if (b === null || b === 0) {
        out.set(c, { points: ind.points / 2, rule: "上年同期无数据，按半数计分" });
        continue;
      }
      const change = (v - b) / b;
      const gain = direction === "down" ? -change : change;
      const share = (gain + ind.floor!) / (ind.target! + ind.floor!);
      out.set(c, { points: ind.points * clamp(share, 0, 1), rule: `同比改善 ${Math.round(ind.target! * 100)}% 及以上得满分，恶化 ${Math.round(ind.floor! * 100)}% 及以上不得分` });
    }
  }
  return out;
}

export interface PeerScores {
  period: Period;
  level: PeerLevel;
  scheme: TScheme;
  schemeId: number | null;
  scores: UnitScore[];
}

/** Scores and ranks every unit of a peer group for an assessment period (a quarter or a year). */
export async function scorePeers(db: Db, level: PeerLevel, period: Period, now: Date = new Date()): Promise<PeerScores> {
  const { id: schemeId, scheme } = await activeScheme(db);
  const units = await db.unit.findMany({ where: { level, active: true }, select: { id: true, code: true, name: true }, orderBy: { path: "asc" } });
  const peers = units.map((u) => u.code);
  const groupIndex = level === "CITY" ? 3 : 4;
  // peers are ranked province-wide, whoever asks (the pages show each viewer only the rows of their subtree)
  const province = makeScope("/62/");
  const last = sameLastYear(period, now);
  const indicators = scheme.groups.flatMap((g) => g.indicators.map((i) => ({ ...i, group: g.name })));
  const computed = await Promise.all(
    indicators.map(async (ind) => {
      const def = KPI_MAP.get(ind.kpi)!;
      const [values, bases] = await Promise.all([
        kpiByGroup(db, def, province, groupIndex, period, now),
        ind.method === "yoy" && last ? kpiByGroup(db, def, province, groupIndex, last, now) : Promise.resolve(null),
      ]);
      // a unit with no records has a count of 0 (not "no data"), ratios stay null
      const full: GroupValues = new Map(peers.map((c) => [c, values.get(c) ?? (def.den || def.custom ? null : 0)]));
      const fullBase: GroupValues | null = bases ? new Map(peers.map((c) => [c, bases.get(c) ?? (def.den || def.custom ? null : 0)])) : null;
      return { ind, def, values: full, bases: fullBase, points: scoreIndicator(ind, def.direction, peers, full, fullBase) };
    }),
  );
  const adjustments = schemeId
    ? await db.assessmentAdjustment.groupBy({ by: ["unitId"], where: { schemeId, period: period.key, unitId: { in: units.map((u) => u.id) } }, _sum: { points: true } })
    : [];
  const adds = schemeId
    ? await db.assessmentAdjustment.groupBy({ by: ["unitId"], where: { schemeId, period: period.key, unitId: { in: units.map((u) => u.id) }, points: { gt: 0 } }, _sum: { points: true } })
    : [];
  // 督办逾期扣分: the overdue 督办 of each peer's subtree at the period's end, the same KPI as the cockpit's
  const overdue = scheme.overdueSupervisionPoints > 0 ? await kpiByGroup(db, KPI_MAP.get("supervision.overdue")!, province, groupIndex, period, now) : new Map<string, number | null>();
  const addOf = new Map(adds.map((a) => [a.unitId, Number(a._sum.points ?? 0)]));
  const netOf = new Map(adjustments.map((a) => [a.unitId, Number(a._sum.points ?? 0)]));
  const scores: UnitScore[] = units.map((u) => {
    const items: IndicatorScore[] = computed.map(({ ind, def, values, bases, points }) => ({
      id: ind.id,
      name: ind.name,
      group: ind.group,
      kpi: ind.kpi,
      method: ind.method,
      scored: ind.scored,
      max: ind.scored ? ind.points : 0,
      points: ind.scored ? round2(points.get(u.code)?.points ?? 0) : 0,
      value: values.get(u.code) ?? null,
      base: bases?.get(u.code) ?? null,
      rule: ind.scored ? (points.get(u.code)?.rule ?? "") : `仅展示（${formatKpiValue(def, values.get(u.code) ?? null).text}）`,
    }));
    const base = round2(items.reduce((s, i) => s + i.points, 0));
    const addRaw = addOf.get(u.id) ?? 0;
    const overdueSupervisions = overdue.get(u.code) ?? 0;
    const supervisionDeduct = round2(overdueSupervisions * scheme.overdueSupervisionPoints);
    const deductRaw = addRaw - (netOf.get(u.id) ?? 0) + supervisionDeduct;
    const add = round2(Math.min(addRaw, scheme.maxAdd));
    const deduct = round2(Math.min(deductRaw, scheme.maxDeduct));
    return { code: u.code, name: u.name, base, add, deduct, overdueSupervisions, supervisionDeduct, total: round2(base + add - deduct), rank: 0, items };
  });
  scores.sort((a, b) => b.total - a.total);
  scores.forEach((s, i) => (s.rank = i > 0 && scores[i - 1].total === s.total ? scores[i - 1].rank : i + 1));
  return { period, level, scheme, schemeId, scores };
}

/** For the KPI engine: the total score per unit at the group level (cities or counties). */
export async function assessmentScoresByGroup(db: Db, _scope: Scope, groupIndex: number, p: Period, now: Date): Promise<Map<string, number | null>> {
  const level: PeerLevel | null = groupIndex === 3 ? "CITY" : groupIndex === 4 ? "COUNTY" : null;
  const ap = assessmentPeriod(p, now);
  if (!level || !ap) return new Map();
  const { scores } = await scorePeers(db, level, ap, now);
  return new Map(scores.map((s) => [s.code, s.total]));
}
