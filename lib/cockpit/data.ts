// The cockpit's data: one loader per widget. The page (app/(app)/cockpit/[code]) gets one CockpitData per request
// from cockpitPage (queries.ts) and renders each widget from its loader inside its own <Suspense>; `npm run bench`
// runs exactly the same loaders (CockpitData.loaders()) to capture the SQL the page sends. The functions here take the
// database client as a parameter (CockpitData: in its constructor) and return plain data.
import "@/lib/assessment/kpi"; // registers the assessment score with the KPI engine
import { type Scope, recordsIn, sqlIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import type { AssignmentStatus } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { KPI_MAP, type KpiDef, STOCK } from "@/lib/kpi/definitions";
import { type KpiCardData, type KpiScope, type SeriesPoint, cardFromSeries, kpiAvailable, kpiByChildren, kpiByGroup, kpiScope, kpiSeriesMany, kpiSummary, monthCard, seriesMonths } from "@/lib/kpi/engine";
import { type Period, sameLastYear } from "@/lib/kpi/period";
import { hasPerCapita, kpiPerCapita } from "@/lib/kpi/per-capita";
import { type PlanOption, planResolver } from "@/lib/plan/choice";
import { pathCodes } from "@/lib/tasks/review-chain";
import { shanghaiToday } from "@/lib/time";
import { isUnitCode } from "@/lib/http/query";

export const CARDS_UPPER = ["plan.completion", "plan.overdue", "supervision.open", "supervision.overdue", "loops.open", "loops.overdue", "mediation.rate", "disputes.resolved", "criminal.filed", "criminal.solved", "telecom.cases", "telecom.loss", "telecom.streak", "economic.recovered", "ent.coverage", "ent.visits", "ent.demandClosure", "disputes.flagged",
  // the province's published 2023 figures (lib/seed/published-2023.ts) each have a card
  "economic.solved", "economic.bad_assets", "summons.people", "disputes.screened", "disputes.warning_leads", "people_mediation.rate", "ent.count", "ent.officers",
  "infra.command_rooms", "infra.case_centres", "infra.model_tools", "service.online", "service.fully_online", "service.cross_province"];
export const CARDS_COUNTY = ["plan.completion", "plan.overdue", "supervision.open", "supervision.overdue", "loops.open", "loops.overdue", "intel.ontime", "mediation.rate", "disputes.screened", "disputes.flagged", "criminal.filed", "criminal.solved", "telecom.cases", "ent.visits"];
export const FOCUS_KPIS = ["mediation.rate", "criminal.solved", "criminal.filed", "telecom.cases", "telecom.loss", "telecom.streak", "plan.completion", "plan.overdue", "loops.overdue", "disputes.screened", "ent.coverage", "ent.visits", "economic.recovered", "traffic.deaths"];
export const TREND_KPIS = ["criminal.filed", "criminal.solved", "telecom.cases", "telecom.loss", "disputes.screened", "disputes.resolved", "mediation.rate"];
export const STATION_KPIS = ["disputes.screened", "mediation.rate", "loops.open", "plan.overdue"];

export interface CockpitChild {
  code: string;
  name: string;
  shortName: string | null;
  level: string;
  kind: string | null;
}

export interface CockpitUnit {
  id: number;
  code: string;
  name: string;
  level: string;
  path: string;
  depth: number;
  kind: string | null;
}

export async function findCockpitUnit(db: Db, code: string): Promise<CockpitUnit | null> {
  if (!isUnitCode(code)) return null;
  return db.unit.findUnique({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true, depth: true, kind: true } });
}

/** The unit's active children (the widgets' sub-units) and its ancestors (the breadcrumbs). */
export async function cockpitFamily(db: Db, unit: CockpitUnit): Promise<{ children: CockpitChild[]; ancestors: { code: string; name: string; path: string }[] }> {
  const [children, ancestors] = await Promise.all([
    db.unit.findMany({ where: { parentId: unit.id, active: true }, orderBy: [{ level: "asc" }, { sortOrder: "asc" }], select: { code: true, name: true, shortName: true, level: true, kind: true } }),
    db.unit.findMany({ where: { code: { in: pathCodes(unit.path).slice(0, -1) } }, select: { code: true, name: true, path: true } }),
  ]);
  return { children, ancestors };
}

