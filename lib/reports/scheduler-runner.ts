// Started by instrumentation.ts in each app server process: checks for due report schedules every minute.
import { createPrismaClient } from "@/lib/db/client";
import { runDueSchedules } from "./scheduler";

const key = "__pinganScheduler";

export function startScheduler(url: string) {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g[key]) return;
  const db = createPrismaClient(url, { max: 2 });
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueSchedules(db, new Date(), (m) => console.log(m));
    } catch (e) {
      console.error("[reports] 定期报告检查失败", e instanceof Error ? e.message : e);
    } finally {
      running = false;
    }
  };
  g[key] = setInterval(tick, 60_000);
  (g[key] as NodeJS.Timeout).unref?.();
  setTimeout(tick, 10_000).unref?.();
}
