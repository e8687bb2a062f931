// The app for the end-to-end tests: a throwaway embedded PostgreSQL (never the dev data), migrated and seeded with
// the demo data, then `next start` on E2E_PORT. Started by Playwright's webServer; everything is removed on exit.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createPrismaClient } from "../../lib/db/client";
import { startThrowawayPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/schema-engine";
import { runSeed } from "../../lib/seed";
import { buildIfNeeded } from "../../scripts/lib/build";

const port = Number(process.env.E2E_PORT ?? 3100);

async function main() {
  buildIfNeeded((m) => console.log(`[e2e] ${m}`));
  const pg = await startThrowawayPostgres("pingan-e2e");
  const stop = async () => {
    await pg.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  await applyMigrations(pg.url);
  const db = createPrismaClient(pg.url, { max: 2 });
  await runSeed(db, { demo: true });
  await db.$disconnect();
  const web = spawn(process.execPath, [path.resolve("scripts/lib/next-child.mjs"), "start", "-p", String(port)], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: pg.url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      NEXTAUTH_URL: `http://localhost:${port}`,
    },
  });
  process.on("exit", () => web.kill("SIGKILL"));
  web.on("exit", () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