/** A county (or station) cockpit: to-do list and stations instead of rankings, the map and the battle summary. */
export function isCountyView(unit: Pick<CockpitUnit, "level">, children: CockpitChild[]): boolean {
  return unit.level === "COUNTY" || unit.level === "STATION" || !children.some((c) => c.level === "COUNTY" || c.level === "CITY");
}

export function cockpitCards(county: boolean): KpiDef[] {
  return (county ? CARDS_COUNTY : CARDS_UPPER).map((id) => KPI_MAP.get(id)!).filter(Boolean);
}

/**
 * Sub-units ranked by a KPI, 同比, and (province, by county) every county's value for the map. `perCapita` (a KPI
 * with KpiDef.perCapita): every value per 10万人口 of its unit in the period's year (lib/kpi/per-capita.ts); units
 * without a population figure are listed in `missingPopulation` and have no value.
 */
export async function rankingData(db: Db, o: { scope: KpiScope; unitLevel: string; children: CockpitChild[]; period: Period; def: KpiDef; mapMode: "city" | "county"; perCapita?: boolean }) {
  const territorial = o.children.filter((c) => c.level === "CITY" || c.level === "COUNTY");
  const ly = sameLastYear(o.period);
  const available = kpiAvailable(o.def, o.period);
  const codes = territorial.map((c) => c.code);
  const [values, last, countyValues] = await Promise.all([
    kpiByChildren(db, o.def, o.scope, codes, o.period),
    ly && available ? kpiByChildren(db, o.def, o.scope, codes, ly) : Promise.resolve(new Map<string, number | null>()),
    o.unitLevel === "PROVINCE" && o.mapMode === "county" && available ? kpiByGroup(db, o.def, o.scope, 4, o.period) : Promise.resolve(null),
  ]);
  if (!o.perCapita || !hasPerCapita(o.def) || !available) return { territorial, available, values, last, countyValues, perCapita: false, missingPopulation: new Set<string>(), populationYear: null };
  const [pc, pcLast, pcCounty] = await Promise.all([
    kpiPerCapita(db, values, o.period),
    ly ? kpiPerCapita(db, last, ly) : Promise.resolve(null),
    countyValues ? kpiPerCapita(db, countyValues, o.period) : Promise.resolve(null),
  ]);
  return {
    territorial,
    available,
    values: pc.values,
    last: pcLast?.values ?? new Map<string, number | null>(),
    countyValues: pcCounty?.values ?? null,
    perCapita: true,
    missingPopulation: new Set([...pc.missing, ...(pcCounty?.missing ?? [])]),
    populationYear: pc.year,
  };
}

/** the assignments of the shown plan (plans.id), else of the plan in force now (SQL over task_assignments) */
const inPlan = (planId: number | null | undefined, now: Date) => STOCK.taskPlan(Prisma.sql`${now}::timestamptz`, planId);

/** 挂图作战 at a glance: per sub-unit, how many assignments (of the shown plan) are red, amber, green. */
export async function battleSummaryData(db: Db, scope: KpiScope, now: Date = new Date(), planId: number | null = null) {
  const today = shanghaiToday(now);
  const soon = new Date(today.getTime() + 30 * 86_400_000);
  const rows = await db.$queryRaw<{ child: string; total: bigint; closed: bigint; red: bigint; amber: bigint }[]>`
    SELECT split_part(unit_path, '/', ${scope.depth + 3}) AS child, count(*) AS total,
           count(*) FILTER (WHERE status = 'CLOSED') AS closed,
           count(*) FILTER (WHERE status = 'RETURNED' OR (status <> 'CLOSED' AND deadline < ${today})) AS red,
           count(*) FILTER (WHERE deadline >= ${today} AND (status = 'PENDING_REVIEW' OR (status IN ('NOT_STARTED', 'IN_PROGRESS') AND deadline <= ${soon} AND progress < 100))) AS amber
    FROM task_assignments WHERE ${sqlIn(scope, "unit_path", { below: true })} AND ${inPlan(planId, now)}
    GROUP BY 1`;
  return new Map(rows.map((r) => [r.child, { total: Number(r.total), closed: Number(r.closed), red: Number(r.red), amber: Number(r.amber) }]));
}

