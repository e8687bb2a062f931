import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/db/schema-engine";

describe("migrations (offline, WebAssembly schema engine)", () => {
  it("take an empty database to the latest schema, record the history, and a second run changes nothing", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = `m_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);
    try {
      const onDisk = readMigrations().map((m) => m.name);
      expect(onDisk.length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual(onDisk);

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const history = await client.query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name");
      expect(history.rows.map((r) => r.migration_name)).toEqual(onDisk);
      expect(history.rows.every((r) => r.finished_at && !r.rolled_back_at)).toBe(true);
      const schemaBefore = await client.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2");
      await client.end();

      expect(await applyMigrations(url)).toEqual([]);

      const again = new pg.Client({ connectionString: url });
      await again.connect();
      const schemaAfter = await again.query("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2");
      const historyAfter = await again.query("SELECT count(*)::int AS n FROM _prisma_migrations");
      await again.end();
      expect(schemaAfter.rows).toEqual(schemaBefore.rows);
      expect(historyAfter.rows[0].n).toBe(onDisk.length);
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("two concurrent runs migrate once", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = `m_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = adminUrl.replace(/\/postgres$/, `/${name}`);
    try {
      const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
      expect([...a, ...b]).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
