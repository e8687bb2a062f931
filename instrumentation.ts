// Runs once when an app server starts: the report scheduler (state in the database, so any number of servers
// can run it side by side). PINGAN_SCHEDULER=0 turns it off for a server.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL || process.env.PINGAN_SCHEDULER === "0") return;
  const { startScheduler } = await import("./lib/reports/scheduler-runner");
  startScheduler(process.env.DATABASE_URL);
}
