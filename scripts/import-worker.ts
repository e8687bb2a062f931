// The import worker process (lib/imports/worker.ts), started next to each web server by scripts/lib/next-child.mjs
// (`node --import tsx scripts/import-worker.ts`): parsing, checking and writing an import runs here, never on the
// web server's event loop. Exits with the process that started it; a job it leaves half done is rolled back and
// claimed again by the next worker.
import { startImportWorker } from "../lib/imports/worker";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("[import] DATABASE_URL 未设置，导入处理进程无法启动");
  process.exit(1);
}
const worker = startImportWorker(url);
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  // a running job is not waited for: its transaction rolls back and the job is claimed again
  setTimeout(() => process.exit(0), 3000).unref();
  void worker.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
