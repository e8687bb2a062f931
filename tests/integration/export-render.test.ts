// Exports read as plain PostgreSQL text and rendered by tight JS (lib/io/text-cells.ts, lib/ledgers/export.ts ledgerRenderQuery + renderedLedgerExport): for EVERY ledger,
// with nasty values in every text column (quotes, commas, newlines, CR, TAB, leading = + - @, edge and full-width
// spaces, XML specials, control characters, emoji, NULLs, unknown enum values, instants at Beijing midnight), the
// route's CSV is byte-equal and its sheet XML string-equal to what the JS writers (csvReadable, the xlsx-stream
// cell writer) make of the same rows read through Prisma; the workbook reads back in exceljs; an abandoned download
// gives its connection back.
import JSZip from "jszip";
import ExcelJS from "exceljs";
import pg from "pg";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { executeRoute, type RouteUser } from "@/lib/http/route-core";
import { type CellValue, csvReadable } from "@/lib/io/write-spreadsheet";
import { writeXlsxStream } from "@/lib/io/xlsx-stream";
import { LEDGER_KEYS, LEDGERS } from "@/lib/ledgers/configs";
import { exportColumns, exportRow } from "@/lib/ledgers/export";
import { iterateLedger, ledgerOrderBy, ledgerWhere, parseLedgerParams } from "@/lib/ledgers/queries";
import { ledgerExportRoute } from "@/lib/ledgers/routes";
import type { LedgerConfig, LedgerKey } from "@/lib/ledgers/types";
import { columnOf } from "@/lib/db/where-sql";
import { setupTestDatabase } from "./helpers/db";
import { makeUser, unitByCode } from "./helpers/factories";
import { makeLedgerRecord } from "./helpers/work-factories";
import { scopeFor } from "../support/scope";

const t = setupTestDatabase();
const HOME = "620102";

const NASTY = [
  'say "hi", then go',
  "line1\nline2",
  "cr\r\nlf",
  "=1+1",
  "+86 139",
  "-2",
  "@SUM(A1)",
  "\tTAB",
  "\rCR",
  " leading space",
  "trailing space ",
  "\u3000全角空格\u3000",
  "a & b < c > d ' e",
  "ctl\u0001\u000b\u001f\uFFFEend",
  "emoji 🚓👮‍♀️ 𠀀",
  "",
  "中文，逗号；引号“”",
  "nbsp\u00a0",
  "back\\slash \\N \\t end\\",
  "\\N",
];

async function bytesOf(stream: NodeJS.ReadableStream | ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Uint8Array>) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function sheetXmlOf(xlsx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(xlsx);
  return zip.file("xl/worksheets/sheet1.xml")!.async("string");
}

async function actor(): Promise<RouteUser> {
  const u = await makeUser(t.db, "OFFICER", HOME);
  const unit = await unitByCode(t.db, HOME);
  return { id: u.id, username: u.username, name: u.name, role: u.role, unitId: u.unitId, unitCode: unit.code, unitName: unit.name, unitLevel: unit.level, unitPath: u.unitPath };
}

const exportReq = (key: string, qs: string) => new Request(`http://pingan.test/api/ledgers/${key}/export?${qs}`, { headers: { host: "pingan.test" } });

