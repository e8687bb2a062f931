// The wall's own data (指挥中心大屏): the 今日 panel, the ticker and the counties with a brand-new homicide-risk
// warning. Everything else on a wall — cards, ranking, map, trends — is the cockpit's CockpitData (lib/cockpit/data.ts),
// so that a wall and the cockpit show the same figures by construction. Functions here take the database client and
// return plain data; every text about people passes through lib/wall/mask.ts before it leaves.
import { type Scope, sqlIn, unitsIn } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import type { KpiScope } from "@/lib/kpi/engine";
import { shanghaiDayStart, shanghaiToday } from "@/lib/time";
import { maskText, namesIn } from "./mask";

/** a warning flagged this recently makes its county pulse on the map */
export const PULSE_MS = 10 * 60 * 1000;

export interface WallToday {
  /** intelligence received today, by grade (1–4; grades without any are 0) */
  intelByGrade: { grade: number; n: number }[];
  /** disputes newly flagged as liable to turn into homicide (易引发命案) today, and all open flagged ones */
  warningsToday: number;
  warningsOpen: number;
  /** task assignments 销号 (closed by review) today */
  closedToday: number;
  /** counties (code, name) with a warning flagged in the last PULSE_MS */
  pulse: { code: string; name: string }[];
}

export async function wallTodayData(db: Db, scope: KpiScope, now: Date = new Date()): Promise<WallToday> {
  const dayStart = shanghaiDayStart(shanghaiToday(now));
  const cut = new Date(now.getTime() - PULSE_MS);
  const inScope = sqlIn(scope);
  // a warning is "new" from when it was flagged: an edit that raised the flag opens a dispute_flag_history version
  // at now(); a dispute registered already flagged counts from its creation
  const [grades, [w], [c], pulse] = await Promise.all([
    db.$queryRaw<{ grade: number; n: bigint }[]>`SELECT grade, count(*) AS n FROM intel_items WHERE ${inScope} AND received_at >= ${dayStart} GROUP BY grade`,
    db.$queryRaw<{ today: bigint; open: bigint }[]>`
      SELECT count(*) FILTER (WHERE d.created_at >= ${dayStart} OR EXISTS (SELECT 1 FROM dispute_flag_history h WHERE h.dispute_id = d.id AND h.valid_to IS NULL AND h.valid_from >= ${dayStart})) AS today,
             count(*) FILTER (WHERE d.resolved_on IS NULL) AS open
      FROM disputes d WHERE ${sqlIn(scope, "unit_path")} AND d.warning_flagged`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM review_records r JOIN task_assignments a ON a.id = r.assignment_id
      WHERE ${sqlIn(scope, "a.unit_path")} AND r.to_status = 'CLOSED' AND r.at >= ${dayStart}`,
    db.$queryRaw<{ code: string; name: string }[]>`
      SELECT DISTINCT u.code, coalesce(u.short_name, u.name) AS name
      FROM disputes d JOIN units u ON u.code = split_part(d.unit_path, '/', 4)
      WHERE ${sqlIn(scope, "unit_path")} AND d.warning_flagged AND d.resolved_on IS NULL
        AND (d.created_at >= ${cut} OR EXISTS (SELECT 1 FROM dispute_flag_history h WHERE h.dispute_id = d.id AND h.valid_to IS NULL AND h.valid_from >= ${cut}))
      ORDER BY u.code`,
  ]);
  const byGrade = new Map(grades.map((g) => [g.grade, Number(g.n)]));
  return {
    intelByGrade: [1, 2, 3, 4].map((grade) => ({ grade, n: byGrade.get(grade) ?? 0 })),
    warningsToday: Number(w?.today ?? 0),
    warningsOpen: Number(w?.open ?? 0),
    closedToday: Number(c?.n ?? 0),
    pulse,
  };
}

export interface TickerItem {
  key: string;
  at: Date;
  kind: "情报" | "纠纷" | "预警" | "事件" | "销号";
  unit: string;
  /** already masked */
  text: string;
}

/** The latest events in the subtree, newest first, names and ID numbers masked. */
export async function wallTickerData(db: Db, scope: KpiScope, limit = 16): Promise<TickerItem[]> {
  const [intel, disputes, events, closed] = await Promise.all([
    db.$queryRaw<{ id: number; at: Date; code: string; grade: number; title: string; unit: string }[]>`
      SELECT i.id, i.received_at AS at, i.code, i.grade, i.title, coalesce(u.short_name, u.name) AS unit
      FROM intel_items i JOIN units u ON u.id = i.unit_id WHERE ${sqlIn(scope, "unit_path")} ORDER BY i.received_at DESC, i.id DESC LIMIT ${limit}`,
    db.$queryRaw<{ id: number; at: Date; code: string; category: string; summary: string; parties: string; flagged: boolean; unit: string }[]>`
      SELECT d.id, d.created_at AS at, d.code, d.category, d.summary, d.parties, d.warning_flagged AS flagged, coalesce(u.short_name, u.name) AS unit
      FROM disputes d JOIN units u ON u.id = d.unit_id WHERE ${sqlIn(scope, "unit_path")} ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit}`,
    db.$queryRaw<{ id: number; at: Date; title: string; unit: string }[]>`
      SELECT e.id, e.occurred_at AS at, e.title, coalesce(u.short_name, u.name) AS unit
      FROM stability_events e JOIN units u ON u.id = e.unit_id WHERE ${sqlIn(scope, "unit_path")} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
    db.$queryRaw<{ id: number; at: Date; code: string; title: string; unit: string }[]>`
      SELECT r.id, r.at, t.code, t.title, coalesce(u.short_name, u.name) AS unit
      FROM review_records r JOIN task_assignments a ON a.id = r.assignment_id JOIN plan_tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id
      WHERE ${sqlIn(scope, "a.unit_path")} AND r.to_status = 'CLOSED' ORDER BY r.at DESC, r.id DESC LIMIT ${limit}`,
  ]);
  const items: TickerItem[] = [
    ...intel.map((i) => ({ key: `i${i.id}`, at: i.at, kind: "情报" as const, unit: i.unit, text: maskText(`${["", "一", "二", "三", "四"][i.grade] ?? i.grade}级 ${i.title}`) })),
    ...disputes.map((d) => ({ key: `d${d.id}`, at: d.at, kind: d.flagged ? ("预警" as const) : ("纠纷" as const), unit: d.unit, text: maskText(`${d.category}：${d.summary}${d.flagged ? "（易引发命案风险）" : ""}`, namesIn(d.parties)) })),
    ...events.map((e) => ({ key: `e${e.id}`, at: e.at, kind: "事件" as const, unit: e.unit, text: maskText(e.title) })),
    ...closed.map((c) => ({ key: `c${c.id}`, at: c.at, kind: "销号" as const, unit: c.unit, text: maskText(`任务 ${c.code} ${c.title} 已销号`) })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime() || a.key.localeCompare(b.key)).slice(0, limit);
}

/** The stops of a tour inside `scope`, in the order given, each once; unknown and out-of-scope codes are left out. */
export async function tourStopsIn(db: Db, scope: Scope, codes: readonly string[]): Promise<string[]> {
  if (!codes.length) return [];
  const units = await db.unit.findMany({ where: { code: { in: [...codes] }, active: true, ...unitsIn(scope) }, select: { code: true } });
  const seen = new Set(units.map((u) => u.code));
  return codes.filter((c, i) => seen.has(c) && codes.indexOf(c) === i);
}
