// The KPI rollup (kpi_monthly) is kept by statement triggers in the writing transaction: after any mix of inserts,
// updates (of the dates, the flags, the unit), deletes and truncates — single rows, many rows at once, concurrent
// transactions — it equals a recount of every event (lib/kpi/events.ts) from the records.
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { KPI_EVENTS } from "@/lib/kpi/events";
import { Prisma } from "@/lib/generated/prisma/client";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";

const t = setupTestDatabase();

beforeAll(async () => {
  await runSeed(t.db, { demo: true });
}, 300_000);

type Row = { event: string; unit_path: string; month: string; n: string };

async function recount(): Promise<Row[]> {
  const parts = [...KPI_EVENTS.values()].map((e) => {
    const month = e.instant ? Prisma.sql`date_trunc('month', (${e.at}) AT TIME ZONE 'Asia/Shanghai')::date` : Prisma.sql`date_trunc('month', ${e.at})::date`;
    return Prisma.sql`SELECT ${e.key}::text AS event, unit_path, ${month}::text AS month, sum(${e.value ?? Prisma.sql`1`})::text AS n
      FROM ${Prisma.raw(`"${e.table}"`)} WHERE ${e.where} AND (${e.at}) IS NOT NULL GROUP BY 1, 2, 3 HAVING sum(${e.value ?? Prisma.sql`1`}) <> 0`;
  });
  return t.db.$queryRaw<Row[]>`SELECT * FROM (${Prisma.join(parts, " UNION ALL ")}) x ORDER BY 1, 2, 3`;
}

const rollup = () => t.db.$queryRaw<Row[]>`SELECT event, unit_path, month::text AS month, n::text AS n FROM kpi_monthly WHERE n <> 0 ORDER BY 1, 2, 3`;

async function expectConsistent() {
  const [a, b] = await Promise.all([rollup(), recount()]);
  expect(a.length).toBeGreaterThan(0);
  expect(a).toEqual(b);
}

