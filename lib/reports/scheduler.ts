// Scheduled reports ("兰州, every month on the 3rd"): from a table, by the app servers themselves. A schedule is
// claimed for a period with one conditional UPDATE (so several servers, or a restart mid-run, never generate it
// twice), and the archive's unique (schedule, period) is the second lock. Missed days are caught up at the next run.
import { SYSTEM_ACTOR } from "@/lib/audit/write";
import { makeScope } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { monthKey, parsePeriod } from "@/lib/kpi/period";
import { shanghaiToday } from "@/lib/time";
import { generateReport } from "./generate";

export async function runDueSchedules(db: Db, now: Date = new Date(), log: (m: string) => void = () => {}): Promise<number> {
  const today = shanghaiToday(now);
  const period = monthKey(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1)));
  const due = await db.reportSchedule.findMany({
    where: { active: true, dayOfMonth: { lte: today.getUTCDate() }, OR: [{ lastPeriod: null }, { lastPeriod: { not: period } }] },
    select: { id: true, lastPeriod: true, unitId: true, createdById: true },
  });
  let generated = 0;
  for (const s of due) {
    const claimed = await db.reportSchedule.updateMany({
      where: { id: s.id, active: true, OR: [{ lastPeriod: null }, { lastPeriod: { not: period } }] },
      data: { lastPeriod: period, lastRunAt: now, lastError: null },
    });
    if (!claimed.count) continue; // another server took it
    try {
      const unit = await db.unit.findUniqueOrThrow({ where: { id: s.unitId }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } });
      const owner = await db.user.findUnique({ where: { id: s.createdById }, select: { name: true, username: true } });
      // the schedule's own unit: set in scope when the schedule was created
      await generateReport(db, { ...unit, scope: makeScope(unit.path) }, parsePeriod(period, now)!, {
        actor: { ...SYSTEM_ACTOR, username: "scheduler" },
        byLabel: `定期生成（${owner ? `${owner.name} 设置` : "系统"}）`,
        scheduleId: s.id,
        now,
      });
      generated++;
      log(`[reports] 已按计划生成 ${unit.name} ${period} 报告`);
    } catch (e) {
      const duplicate = (e as { code?: string }).code === "P2002";
      if (!duplicate) {
        // give the period back so that the next run retries it; the archive's unique key still prevents doubles
        await db.reportSchedule.update({ where: { id: s.id }, data: { lastPeriod: s.lastPeriod, lastError: e instanceof Error ? e.message.slice(0, 500) : String(e) } });
        log(`[reports] 定期报告生成失败（计划 ${s.id}）：${e instanceof Error ? e.message : e}`);
      }
    }
  }
  return generated;
}
