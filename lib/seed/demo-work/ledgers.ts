// Length kept on purpose: generated demo data — one generator for all the demo ledgers, sharing one random stream.
// Demo ledgers for every county-level unit (and a few records on some stations): problems, mechanisms, stability
// events, intelligence → analysis → verification loops, and disputes with the homicide-risk early warning.
import type { Prisma, RiskTier } from "@/lib/generated/prisma/client";
import { LEDGERS, scoreDispute } from "@/lib/ledgers/configs";
import { type DemoContext, type UnitInfo, bureauName } from "./context";
import {
  BRIGADES,
  DISPUTE_CATEGORY_WEIGHTS,
  MECHANISM_NAMES,
  analysisText,
  disputeOutcome,
  disputeText,
  followUpText,
  intelText,
  mechanismText,
  personName,
  problemDescription,
  residents,
  stabilityText,
  verificationText,
} from "./ledger-text";
import { placesOf } from "./names";
import { PUBLISHED_2023 } from "../published-2023";
import { DAY_MS, HOUR_MS, type Rng, addDaysTo, allocateExact, addMs, anyTime, beijingDay, beijingYear, day, maxDate, minDate, officeTime, seasonalDay } from "./random";

/** Rows with local ids where other rows point at them; the caller maps them to reserved ids. */
export interface LedgerData {
  problems: Prisma.ProblemItemCreateManyInput[];
  mechanisms: Prisma.MechanismCreateManyInput[];
  stability: Prisma.StabilityEventCreateManyInput[];
  intel: (Prisma.IntelItemCreateManyInput & { id: number })[];
  analyses: (Prisma.AnalysisSessionCreateManyInput & { id: number })[];
  analysisIntel: { analysisId: number; intelId: number }[];
  verifications: (Prisma.VerificationCreateManyInput & { id: number })[];
  verificationIntel: { verificationId: number; intelId: number }[];
  disputes: Prisma.DisputeCreateManyInput[];
}

type Range = readonly [number, number];
interface Volume {
  problems: Range;
  mechanisms: Range;
  stability: Range;
  intel: Range;
  analysis: Range;
  disputes: Range;
}
const COUNTY_VOLUME: Volume = { problems: [30, 60], mechanisms: [3, 8], stability: [8, 20], intel: [45, 95], analysis: [10, 25], disputes: [80, 180] };
const STATION_VOLUME: Volume = { problems: [2, 6], mechanisms: [0, 1], stability: [0, 2], intel: [2, 6], analysis: [0, 1], disputes: [5, 15] };
const SIZE = { DISTRICT: 0.75, COUNTY_CITY: 0.6, COUNTY: 0.45, AUTONOMOUS_COUNTY: 0.35, DEV_ZONE: 0.3 } as const;

