// Independent SQL for every KPI, written from the 口径 text and apart from lib/kpi (joined through the units table
// instead of the rows' own unit_path, with the Beijing day arithmetic spelled out), so a mistake in a measure
// cannot hide in both. Counted at the period's end: facts without dates of their own (enterprise status, a
// dispute's warning flag) from their versions valid at that instant. Used by kpi.test.ts and reports.test.ts.
import type { Db } from "@/lib/db/client";
import { type Period, asOf } from "@/lib/kpi/period";

export type Oracle = (unitPath: string, p: Period) => Promise<number | null>;

const n = (rows: { v: unknown }[]) => Number(rows[0]?.v ?? 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const bjFrom = (p: Period) => p.from.toISOString().slice(0, 10);
const bjTo = (p: Period) => p.to.toISOString().slice(0, 10);

export function kpiOracles(db: Db, NOW: Date): Record<string, Oracle> {
  const count = async (sql: string, ...args: unknown[]) => n(await db.$queryRawUnsafe<{ v: unknown }[]>(sql, ...args));
  const stat = (metric: string): Oracle => async (path, p) =>
    count(`SELECT coalesce(sum(s.value), 0) AS v FROM stat_values s JOIN units u ON u.id = s.unit_id WHERE u.path LIKE $1 AND s.metric = $2 AND s.month >= $3::date AND s.month < $4::date`, `${path}%`, metric, bjFrom(p), bjTo(p));
  const stock = (metric: string): Oracle => async (path, p) =>
    count(
      `SELECT coalesce(sum(s.value), 0) AS v FROM units u CROSS JOIN LATERAL (SELECT value FROM stat_values x WHERE x.unit_id = u.id AND x.metric = $2 AND x.month < $3::date ORDER BY x.month DESC LIMIT 1) s WHERE u.path LIKE $1`,
      `${path}%`,
      metric,
      bjTo(p),
    );
  // ledger rows dated (DATE column) in the period
  const dated = (table: string, col: string, extra = "TRUE"): Oracle => async (path, p) =>
    count(`SELECT count(*) AS v FROM ${table} x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.${col} BETWEEN $2::date AND ($3::date - 1) AND ${extra}`, `${path}%`, bjFrom(p), bjTo(p));
  const at = (p: Period) => asOf(p, NOW).toISOString();
  // a loop is closed at $2 when its closing time is before $2, or a closure undone after $2 was in force at $2
  const closedLoop = "(coalesce(i.loop_closed_at < $2::timestamptz, false) OR (SELECT count(*) FROM intel_loop_history h WHERE h.intel_id = i.id AND $2::timestamptz > h.closed_at AND $2::timestamptz <= h.changed_at) > 0)";
  const bjDay = (p: Period) => new Date(asOf(p, NOW).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  // the plan whose tasks count (口径: the plan of the period — its years cover the Beijing year of the period's last
  // instant, the current plan first — else the current plan), picked here in JS from the plans table
  const planOf = async (p: Period) => {
    const year = new Date(asOf(p, NOW).getTime() - 1 + 8 * 3600_000).getUTCFullYear();
    const plans = await db.plan.findMany({ select: { id: true, startYear: true, endYear: true, active: true } });
    const score = (x: (typeof plans)[number]) => (x.startYear <= year && x.endYear >= year ? 4 : 0) + (x.active ? 2 : 0);
    plans.sort((a, b) => score(b) - score(a) || b.startYear - a.startYear || b.id - a.id);
    return `a.task_id IN (SELECT id FROM plan_tasks WHERE plan_id = ${plans[0]?.id ?? 0})`;
  };
  return {
    "plan.completion": async (path, p) =>
      ratio(
        await count(`SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND ${await planOf(p)} AND a.created_at < $2::timestamptz AND (a.closed_at < $2::timestamptz OR (SELECT r.to_status = 'CLOSED' FROM review_records r WHERE r.assignment_id = a.id AND r.at < $2::timestamptz AND (r.to_status = 'CLOSED' OR r.from_status = 'CLOSED') ORDER BY r.at DESC, r.id DESC LIMIT 1))`, `${path}%`, at(p)),
        await count(`SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND ${await planOf(p)} AND a.created_at < $2::timestamptz`, `${path}%`, at(p)),
      ),
    "plan.overdue": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM task_assignments a JOIN units u ON u.id = a.unit_id WHERE u.path LIKE $1 AND ${await planOf(p)} AND a.created_at < $2::timestamptz AND a.deadline < $3::date AND NOT coalesce((a.closed_at < $2::timestamptz OR (SELECT r.to_status = 'CLOSED' FROM review_records r WHERE r.assignment_id = a.id AND r.at < $2::timestamptz AND (r.to_status = 'CLOSED' OR r.from_status = 'CLOSED') ORDER BY r.at DESC, r.id DESC LIMIT 1)), false)`,
        `${path}%`,
        at(p),
        bjDay(p),
      ),
    // a 督办单's status at $2: the to_status of its last step before $2 (every step is kept)
    "supervision.open": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM supervisions x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.created_at < $2::timestamptz AND (SELECT st.to_status::text FROM supervision_steps st WHERE st.supervision_id = x.id AND st.at < $2::timestamptz ORDER BY st.at DESC, st.id DESC LIMIT 1) NOT IN ('ACCEPTED', 'CANCELLED')`,
        `${path}%`,
        at(p),
      ),
    "supervision.overdue": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM supervisions x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.created_at < $2::timestamptz AND x.reply_due < $3::date AND (SELECT st.to_status::text FROM supervision_steps st WHERE st.supervision_id = x.id AND st.at < $2::timestamptz ORDER BY st.at DESC, st.id DESC LIMIT 1) IN ('OPEN', 'RETURNED')`,
        `${path}%`,
        at(p),
        bjDay(p),
      ),
    "loops.open": async (path, p) =>
      count(`SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND i.received_at < $2::timestamptz AND NOT ${closedLoop}`, `${path}%`, at(p)),
    "loops.overdue": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND i.received_at < $2::timestamptz AND i.loop_due_at < $2::timestamptz AND NOT ${closedLoop}`,
        `${path}%`,
        at(p),
      ),
    "intel.ontime": async (path, p) => {
      const q = (extra: string) =>
        count(`SELECT count(*) AS v FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE u.path LIKE $1 AND (i.received_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND ($3::date - 1) AND ${extra}`, `${path}%`, bjFrom(p), bjTo(p));
      return ratio(await q("i.reported_at <= i.report_due_at"), await q("TRUE"));
    },
    "disputes.screened": dated("disputes", "found_on"),
    "disputes.resolved": dated("disputes", "resolved_on"),
    "mediation.rate": async (path, p) => ratio(await dated("disputes", "found_on", "x.mediation_succeeded")(path, p) as number, (await dated("disputes", "found_on", "x.mediated")(path, p)) as number),
    // the flag as recorded at the period's end (dispute_flag_history: versions valid at that instant)
    "disputes.flagged": async (path, p) =>
      count(
        `SELECT count(*) AS v FROM dispute_flag_history d WHERE d.unit_path LIKE $1 AND d.valid_from <= $3::timestamptz AND (d.valid_to IS NULL OR d.valid_to > $3::timestamptz) AND d.found_on < $2::date AND NOT (d.resolved_on IS NOT NULL AND d.resolved_on < $2::date)`,
        `${path}%`,
        bjDay(p),
        at(p),
      ),
    "criminal.filed": stat("criminal.filed"),
    "criminal.solved": stat("criminal.solved"),
    "public_order.handled": stat("public_order.handled"),
    "economic.solved": stat("economic.solved"),
    "economic.recovered": stat("economic.recovered"),
    "telecom.cases": stat("telecom_fraud.cases"),
    "telecom.loss": stat("telecom_fraud.loss"),
    "traffic.deaths": stat("traffic.deaths"),
    "summons.people": stat("summons.people"),
    "ent.count": async (path, p) => count(`SELECT count(*) AS v FROM enterprise_history e WHERE e.unit_path LIKE $1 AND e.valid_from <= $3::timestamptz AND (e.valid_to IS NULL OR e.valid_to > $3::timestamptz) AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p), at(p)),
    "ent.coverage": async (path, p) =>
      ratio(
        await count(`SELECT count(*) AS v FROM enterprise_history e WHERE e.unit_path LIKE $1 AND e.valid_from <= $3::timestamptz AND (e.valid_to IS NULL OR e.valid_to > $3::timestamptz) AND e.enrolled_on < $2::date AND e.status = '包抓中' AND e.escort_name IS NOT NULL`, `${path}%`, bjDay(p), at(p)),
        await count(`SELECT count(*) AS v FROM enterprise_history e WHERE e.unit_path LIKE $1 AND e.valid_from <= $3::timestamptz AND (e.valid_to IS NULL OR e.valid_to > $3::timestamptz) AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p), at(p)),
      ),
    "ent.visits": dated("enterprise_visits", "visited_on"),
    "ent.officers": async (path, p) => count(`SELECT count(DISTINCT e.escort_badge) AS v FROM enterprise_history e WHERE e.unit_path LIKE $1 AND e.valid_from <= $3::timestamptz AND (e.valid_to IS NULL OR e.valid_to > $3::timestamptz) AND e.enrolled_on < $2::date AND e.status = '包抓中'`, `${path}%`, bjDay(p), at(p)),
    "ent.daysToClose": async (path, p) => {
      const [r] = await db.$queryRawUnsafe<{ v: unknown }[]>(`SELECT avg(x.resolved_on - x.raised_on)::float AS v FROM enterprise_demands x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND x.resolved_on BETWEEN $2::date AND ($3::date - 1)`, `${path}%`, bjFrom(p), bjTo(p));
      return r.v === null ? null : Number(r.v);
    },
    // due (raised + 30 days) in the period, resolved on or before its last day
    "ent.demandClosure": async (path, p) => {
      const q = (extra: string) =>
        count(`SELECT count(*) AS v FROM enterprise_demands x JOIN units u ON u.id = x.unit_id WHERE u.path LIKE $1 AND (x.raised_on + 30) BETWEEN $2::date AND ($3::date - 1) AND ${extra}`, `${path}%`, bjFrom(p), bjTo(p), bjDay(p));
      return ratio(await q("x.resolved_on <= ($4::date - 1)"), await q("$4::date IS NOT NULL"));
    },
    "infra.command_rooms": stock("infra.command_rooms"),
    "infra.case_centres": stock("infra.case_centres"),
    "infra.model_tools": stock("infra.model_tools"),
    "service.online": stock("service.online"),
    "economic.bad_assets": stat("economic.bad_assets"),
    "service.fully_online": stock("service.fully_online"),
    "service.cross_province": stock("service.cross_province"),
    // found in the period (as first flagged) and flagged before the period's end, by the flag history
    "disputes.warning_leads": async (path, p) =>
      count(
        `SELECT count(DISTINCT h.dispute_id) AS v FROM dispute_flag_history h WHERE h.unit_path LIKE $1 AND h.valid_from < $4::timestamptz AND h.found_on BETWEEN $2::date AND ($3::date - 1)
           AND NOT EXISTS (SELECT 1 FROM dispute_flag_history e WHERE e.dispute_id = h.dispute_id AND e.valid_from < h.valid_from)`,
        `${path}%`,
        bjFrom(p),
        bjTo(p),
        at(p),
      ),
    "people_mediation.mediated": stat("people_mediation.mediated"),
    "people_mediation.rate": async (path, p) => ratio((await stat("people_mediation.succeeded")(path, p)) as number, (await stat("people_mediation.mediated")(path, p)) as number),
    // consecutive months up to the period's last month in which cases AND losses were below the same month a year before
    "telecom.streak": async (path, p) => {
      const rows = await db.$queryRawUnsafe<{ m: string; c: unknown; l: unknown }[]>(
        `SELECT to_char(s.month, 'YYYY-MM') AS m, sum(s.value) FILTER (WHERE s.metric = 'telecom_fraud.cases') AS c, sum(s.value) FILTER (WHERE s.metric = 'telecom_fraud.loss') AS l
         FROM stat_values s JOIN units u ON u.id = s.unit_id WHERE u.path LIKE $1 AND s.metric IN ('telecom_fraud.cases', 'telecom_fraud.loss') GROUP BY 1`,
        `${path}%`,
      );
      const by = new Map(rows.map((r) => [r.m, { c: Number(r.c ?? 0), l: Number(r.l ?? 0) }]));
      const today = new Date(NOW.getTime() + 8 * 3600_000);
      let y = p.to.getUTCFullYear();
      let m = p.to.getUTCMonth(); // 0-based month after the period's last month: step back one
      if (p.to.getTime() > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1)) [y, m] = [today.getUTCFullYear(), today.getUTCMonth()];
      const key = (yy: number, mm: number) => `${yy}-${String(mm + 1).padStart(2, "0")}`;
      let n = 0;
      for (;;) {
        m -= 1;
        if (m < 0) [y, m] = [y - 1, 11];
        const cur = by.get(key(y, m));
        const prev = by.get(key(y - 1, m));
        if (!cur || !prev || !(cur.c < prev.c && cur.l < prev.l)) return n;
        n++;
      }
    },
  };
}