/** the JS writers' input: the rows through Prisma, as the export had them before */
async function jsRows(config: LedgerConfig, now: Date) {
  const home = await unitByCode(t.db, HOME);
  const p = parseLedgerParams(config, new URLSearchParams());
  const where = await ledgerWhere(t.db, config, scopeFor(home.path), p);
  const names = new Map((await t.db.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const rows: { sample: Record<string, unknown>; cells: CellValue[] }[] = [];
  for await (const batch of iterateLedger(t.db, config, where, ledgerOrderBy(config, p))) for (const r of batch) rows.push({ sample: r, cells: exportRow(config, r, names.get(r.unitId as number) ?? "", r.links, now) });
  return rows;
}

beforeAll(async () => {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    for (const key of LEDGER_KEYS) {
      const config = LEDGERS[key];
      const texts = config.fields.filter((f) => f.type === "text" || f.type === "longtext");
      const enums = config.fields.filter((f) => f.type === "enum" && !f.pgEnum);
      const optional = config.fields.filter((f) => !f.required && f.type !== "links");
      const datetimes = config.fields.filter((f) => f.type === "datetime");
      for (let j = 0; j < NASTY.length; j++) {
        const r = await makeLedgerRecord(t.db, key, HOME);
        const table = `"${config.table}"`;
        for (const [i, f] of texts.entries()) await c.query(`UPDATE ${table} SET "${columnOf(f.key)}" = $1 WHERE id = $2`, [NASTY[(i + j) % NASTY.length], r.id]);
        // an enum value the options do not know (shown as it is, escaped) on some rows
        if (j % 3 === 0) for (const f of enums) await c.query(`UPDATE ${table} SET "${columnOf(f.key)}" = $1 WHERE id = $2`, [NASTY[j], r.id]).catch(() => {}); // (a number column keeps its value)
        // NULL wherever a column allows it, on some rows
        if (j % 4 === 1)
          for (const f of optional) await c.query(`UPDATE ${table} SET "${columnOf(f.key)}" = NULL WHERE id = $1`, [r.id]).catch(() => {}); // NOT NULL with a default: left as it is
        // instants at Beijing midnight (the day before in UTC), with seconds and milliseconds, and a pre-1992 one (DST)
        const instants = ["2025-03-04T16:00:00Z", "2025-03-05T01:02:03.456Z", "1988-06-30T15:30:00Z", "2024-12-31T23:59:59.999Z"];
        await c.query(`UPDATE ${table} SET created_at = $1, updated_at = $2 WHERE id = $3`, [instants[j % 4], instants[(j + 1) % 4], r.id]);
        for (const f of datetimes) await c.query(`UPDATE ${table} SET "${columnOf(f.key)}" = $1 WHERE id = $2 AND "${columnOf(f.key)}" IS NOT NULL`, [instants[(j + 2) % 4], r.id]);
      }
    }
  } finally {
    await c.end();
  }
}, 300_000);

describe("plain columns rendered by the text-cell renderers, identical to the JS writers", () => {
  it.each(LEDGER_KEYS.map((k) => [k]))("%s: CSV byte-equal, sheet XML equal, exceljs reads it", async (key) => {
    const config = LEDGERS[key as LedgerKey];
    const user = await actor();
    const now = new Date();
    const old = await jsRows(config, now);
    expect(old.length).toBeGreaterThanOrEqual(NASTY.length);
    const columns = exportColumns(config, old[0].sample);
    // derived cells by their column's label: a row may have fewer than the first row named (ent_cases: 挽损 only
    // with a loss); the JS rows shifted the dates into the derived column then, the rendered export leaves it empty
    const labels = columns.slice(2 + config.fields.length, -2).map((c) => c.header);
    for (const r of old) {
      const derived = config.derived?.(r.sample, now) ?? [];
      const head = r.cells.slice(0, 2 + config.fields.length);
      r.cells = [...head, ...labels.map((l) => derived.find((d) => d.label === l)?.text ?? null), ...r.cells.slice(-2)];
    }

    const csvRes = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq(key, `format=csv&unit=${HOME}`), { key });
    expect(csvRes.status).toBe(200);
    const csv = (await bytesOf(csvRes.body!)).toString("utf8");
    const expected = (await bytesOf(csvReadable(columns, old.map((r) => r.cells)))).toString("utf8");
    expect(csv).toBe(expected);
    expect(csv).toContain(`'=1+1`);

    const xlsxRes = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq(key, `format=xlsx&unit=${HOME}`), { key });
    expect(xlsxRes.status).toBe(200);
    const xlsx = await bytesOf(xlsxRes.body!);
    const pass = new PassThrough();
    const done = bytesOf(pass);
    await writeXlsxStream(pass, [{ name: config.title.slice(0, 31), columns, rows: old.map((r) => r.cells) }]);
    const xml = await sheetXmlOf(xlsx);
    expect(xml).toBe(await sheetXmlOf(await done));
    expect(xml).toContain("&#13;");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(old.length + 1);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.header));
    const created = sheet.getRow(2).getCell(columns.length - 1);
    expect(created.value).toBeInstanceOf(Date);
    expect(created.numFmt).toBe("yyyy-mm-dd hh:mm");
  });
});

describe("abandoned rendered downloads", () => {
  it("a large export stopped after its first chunk ends its COPY on the server (the socket was paused)", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      const cols = (await c.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'disputes' AND column_name <> 'id' ORDER BY ordinal_position")).rows.map((r) => r.column_name as string);
      const expr = cols.map((col) => (col === "code" ? `d.code || '-C' || g.i` : col === "import_key" ? "NULL" : `d."${col}"`));
      await c.query(`INSERT INTO disputes (${cols.map((x) => `"${x}"`).join(", ")}) SELECT ${expr.join(", ")} FROM disputes d CROSS JOIN generate_series(1, 3000) g(i)`);
      const user = await actor();
      const res = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=csv&unit=${HOME}`), { key: "disputes" });
      const reader = res.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      // let PostgreSQL fill the socket until the export pauses it
      await new Promise((r) => setTimeout(r, 1500));
      await reader.cancel();
      let copying = -1;
      for (let i = 0; i < 50 && copying !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        copying = (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND query LIKE 'COPY (%' AND pid <> pg_backend_pid()")).rows[0].n;
      }
      expect(copying).toBe(0);
    } finally {
      await c.query("DELETE FROM disputes WHERE code LIKE '%-C%'");
      await c.end();
    }
  }, 60_000);

  it("give their database connection back (more than the export pool holds), then one completes", async () => {
    const user = await actor();
    for (let i = 0; i < 6; i++) {
      for (const format of ["csv", "xlsx"]) {
        const res = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=${format}&unit=${HOME}`), { key: "disputes" });
        expect(res.status).toBe(200);
        await res.body!.cancel();
      }
    }
    const res = await executeRoute(ledgerExportRoute, t.db, user, null, exportReq("disputes", `format=csv&unit=${HOME}`), { key: "disputes" });
    const csv = (await bytesOf(res.body!)).toString("utf8");
    expect(csv.length).toBeGreaterThan(100);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      // no export cursor left open: every connection of the export pool is idle
      const busy = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()");
      expect(busy.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  }, 30_000);
});