/** The most overdue work and the oldest open loops in the subtree. */
export async function attentionData(db: Db, scope: KpiScope, now: Date = new Date(), planId: number | null = null) {
  const today = shanghaiToday(now);
  const [tasks, loops] = await Promise.all([
    // one statement with its unit and task (the ORM would fetch those in two more round trips)
    db.$queryRaw<{ id: number; deadline: Date; status: AssignmentStatus; progress: number; unitName: string; taskCode: string; taskTitle: string }[]>`
      SELECT a.id, a.deadline, a.status::text AS status, a.progress, u.name AS "unitName", t.code AS "taskCode", t.title AS "taskTitle"
      FROM task_assignments a JOIN units u ON u.id = a.unit_id JOIN plan_tasks t ON t.id = a.task_id
      WHERE ${sqlIn(scope, "a.unit_path")} AND a.status <> 'CLOSED' AND a.deadline < ${today} AND ${inPlan(planId, now)}
      ORDER BY a.deadline, a.id
      LIMIT 8`,
    db.intelItem.findMany({
      where: { ...recordsIn(scope), loopClosedAt: null },
      orderBy: [{ loopDueAt: "asc" }],
      take: 8,
      select: { id: true, code: true, title: true, grade: true, loopDueAt: true, receivedAt: true },
    }),
  ]);
  return { tasks: tasks.map((t) => ({ id: t.id, deadline: t.deadline, status: t.status, progress: t.progress, unit: { name: t.unitName }, task: { code: t.taskCode, title: t.taskTitle } })), loops };
}

/** A county's own to-do list: records waiting for it (one statement). */
export async function countyTodoData(db: Db, scope: KpiScope, now: Date = new Date(), planId: number | null = null) {
  const today = shanghaiToday(now);
  const in30 = new Date(today.getTime() + 30 * 86_400_000);
  const ago30 = new Date(today.getTime() - 30 * 86_400_000);
  const inScope = sqlIn(scope);
  const [r] = await db.$queryRaw<{ returned: bigint; dueSoon: bigint; toReport: bigint; overdueProblems: bigint; flagged: bigint; oldDemands: bigint }[]>`
    SELECT
      (SELECT count(*) FROM task_assignments WHERE ${inScope} AND status = 'RETURNED' AND ${inPlan(planId, now)}) AS "returned",
      (SELECT count(*) FROM task_assignments WHERE ${inScope} AND status IN ('NOT_STARTED', 'IN_PROGRESS') AND deadline >= ${today} AND deadline <= ${in30} AND ${inPlan(planId, now)}) AS "dueSoon",
      (SELECT count(*) FROM intel_items WHERE ${inScope} AND reported_at IS NULL) AS "toReport",
      (SELECT count(*) FROM problem_items WHERE ${inScope} AND stage <> '销号' AND deadline < ${today}) AS "overdueProblems",
      (SELECT count(*) FROM disputes WHERE ${inScope} AND warning_flagged AND resolved_on IS NULL) AS "flagged",
      (SELECT count(*) FROM enterprise_demands WHERE ${inScope} AND resolved_on IS NULL AND raised_on < ${ago30}) AS "oldDemands"`;
  return {
    returned: Number(r.returned),
    dueSoon: Number(r.dueSoon),
    toReport: Number(r.toReport),
    overdueProblems: Number(r.overdueProblems),
    flagged: Number(r.flagged),
    oldDemands: Number(r.oldDemands),
  };
}