// monthly weights, January first
const SEASON = {
  disputes: [1.35, 1.3, 1.0, 0.95, 1.0, 1.05, 1.15, 1.1, 1.0, 1.0, 1.05, 1.25],
  problems: [1.2, 1.15, 1.1, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 1.05, 1.2],
  intel: [1.05, 1.1, 1.3, 1.0, 1.0, 1.1, 1.0, 1.0, 1.1, 1.3, 1.0, 1.0],
  stability: [1.4, 1.3, 1.4, 0.9, 1.1, 1.1, 0.9, 0.9, 1.0, 1.4, 0.9, 1.0],
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

const START = day(2023, 1, 1);

/**
 * Disputes screened per year, province-wide (the ledger): 2023 is the published 4.4 万余起 (PUBLISHED_2023), the other
 * years around it; the current year in proportion to the days gone. Split over the counties (and the stations that
 * keep a ledger) by size, exactly.
 */
const DISPUTES_PER_YEAR: Record<number, number> = { 2023: PUBLISHED_2023.disputesScreened, 2024: 45_610, 2025: 44_020 };
const DISPUTES_LATER = 43_200;
/** chance that a dispute is a dangerous combination (the early warning catches it) */
const DANGER = 0.0032;

/** Record codes PREFIX-<unit>-<year>-NNNN, continuing from the counters already in the database. */
export class Coder {
  constructor(readonly counters: Map<string, number>) {}
  next(prefix: string, unitCode: string, date: Date): string {
    const key = `${prefix}-${unitCode}-${beijingYear(date)}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${key}-${String(n).padStart(4, "0")}`;
  }
}

const byDate = <T>(rows: T[], date: (r: T) => Date) => rows.sort((a, b) => date(a).getTime() - date(b).getTime());

export function generateLedgers(rng: Rng, ctx: DemoContext, coder: Coder): LedgerData {
  const out: LedgerData = { problems: [], mechanisms: [], stability: [], intel: [], analyses: [], analysisIntel: [], verifications: [], verificationIntel: [], disputes: [] };
  const ids = { intel: 1, analysis: 1, verification: 1 };
  const counties = ctx.units.filter((u) => u.level === "COUNTY");
  const stations = ctx.units.filter((u) => u.level === "STATION");
  const targets: { unit: UnitInfo; volume: Volume; size: number }[] = [
    ...counties.map((unit) => ({ unit, volume: COUNTY_VOLUME, size: SIZE[unit.kind ?? "COUNTY"] })),
    ...stations.filter((_, i) => i % 3 === 0).map((unit) => ({ unit, volume: STATION_VOLUME, size: 0.5 })),
  ];
  // disputes per unit and year, exactly the year's province total
  const weights = targets.map((t) => (t.volume === COUNTY_VOLUME ? 1 : 0.08) * (0.6 + t.size) * rng.fork(7_000_000 + t.unit.id).range(0.75, 1.25));
  const years: { from: Date; to: Date; n: number[] }[] = [];
  for (let y = 2023; y <= ctx.today.getUTCFullYear(); y++) {
    const from = day(y, 1, 1);
    const end = day(y + 1, 1, 1);
    const to = minDate(end, addDaysTo(ctx.today, 1));
    if (to <= from) break;
    const total = Math.round((DISPUTES_PER_YEAR[y] ?? DISPUTES_LATER) * Math.min(1, (to.getTime() - from.getTime()) / (end.getTime() - from.getTime())));
    years.push({ from, to, n: allocateExact(weights, total) });
  }
  targets.forEach((t, i) => unitLedgers(rng.fork(t.unit.id), ctx, t.unit, t.volume, t.size, coder, out, ids, years.map((y) => ({ from: y.from, to: y.to, n: y.n[i] }))));
  calibrateWarnings(rng.fork(8_000_000), ctx, out.disputes, day(2023, 1, 1), day(2024, 1, 1), PUBLISHED_2023.warningLeads);
  calibrateMediation(rng.fork(8_000_001), out.disputes, day(2023, 1, 1), day(2023, 7, 1), PUBLISHED_2023.peopleSucceeded / PUBLISHED_2023.peopleMediated);
  return out;
}

/**
 * The ledger's own 调解成功率 for disputes found in [from, to) as close to `rate` as whole disputes allow (2023 上半年:
 * the province's published 98.4 %): a few successful mediations become unsuccessful (未化解, no 化解日期).
 */
function calibrateMediation(rng: Rng, disputes: Prisma.DisputeCreateManyInput[], from: Date, to: Date, rate: number) {
  const mediated = disputes.filter((d) => d.mediated && (d.foundOn as Date) >= from && (d.foundOn as Date) < to);
  const ok = rng.shuffle(mediated.filter((d) => d.mediationSucceeded));
  for (let n = ok.length, want = Math.round(rate * mediated.length); n > want; n--) {
    const d = ok.pop()!;
    Object.assign(d, { mediationSucceeded: false, status: "未化解", resolvedOn: null, outcome: disputeOutcome(rng, d.mediationBody ?? null, "", "未化解") });
  }
}


/**
 * Exactly `target` disputes found in [from, to) flagged by the homicide-risk warning (the published 200 余条 leads):
 * the surplus calmed down (no threats, weapons or repeated calls), or the shortfall made dangerous, then re-scored.
 */
function calibrateWarnings(rng: Rng, ctx: DemoContext, disputes: Prisma.DisputeCreateManyInput[], from: Date, to: Date, target: number) {
  const inRange = disputes.filter((d) => (d.foundOn as Date) >= from && (d.foundOn as Date) < to);
  const rescore = (d: Prisma.DisputeCreateManyInput) => {
    const score = scoreDispute({ category: d.category, riskTier: d.riskTier, repeatCalls: d.repeatCalls, threats: d.threats, weapons: d.weapons, domesticViolence: d.domesticViolence, partyCount: d.partyCount }, ctx.dispute);
    Object.assign(d, { warningScore: score.warningScore, warningReasons: score.warningReasons, warningFlagged: score.flagged });
  };
  const flagged = rng.shuffle(inRange.filter((d) => d.warningFlagged));
  const calm = rng.shuffle(inRange.filter((d) => !d.warningFlagged));
  for (let n = flagged.length; n > target; ) {
    const d = flagged.pop()!;
    Object.assign(d, { threats: false, weapons: false, domesticViolence: false, repeatCalls: Math.min(d.repeatCalls ?? 0, 1), riskTier: "BLUE" });
    rescore(d);
    if (!d.warningFlagged) n--;
  }
  for (let n = flagged.length; n < target && calm.length; ) {
    const d = calm.pop()!;
    Object.assign(d, { threats: true, repeatCalls: rng.int(3, 7), weapons: rng.chance(0.25), riskTier: "RED" });
    rescore(d);
    if (d.warningFlagged) n++;
  }
}

function unitLedgers(
  rng: Rng,
  ctx: DemoContext,
  unit: UnitInfo,
  vol: Volume,
  size: number,
  coder: Coder,
  out: LedgerData,
  ids: { intel: number; analysis: number; verification: number },
  disputeYears: { from: Date; to: Date; n: number }[],
) {
  const { now, today } = ctx;
  const v = Math.min(1, Math.max(0, size * 0.6 + rng.float() * 0.5));
  const count = ([lo, hi]: Range) => Math.max(lo, Math.min(hi, Math.round(lo + (v * 0.8 + rng.float() * 0.2) * (hi - lo))));
  const county = unit.level === "STATION" ? (ctx.byId.get(unit.parentId ?? 0) ?? unit) : unit;
  const countyName = county.name;
  const urban = county.kind === "DISTRICT" || county.kind === "DEV_ZONE" || county.level === "CITY";
  const places = placesOf(rng, urban);
  const place = () => {
    const p = rng.pick(places);
    return { town: p.town, village: rng.pick(p.villages) };
  };
  const bureau = bureauName(ctx, unit);
  const parent = unit.parentId ? ctx.byId.get(unit.parentId) : undefined;
  const reportedTo = parent ? `${bureauName(ctx, parent)}${parent.level === "CITY" ? "情报指挥中心" : "指挥中心"}` : "省厅情报指挥中心";
  const officers = Array.from({ length: rng.int(4, 8) }, () => personName(rng));
  const leaders = Array.from({ length: 3 }, () => personName(rng));
  const stationNames = (ctx.children.get(unit.id) ?? []).filter((c) => c.level === "STATION").map((c) => c.name);
  const verifiers = unit.level === "STATION" ? [unit.name] : [...stationNames, ...stationNames, ...BRIGADES.map((b) => `${bureau}${b}`)];
  const age = (d: Date) => (now.getTime() - d.getTime()) / DAY_MS;
  const upToToday = (d: Date) => minDate(d, today);

  // ── 现实矛盾问题清单 ──
  const problems: Prisma.ProblemItemCreateManyInput[] = [];
  for (let i = 0, n = count(vol.problems); i < n; i++) {
    const foundOn = seasonalDay(rng, START, today, SEASON.problems, -0.05);
    const category = rng.weighted(DISPUTE_CATEGORY_WEIGHTS);
    const riskTier = rng.weighted<RiskTier>([["BLUE", 72], ["YELLOW", 22], ["RED", 6]]);
    const span = riskTier === "RED" ? rng.int(7, 15) : riskTier === "YELLOW" ? rng.int(15, 30) : rng.int(20, 60);
    const deadline = addDaysTo(foundOn, span);
    const p = place();
    const text = disputeText(rng, category, p.village.endsWith("社区"));
    const closeAfter = rng.chance(0.9) ? rng.int(1, span) : rng.int(span + 1, span + 30);
    const closedOn = addDaysTo(foundOn, closeAfter);
    const stuck = age(foundOn) > 90 && rng.chance(0.015);
    const closed = !stuck && closedOn <= today && !(age(foundOn) < 20 && rng.chance(0.5));
    const stage = closed ? "销号" : stuck ? rng.weighted([["稳控", 3], ["化解", 1]]) : age(foundOn) < 3 ? "排查" : rng.weighted([["分流", 1], ["化解", 3], ["稳控", 1]]);
    problems.push({
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      source: rng.weighted([["排查", 45], ["110警情", 20], ["信访", 15], ["情报", 12], ["其他", 8]]),
      category,
      title: residents(`${p.village}${text.summary}`, p.village).slice(0, 200),
      description: residents(problemDescription(rng, text.summary), p.village),
      town: p.town,
      village: p.village,
      parties: residents(text.parties.text, p.village),
      officerName: rng.pick(officers),
      foundOn,
      deadline,
      riskTier,
      stage,
      followUp: closed && rng.chance(0.7) ? followUpText(rng) : null,
      closedOn: closed ? closedOn : null,
      createdAt: officeTime(rng, foundOn),
      updatedAt: closed ? officeTime(rng, closedOn) : officeTime(rng, foundOn),
    });
  }
  for (const r of byDate(problems, (r) => r.foundOn as Date)) r.code = coder.next(LEDGERS.problems.codePrefix, unit.code, r.foundOn as Date);
  out.problems.push(...problems);

  // ── 制度机制清单 ──
  const mechanisms: Prisma.MechanismCreateManyInput[] = [];
  const names = rng.sample(unit.level === "STATION" ? ["社区民警驻村（社区）工作制度", "派出所综合指挥室建设运行规范", "警调对接工作实施办法"] : MECHANISM_NAMES, count(vol.mechanisms));
  for (const name of names) {
    const issuedOn = seasonalDay(rng, START, addDaysTo(today, -7), SEASON.flat, -0.25);
    const action = rng.weighted([["新建", 75], ["修订", 20], ["废止", 5]]);
    const tasks = rng.sample(ctx.tasks, rng.int(1, 3)).map((t) => t.code).sort();
    const text = mechanismText(rng, action);
    mechanisms.push({
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      name: action === "修订" ? `${name.replace(/（试行）$/, "")}（修订）` : name,
      action,
      issuer: rng.chance(0.15) && unit.level === "COUNTY" && unit.kind !== "DEV_ZONE" ? `中共${countyName}委政法委员会、${bureau}` : bureau,
      docNo: unit.level === "STATION" ? null : `${(county.shortName ?? county.name).slice(0, 1)}公发〔${beijingYear(issuedOn)}〕${rng.int(1, 120)}号`,
      issuedOn,
      taskCodes: tasks.length ? tasks.join(", ") : null,
      content: text.content,
      evaluation: age(issuedOn) > 120 ? text.evaluation : null,
      createdAt: officeTime(rng, issuedOn),
      updatedAt: officeTime(rng, issuedOn),
    });
  }
  for (const r of byDate(mechanisms, (r) => r.issuedOn as Date)) r.code = coder.next(LEDGERS.mechanisms.codePrefix, unit.code, r.issuedOn as Date);
  out.mechanisms.push(...mechanisms);

  // ── 创稳工作台账 ──
  const events: Prisma.StabilityEventCreateManyInput[] = [];
  for (let i = 0, n = count(vol.stability); i < n; i++) {
    const nature = rng.weighted([["重大活动安保", 22], ["重点人员动向", 22], ["涉稳舆情", 20], ["群体性事件", 18], ["个人极端", 10], ["其他", 8]]);
    const d = seasonalDay(rng, START, today, SEASON.stability, -0.05);
    const occurredAt = minDate(anyTime(rng, d), addMs(now, -HOUR_MS));
    const p = place();
    const text = stabilityText(rng, nature, d.getUTCMonth() + 1, countyName, p.town, p.village);
    const recent = age(occurredAt) < 7;
    const status = recent ? "处置中" : rng.weighted([["已处置", 85], ["持续关注", 15]]);
    events.push({
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      title: residents(text.title, p.village).slice(0, 200),
      occurredAt,
      place: text.place,
      scale: text.scale,
      nature,
      grade: rng.weighted([["一般", 82], ["较大", 14], ["重大", 4]]),
      handling: text.handling,
      outcome: status === "处置中" ? null : text.outcome,
      status,
      createdAt: addMs(occurredAt, rng.int(1, 20) * HOUR_MS),
      updatedAt: addMs(occurredAt, rng.int(20, 200) * HOUR_MS),
    });
  }
  for (const r of byDate(events, (r) => r.occurredAt as Date)) r.code = coder.next(LEDGERS.stability.codePrefix, unit.code, r.occurredAt as Date);
  for (const r of events) if ((r.updatedAt as Date) > now) r.updatedAt = now;
  out.stability.push(...events);

  // ── 情报信息台账 ──
  const { reportHours, loopDays } = ctx.intel;
  interface IntelGen {
    row: Prisma.IntelItemCreateManyInput & { id: number };
    topic: string;
    closes: Date[];
    analysisIds: number[];
  }
  const intel: IntelGen[] = [];
  for (let i = 0, n = count(vol.intel); i < n; i++) {
    const d = seasonalDay(rng, START, today, SEASON.intel, 0.06);
    const receivedAt = minDate(anyTime(rng, d), addMs(now, -rng.int(1, 30) * 60_000));
    const grade = rng.weighted([[1, 3], [2, 12], [3, 38], [4, 47]]);
    const hours = reportHours[grade - 1];
    const reportDueAt = addMs(receivedAt, hours * HOUR_MS);
    const r = rng.float();
    let reportedAt: Date | null = r < 0.92 ? addMs(receivedAt, rng.range(0.1, 0.95) * hours * HOUR_MS) : r < 0.99 ? addMs(reportDueAt, rng.range(0.2, 8) * HOUR_MS) : null;
    if (reportedAt) reportedAt = new Date(Math.round(reportedAt.getTime() / 60_000) * 60_000);
    if (reportedAt && reportedAt > now) reportedAt = null;
    const p = place();
    const text = intelText(rng, countyName, p.town, p.village);
    intel.push({
      row: {
        id: ids.intel++,
        code: "",
        unitId: unit.id,
        unitPath: unit.path,
        grade,
        source: rng.weighted([["基层排查", 25], ["群众举报", 22], ["网上巡查", 20], ["上级通报", 10], ["部门移交", 10], ["技术发现", 8], ["其他", 5]]),
        title: residents(text.title, p.village).slice(0, 200),
        content: residents(text.content, p.village),
        receivedAt,
        reportDueAt,
        reportedAt,
        reportedTo: reportedAt ? reportedTo : null,
        loopDueAt: addMs(receivedAt, loopDays[grade - 1] * DAY_MS),
        loopClosedAt: null,
        createdAt: addMs(receivedAt, rng.int(5, 90) * 60_000),
        updatedAt: reportedAt ?? receivedAt,
      },
      topic: text.topic,
      closes: [],
      analysisIds: [],
    });
  }
  byDate(intel, (g) => g.row.receivedAt as Date);
  for (const g of intel) g.row.code = coder.next(LEDGERS.intel.codePrefix, unit.code, g.row.receivedAt as Date);
  for (const g of intel) if ((g.row.createdAt as Date) > now) g.row.createdAt = now;

  // ── 分析研判台账: each links 1–4 items received shortly before ──
  const analyses: { row: Prisma.AnalysisSessionCreateManyInput & { id: number }; heldOn: Date }[] = [];
  const nAnalysis = Math.min(count(vol.analysis), intel.length);
  const anchors = new Set<IntelGen>();
  for (let i = 0; i < nAnalysis; i++) {
    const anchor = rng.weighted(intel.filter((g) => !anchors.has(g)).map((g) => [g, (g.row.grade as number) <= 2 ? 3 : 1] as const));
    anchors.add(anchor);
    const t0 = (anchor.row.receivedAt as Date).getTime();
    const near = intel.filter((g) => g !== anchor && (g.row.receivedAt as Date).getTime() <= t0 && (g.row.receivedAt as Date).getTime() > t0 - 20 * DAY_MS);
    const linked = [anchor, ...rng.sample(near, rng.weighted([[0, 40], [1, 30], [2, 20], [3, 10]]))];
    const heldOn = upToToday(addDaysTo(beijingDay(anchor.row.receivedAt as Date), rng.int(0, 4)));
    const risk = rng.weighted<RiskTier>([["BLUE", 60], ["YELLOW", 30], ["RED", 10]]);
    const text = analysisText(rng, anchor.topic, risk);
    const id = ids.analysis++;
    analyses.push({
      heldOn,
      row: {
        id,
        code: "",
        unitId: unit.id,
        unitPath: unit.path,
        heldOn,
        chair: rng.pick(leaders),
        attendees: rng.sample(unit.level === "STATION" ? ["社区民警", "治安民警", "辅警"] : [...BRIGADES, ...stationNames.slice(0, 2)], rng.int(3, 5)).join("、"),
        topic: text.topic.slice(0, 200),
        conclusion: text.conclusion,
        riskLevel: risk,
        recommendations: text.recommendations,
        distribution: rng.pick(["局党委班子成员、相关警种、属地派出所", "指挥中心、属地派出所", "相关警种、属地派出所、乡镇（街道）综治中心"]),
        followUp: age(heldOn) > 10 ? text.followUp : null,
        createdAt: minDate(officeTime(rng, heldOn), now),
        updatedAt: minDate(officeTime(rng, heldOn), now),
      },
    });
    for (const g of linked) {
      out.analysisIntel.push({ analysisId: id, intelId: g.row.id });
      g.analysisIds.push(id);
    }
  }
  byDate(analyses, (a) => a.heldOn);
  for (const a of analyses) a.row.code = coder.next(LEDGERS.analysis.codePrefix, unit.code, a.heldOn);
  out.analyses.push(...analyses.map((a) => a.row));
  const analysisHeld = new Map(analyses.map((a) => [a.row.id, a.heldOn]));

  // ── 核查处置台账: most items verified in groups of 1–3; a few recent ones (and rarely an old one) still open ──
  // items still within their loop deadline are often not verified yet; past it, rarely (those are overdue loops)
  const dueLater = (g: IntelGen) => (g.row.loopDueAt as Date) > now;
  const covered = intel.filter((g) => !rng.chance(dueLater(g) ? 0.7 : age(g.row.receivedAt as Date) < 60 ? 0.03 : 0.006));
  const verifications: (Prisma.VerificationCreateManyInput & { id: number })[] = [];
  for (let i = 0; i < covered.length; ) {
    const t0 = (covered[i].row.receivedAt as Date).getTime();
    const size = Math.min(covered.length - i, rng.weighted([[1, 70], [2, 22], [3, 8]]));
    const group = covered.slice(i, i + size).filter((g, k) => k === 0 || (g.row.receivedAt as Date).getTime() - t0 < 7 * DAY_MS);
    i += group.length;
    const latest = group.reduce((a, g) => maxDate(a, g.row.receivedAt as Date), new Date(0));
    const startedOn = upToToday(addDaysTo(beijingDay(latest), rng.int(0, 2)));
    const tightest = Math.min(...group.map((g) => loopDays[(g.row.grade as number) - 1]));
    const start = maxDate(officeTime(rng, startedOn), addMs(latest, HOUR_MS));
    const took = tightest * (rng.chance(0.94) ? rng.range(0.1, 0.9) : rng.range(1.05, 1.8));
    let closedAt: Date | null = maxDate(officeTime(rng, addDaysTo(startedOn, Math.round(took))), addMs(start, rng.int(2, 8) * HOUR_MS));
    const a = age(latest);
    if (closedAt > addMs(now, -HOUR_MS) || rng.chance(group.some(dueLater) ? 0.5 : a < 45 ? 0.1 : 0.008)) closedAt = null;
    const result = closedAt || rng.chance(0.4) ? rng.weighted([["属实", 55], ["部分属实", 25], ["不属实", 20]]) : null;
    const withAnalysis = group.flatMap((g) => g.analysisIds).filter((id) => (analysisHeld.get(id) ?? today) <= startedOn);
    const text = verificationText(rng, result, !!closedAt);
    const id = ids.verification++;
    verifications.push({
      id,
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      analysisId: withAnalysis.length && rng.chance(0.7) ? rng.pick(withAnalysis) : null,
      verifyingUnit: rng.pick(verifiers),
      startedOn,
      result,
      action: text.action,
      feedback: text.feedback,
      closedAt,
      createdAt: minDate(start, now),
      updatedAt: closedAt ?? minDate(start, now),
    });
    for (const g of group) {
      out.verificationIntel.push({ verificationId: id, intelId: g.row.id });
      if (closedAt) g.closes.push(closedAt);
    }
  }
  // follow-up disposals (后续跟踪处置) on recently closed items, mostly still open: the loop stays closed by the first
  for (const g of intel) {
    const first = g.closes[0];
    if (!first || age(g.row.receivedAt as Date) > 180 || !rng.chance(0.3)) continue;
    const startedOn = upToToday(addDaysTo(beijingDay(first), rng.int(1, 20)));
    const start = maxDate(officeTime(rng, startedOn), addMs(first, HOUR_MS));
    let closedAt: Date | null = rng.chance(0.3) ? officeTime(rng, addDaysTo(startedOn, rng.int(1, 10))) : null;
    if (closedAt && closedAt > addMs(now, -HOUR_MS)) closedAt = null;
    const result = closedAt || rng.chance(0.5) ? rng.weighted([["属实", 70], ["部分属实", 30]]) : null;
    const id = ids.verification++;
    verifications.push({
      id,
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      analysisId: null,
      verifyingUnit: rng.pick(verifiers),
      startedOn,
      result,
      action: `根据前期核查情况，继续开展跟踪处置，${rng.pick(["落实稳控责任", "督促相关部门解决诉求", "定期回访当事人", "跟进案件办理"])}。`,
      feedback: closedAt ? "跟踪处置完毕，已反馈。" : null,
      closedAt,
      createdAt: minDate(start, now),
      updatedAt: closedAt ?? minDate(start, now),
    });
    out.verificationIntel.push({ verificationId: id, intelId: g.row.id });
    if (closedAt) g.closes.push(closedAt);
  }
  byDate(verifications, (r) => r.startedOn as Date);
  for (const r of verifications) r.code = coder.next(LEDGERS.verification.codePrefix, unit.code, r.startedOn as Date);
  out.verifications.push(...verifications);
  // 情指行一体化: an item's loop closes with the latest closing of its verifications
  for (const g of intel) {
    g.row.loopClosedAt = g.closes.length ? g.closes.reduce((a, b) => maxDate(a, b)) : null;
    if (g.row.loopClosedAt) g.row.updatedAt = g.row.loopClosedAt;
    out.intel.push(g.row);
  }

  // ── 矛盾纠纷台账 ──
  const disputes: Prisma.DisputeCreateManyInput[] = [];
  const foundDays = disputeYears.flatMap((y) => Array.from({ length: y.n }, () => seasonalDay(rng, y.from, addDaysTo(y.to, -1), SEASON.disputes)));
  for (const foundOn of foundDays) {
    const month = foundOn.getUTCMonth() + 1;
    const category = rng.weighted(
      DISPUTE_CATEGORY_WEIGHTS.map(([c, w]) => [c, c === "劳资债务" && (month === 12 || month <= 2) ? w * 2 : c === "土地山林" ? (urban ? w * 0.3 : month >= 3 && month <= 5 ? w * 1.6 : w) : w] as const),
    );
    const p = place();
    const text = disputeText(rng, category, p.village.endsWith("社区"));
    const family = category === "家庭矛盾" || category === "婚恋纠葛";
    let repeatCalls = rng.weighted([[0, 80], [1, 12], [2, 5], [3, 2], [4, 0.7], [5, 0.3]]);
    let threats = rng.chance(0.012);
    let weapons = rng.chance(0.004);
    let domesticViolence = family && rng.chance(0.05);
    let riskTier: RiskTier = repeatCalls >= 3 || threats || weapons ? rng.weighted([["YELLOW", 75], ["RED", 10], ["BLUE", 15]]) : rng.weighted([["BLUE", 88], ["YELLOW", 11], ["RED", 1]]);
    // a few dangerous combinations: the early warning must catch them
    const danger = rng.chance(DANGER);
    if (danger) {
      threats = true;
      if (family && rng.chance(0.7)) domesticViolence = true;
      if (rng.chance(0.5)) repeatCalls = rng.int(3, 7);
      if (rng.chance(0.25)) weapons = true;
      riskTier = rng.chance(0.6) ? "RED" : "YELLOW";
    }
    const a = age(foundOn);
    let status: string;
    let mediated = false;
    let succeeded = false;
    let body: string | null = null;
    let police = false;
    if (a < 10 && rng.chance(0.5)) {
      status = rng.chance(0.5) ? "调解中" : "排查中";
      if (status === "调解中") body = rng.weighted([["人民调解委员会", 55], ["派出所调解", 15], ["警调对接调解室", 15], ["司法所", 15]]);
    } else if (danger && rng.chance(0.35)) {
      status = "稳控中";
      body = "警调对接调解室";
    } else if (rng.chance(0.9)) {
      mediated = true;
      succeeded = rng.chance(0.987);
      police = rng.chance(0.27);
      body = police
        ? rng.weighted([["警调对接调解室", 60], ["派出所调解", 40]])
        : rng.weighted([["人民调解委员会", 60], ["司法所", 12], ["行业性专业性调解组织", 10], ["律师调解工作室", 6], ["法院诉前调解", 6], ["其他", 6]]);
      status = succeeded ? "已化解" : rng.chance(0.5) ? "未化解" : "稳控中";
    } else status = a < 60 && rng.chance(0.3) ? "调解中" : rng.weighted([["已化解", 75], ["稳控中", 15], ["未化解", 10]]);
    if (body === "警调对接调解室" || body === "派出所调解") police = true;
    const resolvedOn = status === "已化解" ? upToToday(addDaysTo(foundOn, rng.chance(0.8) ? rng.int(0, 10) : rng.int(11, 60))) : null;
    const values = { category, riskTier, repeatCalls, threats, weapons, domesticViolence, partyCount: text.parties.count };
    const score = scoreDispute(values, ctx.dispute);
    disputes.push({
      code: "",
      unitId: unit.id,
      unitPath: unit.path,
      category,
      summary: residents(`${p.village}${text.summary}`, p.village).slice(0, 300),
      parties: residents(text.parties.text, p.village).slice(0, 200),
      partyCount: text.parties.count,
      town: p.town,
      village: p.village,
      foundOn,
      source: rng.weighted([["排查", 35], ["110警情", 25], ["群众来访", 15], ["网格员上报", 15], ["信访转办", 6], ["其他", 4]]),
      mediationBody: body,
      policeMediation: police,
      status,
      mediated,
      mediationSucceeded: succeeded,
      resolvedOn,
      outcome: disputeOutcome(rng, body, text.settle, status),
      riskTier,
      repeatCalls,
      threats,
      weapons,
      domesticViolence,
      warningScore: score.warningScore,
      warningReasons: score.warningReasons,
      warningFlagged: score.flagged,
      createdAt: minDate(officeTime(rng, foundOn), now),
      updatedAt: minDate(officeTime(rng, resolvedOn ?? foundOn), now),
    });
  }
  for (const r of byDate(disputes, (r) => r.foundOn as Date)) r.code = coder.next(LEDGERS.disputes.codePrefix, unit.code, r.foundOn as Date);
  out.disputes.push(...disputes);
}
