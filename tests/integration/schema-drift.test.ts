// prisma/schema.prisma and prisma/migrations/ agree: the migration `npm run db:migration` would generate from the
// migrations to the schema is empty. A schema change committed without its migration (or a migration edited by
// hand away from the schema) fails here, with the SQL that is missing.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SCHEMA_PATH, pendingMigrationSql } from "@/lib/db/schema-engine";

const adminUrl = inject("pgAdminUrl");
const name = `drift_${randomBytes(5).toString("hex")}`;
const url = adminUrl.replace(/\/postgres$/, `/${name}`);
const admin = new pg.Client({ connectionString: adminUrl });
const schema = fs.readFileSync(SCHEMA_PATH, "utf8");

beforeAll(async () => {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
});

afterAll(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("schema.prisma and migrations/", () => {
  it("agree: the next generated migration is empty", async () => {
    expect(await pendingMigrationSql(url)).toBe("");
  });

  it("a schema change without a migration is found: a new column, a dropped index", async () => {
    const column = schema.replace(/(model Setting \{\n)/, "$1  driftProbe Int? @map(\"drift_probe\")\n");
    expect(column).not.toBe(schema);
    expect(await pendingMigrationSql(url, column)).toMatch(/ALTER TABLE "settings" ADD COLUMN\s+"drift_probe" INTEGER/);

    // an index with an operator class (which the engine's own diff re-creates needlessly) is still compared
    const index = schema.replace('  @@index([unitPath(ops: raw("text_pattern_ops")), foundOn])\n', "");
    expect(index).not.toBe(schema);
    expect(await pendingMigrationSql(url, index)).toMatch(/^-- DropIndex\nDROP INDEX "\w+_unit_path_found_on_idx";$/m);
  });
});
