// Started by instrumentation.ts in each app server process (beside the report scheduler; PINGAN_SCHEDULER=0 turns
// both off): runs the notification sweeps (lib/notifications/sweep.ts) every five minutes. Several servers may run
// it side by side: every sweep is idempotent.
import { createPrismaClient } from "@/lib/db/client";
import { runSweeps } from "./sweep";

const key = "__pinganNotificationSweeps";
export const SWEEP_INTERVAL_MS = 5 * 60_000;

export function startNotificationSweeps(url: string) {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g[key]) return;
  const db = createPrismaClient(url, { max: 1 });
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const out = await runSweeps(db, new Date());
      for (const [name, r] of Object.entries(out)) {
        if (typeof r === "string") console.error(`[notifications] ${name} 执行失败：${r}`);
        else if (r > 0) console.log(`[notifications] ${name}：${r} 条`);
      }
    } finally {
      running = false;
    }
  };
  g[key] = setInterval(() => void tick(), SWEEP_INTERVAL_MS);
  (g[key] as NodeJS.Timeout).unref?.();
  setTimeout(() => void tick(), 20_000).unref?.();
}