/** A county's stations with their own figures for the period (plain data: a shared read travels to the other web
 * processes; the KPI definitions do not, CockpitData.stations adds them). */
export async function stationsData(db: Db, scope: KpiScope, children: CockpitChild[], period: Period) {
  const stations = children.filter((c) => c.level === "STATION");
  const values = await Promise.all(stationDefs().map((d) => kpiByChildren(db, d, scope, stations.map((s) => s.code), period)));
  return { stations, values };
}

const stationDefs = () => STATION_KPIS.map((id) => KPI_MAP.get(id)!);

/** A read shared across requests: lib/db.ts sharedRead bound to the page's read target. */
export type ShareRead = <T>(key: string, load: () => Promise<T>) => Promise<{ value: T; asOf: Date; shared: boolean }>;

export interface CockpitView {
  unit: CockpitUnit;
  /** the unit's subtree (checked against the viewer's scope by the page) */
  scope: Scope;
  children: CockpitChild[];
  period: Period;
  /** the KPI of the ranking and the map */
  def: KpiDef;
  mapMode: "city" | "county";
  /** the ranking and the map per 10万人口 (KPIs with KpiDef.perCapita only) */
  perCapita?: boolean;
  /** the plan chosen with ?plan= (plans.id): the task KPIs count it; absent: each period's plan in force (as reports do) */
  plan?: number | null;
  /** the plan the page shows (chosen, else in force at the period's end): the now-widgets (挂图作战, 待办, 重点关注) list its work */
  shownPlan?: number | null;
  /** every plan (the page's plan picker has read them): the task KPIs then name each period's plan in force as a constant (MeasureCtx.planAt) */
  plans?: PlanOption[];
}

/**
 * The data of one cockpit page, each piece loaded once: the page makes one per request and hands it to its widgets.
 * For a complete month, every card's 13-month series and the 24-month trends come from one batch
 * (kpiSeriesMany: a query per measure family instead of one or two per KPI).
 */
export class CockpitData {
  readonly scope: KpiScope;
  readonly county: boolean;
  readonly cards: KpiDef[];
  private readonly memo = new Map<string, Promise<unknown>>();
  /** how current each shared read of this page is (the 「数据截至」 line) */
  private readonly reads: Promise<{ asOf: Date; shared: boolean }>[] = [];

