// The app for the end-to-end tests: a throwaway embedded PostgreSQL (never the dev data), migrated and seeded with
// the demo data, then `next start` on E2E_PORT. Started by Playwright's webServer; everything is removed on exit.
// The database's address goes to a file (db-file.ts) for the tests' factories, which give each writing test its
// own users and records (tests/e2e/factories.ts).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createPrismaClient } from "../../lib/db/client";
import { startThrowawayPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/schema-engine";
import { runSeed } from "../../lib/seed";
import { buildIfNeeded } from "../../scripts/lib/build";
import { e2eDbFile, e2ePort } from "./db-file";

const port = e2ePort();

async function main() {
  buildIfNeeded((m) => console.log(`[e2e] ${m}`));
  const dbFile = e2eDbFile(port);
  fs.rmSync(dbFile, { force: true }); // a crashed run's
  const pg = await startThrowawayPostgres("pingan-e2e");
  // SIGTERM from Playwright (gracefulShutdown) and the web server's exit both arrive: one shutdown, then exit
  let stopping: Promise<never> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      fs.rmSync(dbFile, { force: true });
      await pg.stop().catch((e) => console.error("[e2e] 停止数据库失败", e));
      process.exit(0);
    })());
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  await applyMigrations(pg.url);
  const db = createPrismaClient(pg.url, { max: 2 });
  await runSeed(db, { demo: true });
  await db.$disconnect();
  fs.writeFileSync(dbFile, JSON.stringify({ url: pg.url }), { mode: 0o600 });
  const web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: pg.url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      // two web processes behind the one port (scripts/lib/next-child.mjs): every spec also proves that sessions,
      // their revocation and the walls' live stream work whichever process answers
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "2",
    },
  });
  process.on("exit", () => web.kill("SIGKILL"));
  web.on("exit", () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
