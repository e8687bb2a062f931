// The import worker loop: claims waiting jobs one at a time and runs them. Woken at once by NOTIFY import_jobs
// (sent when an upload commits), and polls every few seconds anyway (a missed notification, a stale job to
// reclaim). One per app server; with several, FOR UPDATE SKIP LOCKED gives each job to exactly one of them.
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { NOTIFY_CHANNEL } from "./jobs";
import { defaultWorkerId, runNextImportJob } from "./runner";

export interface ImportWorker {
  stop(): Promise<void>;
}

export function startImportWorker(url: string, opts: { workerId?: string; idleMs?: number; staleAfterMs?: number; log?: (m: string) => void } = {}): ImportWorker {
  const log = opts.log ?? ((m: string) => console.log(`[import] ${m}`));
  const workerId = opts.workerId ?? defaultWorkerId();
  const idleMs = opts.idleMs ?? 3000;
  const db = createPrismaClient(url, { max: 3 });
  let stopped = false;
  let wake: (() => void) | null = null;
  let woken = false;

  const listener = new pg.Client({ connectionString: url });
  listener.on("notification", () => {
    woken = true;
    wake?.();
  });
  listener.on("error", (e) => log(`通知连接中断（改为定时查询）：${e.message}`));
  const listening = listener
    .connect()
    .then(() => listener.query(`LISTEN ${NOTIFY_CHANNEL}`))
    .catch((e: Error) => log(`无法订阅通知（改为定时查询）：${e.message}`));

  const idle = () =>
    new Promise<void>((resolve) => {
      if (woken || stopped) return resolve();
      const t = setTimeout(resolve, idleMs);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  const loop = (async () => {
    await listening;
    log(`导入处理进程已启动（${workerId}）`);
    while (!stopped) {
      woken = false;
      let ran = false;
      try {
        ran = (await runNextImportJob(db, workerId, { staleAfterMs: opts.staleAfterMs })) !== null;
      } catch (e) {
        log(`查询导入任务失败：${e instanceof Error ? e.message : String(e)}`);
      }
      if (!ran) await idle();
      wake = null;
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await loop;
      await listener.end().catch(() => {});
      await db.$disconnect();
    },
  };
}