  constructor(
    readonly db: Db,
    readonly view: CockpitView,
    readonly now: Date = new Date(),
    /** reads shared with other requests of the same cockpit (the page passes lib/db.ts sharedRead; absent: none) */
    private readonly share?: ShareRead,
  ) {
    this.scope = kpiScope(view.scope, view.unit.code, view.plan, view.plans ? planResolver(view.plans) : undefined);
    this.county = isCountyView(view.unit, view.children);
    this.cards = cockpitCards(this.county);
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
    }
    return p;
  }

  /**
   * A database read of this page, shared with other requests for the same cockpit when the page allows it. Only
   * leaf reads are shared (what is derived from them is recomputed per request), so an entry's data is never older
   * than the position it claims. The key names everything the read depends on besides `key`.
   */
  private read<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.once(key, () => {
      if (!this.share) return load();
      const v = this.view;
      const r = this.share(`cockpit|${v.unit.code}|${v.scope.path}|${v.period.key}|${v.plan ?? ""}|${v.shownPlan ?? ""}|${key}`, load);
      this.reads.push(r);
      return r.then((x) => x.value);
    });
  }

  /**
   * How current the page's data is once every widget has loaded: the oldest shared read's instant, or null when
   * nothing was shared (then the data is this request's own).
   */
  async freshness(): Promise<{ asOf: Date; shared: boolean } | null> {
    await Promise.allSettled(this.loaders().map((l) => l.load()));
    const reads = (await Promise.allSettled(this.reads)).flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (!reads.some((r) => r.shared)) return null;
    const oldest = reads.reduce((a, b) => (b.asOf < a.asOf ? b : a));
    return { asOf: oldest.asOf, shared: true };
  }

  /**
   * Every monthly series of the page in one batch: each card's 13 months (a complete month: the card is read off
   * them) or its 12-month sparkline (other periods), and the trends' 24 months.
   */
  private series(): Promise<Map<string, SeriesPoint[]>> {
    return this.read("series", async () => {
      const p = this.view.period;
      const items = [
        ...this.cards.flatMap((def) =>
          cardFromSeries(def, p) ? [{ key: `${def.id}/13`, def, months: seriesMonths(p, 13, this.now) }] : kpiAvailable(def, p) ? [{ key: `${def.id}/12`, def, months: seriesMonths(p, 12, this.now) }] : [],
        ),
        ...TREND_KPIS.map((id) => ({ key: `${id}/24`, def: KPI_MAP.get(id)!, months: seriesMonths(p, 24, this.now) })),
      ];
      const out = await kpiSeriesMany(this.db, this.scope, items, this.now);
      return new Map(items.map((it, i) => [it.key, out[i]]));
    });
  }

  /** what kpiCard returns, from the page's batch (the value, 环比 and 同比 of other periods are computed per card) */
  card(def: KpiDef): Promise<KpiCardData> {
    return this.once(`card ${def.id}`, async () => {
      const p = this.view.period;
      if (cardFromSeries(def, p)) return monthCard(def, (await this.series()).get(`${def.id}/13`)!);
      const [summary, series] = await Promise.all([this.read(`summary ${def.id}`, () => kpiSummary(this.db, def, this.scope, p, this.now)), kpiAvailable(def, p) ? this.series().then((s) => s.get(`${def.id}/12`)!) : Promise.resolve([])]);
      return { ...summary, series };
    });
  }

  trends() {
    return this.once("trends", async () => {
      const s = await this.series();
      return { months: seriesMonths(this.view.period, 24, this.now), by: Object.fromEntries(TREND_KPIS.map((id) => [id, s.get(`${id}/24`)!])) };
    });
  }

  ranking() {
    const v = this.view;
    return this.read(`ranking ${v.def.id} ${v.mapMode} ${v.perCapita ? "per100k" : "total"}`, () => rankingData(this.db, { scope: this.scope, unitLevel: v.unit.level, children: v.children, period: v.period, def: v.def, mapMode: v.mapMode, perCapita: v.perCapita }));
  }

  battleSummary() {
    return this.read("battleSummary", () => battleSummaryData(this.db, this.scope, this.now, this.view.shownPlan ?? this.view.plan));
  }

  attention() {
    return this.read("attention", () => attentionData(this.db, this.scope, this.now, this.view.shownPlan ?? this.view.plan));
  }

  countyTodo() {
    return this.read("countyTodo", () => countyTodoData(this.db, this.scope, this.now, this.view.shownPlan ?? this.view.plan));
  }

  /** the station table: its figures (a shared read) with the KPIs' definitions, in column order */
  stations() {
    return this.once("stations table", async () => ({ ...(await this.read("stations", () => stationsData(this.db, this.scope, this.view.children, this.view.period))), defs: stationDefs() }));
  }

  /** every widget's data, in page order (the cards first): what the page loads (`npm run bench` replays these) */
  loaders(): { name: string; load: () => Promise<unknown> }[] {
    return [
      ...this.cards.map((d) => ({ name: `card ${d.id}`, load: () => this.card(d) })),
      ...(this.county
        ? [
            { name: "countyTodo", load: () => this.countyTodo() },
            { name: "stations", load: () => this.stations() },
          ]
        : [
            { name: "rankingAndMap", load: () => this.ranking() },
            { name: "battleSummary", load: () => this.battleSummary() },
          ]),
      { name: "trends", load: () => this.trends() },
      { name: "attention", load: () => this.attention() },
    ];
  }
}
