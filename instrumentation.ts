// Runs once when an app server starts: the report scheduler and the notification sweeps (state in the database, so any number of servers
// can run it side by side). PINGAN_SCHEDULER=0 turns it off for a server.
// Under `next dev` it also starts the import worker process (in production scripts/lib/next-child.mjs does).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  if (process.env.NODE_ENV === "development" && process.env.IMPORT_WORKER !== "0") (await import("./lib/imports/dev-worker")).startDevImportWorker();
  // take the other web processes' shared figures from the start, not only once this process has served a cockpit
  // (lib/db/shared-peers.ts: an entry that arrives before is dropped)
  (await import("./lib/db")).getSharedReads();
  if (process.env.PINGAN_SCHEDULER === "0") return;
  const { startScheduler } = await import("./lib/reports/scheduler-runner");
  startScheduler(process.env.DATABASE_URL);
  // 站内消息: deadline messages and the 184-day retention, every five minutes
  const { startNotificationSweeps } = await import("./lib/notifications/sweep-runner");
  startNotificationSweeps(process.env.DATABASE_URL);
}
