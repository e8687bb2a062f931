// One throwaway PostgreSQL for the integration run (never the dev data under .data/): migrated and seeded once as
// a template database; every test file clones its own database from it (CREATE DATABASE … TEMPLATE, ~100 ms).
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createPrismaClient } from "../../lib/db/client";
import { startThrowawayPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/schema-engine";
import { runSeed } from "../../lib/seed";

export default async function setup(project: TestProject) {
  const server = await startThrowawayPostgres("pingan-it");
  const template = server.url;
  await applyMigrations(template);
  const db = createPrismaClient(template, { max: 2 });
  await runSeed(db, { demo: false });
  await db.$disconnect();
  // no connections may remain on a template while it is cloned
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("ALTER DATABASE pingan_test WITH IS_TEMPLATE true");
  await admin.end();
  project.provide("pgAdminUrl", server.adminUrl);
  project.provide("pgTemplate", "pingan_test");
  return async () => {
    await server.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}
