// Scheduled reports ("兰州, every month on the 3rd"): from a table, by the app servers themselves. A schedule is
// claimed for a period with one conditional UPDATE (so several servers, or a restart mid-run, never generate it
// twice), and the archive's unique (schedule, period) is the second lock. Missed days are caught up at the next run.
// A claim whose server died before the archive was written (killed mid-generation) is taken over once it is older than
// STALE_CLAIM_MS and the period still has no archive: the period is never lost, and still generated only once.
import { SYSTEM_ACTOR } from "@/lib/audit/write";
import { makeScope } from "@/lib/auth/scope";
import type { Db } from "@/lib/db/client";
import { monthKey, parsePeriod } from "@/lib/kpi/period";
import { shanghaiToday } from "@/lib/time";
import { generateReport } from "./generate";

/** a claimed period without its archive after this long: the claiming server died; another server takes it over */
export const STALE_CLAIM_MS = staleClaimMs(process.env.REPORT_CLAIM_STALE_SECONDS);

function staleClaimMs(raw: string | undefined): number {
  const seconds = raw === undefined || raw === "" ? 1800 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 5) throw new Error(`REPORT_CLAIM_STALE_SECONDS 无效：${raw}（应为不小于 5 的秒数，默认 1800）`);
  return seconds * 1000;
}

export async function runDueSchedules(db: Db, now: Date = new Date(), log: (m: string) => void = () => {}): Promise<number> {
  const today = shanghaiToday(now);
  const period = monthKey(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1)));
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
  // claimed long ago (or before this field was kept) and still no archive for the period: the claiming server died
  const stale = { lastPeriod: period, OR: [{ lastRunAt: null }, { lastRunAt: { lt: staleBefore } }], archives: { none: { period } } };
  const due = await db.reportSchedule.findMany({
    where: { active: true, dayOfMonth: { lte: today.getUTCDate() }, OR: [{ lastPeriod: null }, { lastPeriod: { not: period } }, stale] },
    select: { id: true, lastPeriod: true, lastRunAt: true, unitId: true, createdById: true },
  });
  let generated = 0;
  for (const s of due) {
    // conditional on what was read: of two servers taking over the same stale claim, one wins
    const claimed = await db.reportSchedule.updateMany({
      where: s.lastPeriod === period ? { id: s.id, active: true, ...stale, lastRunAt: s.lastRunAt } : { id: s.id, active: true, OR: [{ lastPeriod: null }, { lastPeriod: { not: period } }] },
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
        await db.reportSchedule.update({ where: { id: s.id }, data: { lastPeriod: s.lastPeriod === period ? null : s.lastPeriod, lastError: e instanceof Error ? e.message.slice(0, 500) : String(e) } });
        log(`[reports] 定期报告生成失败（计划 ${s.id}）：${e instanceof Error ? e.message : e}`);
      }
    }
  }
  return generated;
}
