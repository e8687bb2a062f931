// `next dev` only: the import worker process beside the development server (in production
// scripts/lib/next-child.mjs starts and supervises it).
import { spawn } from "node:child_process";
import path from "node:path";

export function startDevImportWorker() {
  const worker = spawn(process.execPath, ["--import", "tsx", path.join(process.cwd(), "scripts/import-worker.ts")], { stdio: "inherit", env: process.env });
  process.on("exit", () => worker.kill("SIGKILL"));
}