describe("KPI rollup (kpi_monthly)", () => {
  it("matches the records after seeding (the bulk inserts of the demo data)", async () => {
    await expectConsistent();
    // every event of the catalogue is there (the demo has some of each)
    const events = new Set((await rollup()).map((r) => r.event));
    expect([...KPI_EVENTS.keys()].filter((k) => !events.has(k))).toEqual([]);
  });

  it("follows updates of dates, flags and units, deletes and inserts, row by row and many at once", async () => {
    const db = t.db;
    // loops closed, reopened, closed late; deadlines moved; reports made late
    await db.$executeRaw`UPDATE intel_items SET loop_closed_at = NULL WHERE id IN (SELECT id FROM intel_items WHERE loop_closed_at IS NOT NULL ORDER BY id LIMIT 40)`;
    await db.$executeRaw`UPDATE intel_items SET loop_closed_at = received_at + interval '45 days' WHERE id IN (SELECT id FROM intel_items WHERE loop_closed_at IS NULL ORDER BY id DESC LIMIT 25)`;
    await db.$executeRaw`UPDATE intel_items SET loop_due_at = loop_due_at + interval '40 days', reported_at = report_due_at + interval '1 hour' WHERE id % 17 = 3`;
    // an item closed before it was received (bad data is counted as it is)
    await db.$executeRaw`UPDATE intel_items SET loop_closed_at = received_at - interval '3 days' WHERE id = (SELECT min(id) FROM intel_items)`;
    // disputes: re-dated, resolved, un-resolved, flagged, moved to another unit, deleted, inserted
    await db.$executeRaw`UPDATE disputes SET found_on = found_on - 35 WHERE id % 11 = 0`;
    await db.$executeRaw`UPDATE disputes SET resolved_on = NULL, status = '调解中' WHERE id % 13 = 0`;
    await db.$executeRaw`UPDATE disputes SET warning_flagged = NOT warning_flagged WHERE id % 29 = 0`;
    await db.$executeRaw`UPDATE disputes SET unit_id = u.id, unit_path = u.path FROM units u WHERE u.code = '620103' AND disputes.id % 31 = 0`;
    await db.$executeRaw`DELETE FROM disputes WHERE id % 37 = 0`;
    await db.$executeRaw`
      INSERT INTO disputes (code, unit_id, unit_path, category, summary, parties, found_on, source, status, mediated, mediation_succeeded, resolved_on, warning_flagged, updated_at)
      SELECT 'JF-T-' || g, u.id, u.path, '邻里冲突', '测试', '甲、乙', date '2025-06-01' + g, '排查', '已化解', true, g % 2 = 0, date '2025-06-05' + g, g % 5 = 0, now()
      FROM units u, generate_series(1, 60) g WHERE u.code = '620102'`;
    // demands resolved and reopened; visits re-dated and one unit's deleted
    await db.$executeRaw`UPDATE enterprise_demands SET resolved_on = NULL, status = '办理中' WHERE id % 9 = 0`;
    await db.$executeRaw`UPDATE enterprise_demands SET resolved_on = raised_on + 12, status = '已解决' WHERE resolved_on IS NULL AND id % 2 = 0`;
    await db.$executeRaw`UPDATE enterprise_visits SET visited_on = visited_on + 20 WHERE id % 7 = 0`;
    await db.$executeRaw`DELETE FROM enterprise_visits WHERE unit_path LIKE '/62/6201/620103/%'`;
    // an update that changes no event moves nothing
    const before = await rollup();
    await db.$executeRaw`UPDATE disputes SET summary = summary || '。' WHERE id % 3 = 0`;
    expect(await rollup()).toEqual(before);
    await expectConsistent();
  });

  it("the history of undated facts (enterprise status/escort, dispute flag) has one current version per record, equal to it, and closed versions that do not overlap", async () => {
    const db = t.db;
    await db.$executeRaw`UPDATE enterprises SET status = CASE WHEN status = '包抓中' THEN '已退出' ELSE '包抓中' END WHERE id % 6 = 0`;
    await db.$executeRaw`UPDATE enterprises SET escort_badge = NULL WHERE id % 7 = 0`;
    await db.$executeRaw`UPDATE enterprises SET industry = industry WHERE id % 2 = 0`; // no tracked change: no new version
    // one transaction (both changes land in one trigger pass); a loaded CI machine may take longer than Prisma's 5 s default
    await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE disputes SET warning_flagged = NOT warning_flagged WHERE id % 5 = 0`;
        await tx.$executeRaw`UPDATE disputes SET resolved_on = found_on + 3 WHERE id % 10 = 0`;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    const mismatch = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM enterprises e FULL JOIN (SELECT * FROM enterprise_history WHERE valid_to IS NULL) h ON h.enterprise_id = e.id
      WHERE h.id IS NULL OR e.id IS NULL OR (e.unit_path, e.enrolled_on, e.status, e.escort_name, e.escort_badge) IS DISTINCT FROM (h.unit_path, h.enrolled_on, h.status, h.escort_name, h.escort_badge)`;
    expect(mismatch).toEqual([{ n: 0n }]);
    const flagged = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT * FROM disputes WHERE warning_flagged) d FULL JOIN (SELECT * FROM dispute_flag_history WHERE valid_to IS NULL) h ON h.dispute_id = d.id
      WHERE h.id IS NULL OR d.id IS NULL OR (d.unit_path, d.found_on, d.resolved_on) IS DISTINCT FROM (h.unit_path, h.found_on, h.resolved_on)`;
    expect(flagged).toEqual([{ n: 0n }]);
    const overlaps = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM enterprise_history a JOIN enterprise_history b ON a.enterprise_id = b.enterprise_id AND a.id < b.id
      WHERE a.valid_from < coalesce(b.valid_to, 'infinity') AND b.valid_from < coalesce(a.valid_to, 'infinity')`;
    expect(overlaps).toEqual([{ n: 0n }]);
    // a deleted record's last version is closed, not lost (a closed period still counts it)
    const [gone] = await db.$queryRaw<{ id: number }[]>`SELECT id FROM disputes WHERE warning_flagged ORDER BY id LIMIT 1`;
    await db.$executeRaw`DELETE FROM disputes WHERE id = ${gone.id}`;
    expect(await db.$queryRaw<{ open: bigint; closed: bigint }[]>`SELECT count(*) FILTER (WHERE valid_to IS NULL) AS open, count(*) FILTER (WHERE valid_to IS NOT NULL) AS closed FROM dispute_flag_history WHERE dispute_id = ${gone.id}`).toEqual([{ open: 0n, closed: 1n }]);
  });

  it("stays exact when transactions write the same unit and month at the same time", async () => {
    const other = createPrismaClient(t.url, { max: 6 });
    try {
      const insert = (db: typeof other, i: number) =>
        db.$transaction(async (tx) => {
          await tx.$executeRaw`
            INSERT INTO disputes (code, unit_id, unit_path, category, summary, parties, found_on, source, status, warning_flagged, updated_at)
            SELECT ${`JF-C-${i}`}, u.id, u.path, '家庭矛盾', '并发', '甲、乙', date '2026-03-10', '排查', '排查中', ${i % 2 === 0}, now() FROM units u WHERE u.code = '620102'`;
          await new Promise((r) => setTimeout(r, 30));
          await tx.$executeRaw`UPDATE disputes SET resolved_on = date '2026-03-20' WHERE code = ${`JF-C-${i}`}`;
        });
      await Promise.all(Array.from({ length: 12 }, (_, i) => insert(i % 2 ? other : t.db, i)));
    } finally {
      await other.$disconnect();
    }
    await expectConsistent();
  });

  it("is emptied with its table by TRUNCATE", async () => {
    await t.db.$executeRaw`TRUNCATE enterprise_visits`;
    expect(await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM kpi_monthly WHERE event LIKE 'enterprise_visits:%'`).toEqual([{ n: 0n }]);
    await expectConsistent();
  });
});
