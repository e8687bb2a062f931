// The monthly report: report = cockpit (parse the XLSX and the PDF's text and compare every KPI with the cockpit's
// values for 3 units × 3 months), CSV with BOM, extractable Chinese PDF (first page rendered to PNG), scheduled
// reports generated once per due date even across a restart.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { parseSpreadsheet } from "@/lib/io/parse-spreadsheet";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { kpiValue } from "@/lib/kpi/engine";
import { formatKpiValue } from "@/lib/format";
import { SYSTEM_ACTOR } from "@/lib/audit/write";
import { compareReports } from "@/lib/reports/compare";
import { generateReport } from "@/lib/reports/generate";
import { parsePeriod } from "@/lib/kpi/period";
import { REPORT_KPIS, buildReport } from "@/lib/reports/build";
import { renderReportPdf } from "@/lib/reports/pdf";
import { STALE_CLAIM_MS, runDueSchedules } from "@/lib/reports/scheduler";
import { renderReportCsv, renderReportXlsx } from "@/lib/reports/spreadsheets";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";
import { makeUser } from "./helpers/factories";
import { kpiOracles } from "./helpers/kpi-oracles";
import { kpiScopeFor, withScope } from "../support/scope";

const t = setupTestDatabase();
const NOW = new Date("2026-11-30T04:00:00Z");

beforeAll(async () => {
  await runSeed(t.db, { demo: true });
}, 300_000);

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("") + "\n";
  }
  await doc.destroy();
  return text;
}

async function unit(code: string) {
  return withScope(await t.db.unit.findUniqueOrThrow({ where: { code }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } }));
}

describe("report equals cockpit", () => {
  const UNITS = ["62", "6201", "620102"];
  const MONTHS = ["2025-10", "2025-06", "2024-12"];

  it.each(UNITS.flatMap((u) => MONTHS.map((m) => [u, m] as const)))("%s %s: every KPI in the XLSX and the PDF equals the cockpit's", async (code, month) => {
    const u = await unit(code);
    const p = parsePeriod(month, NOW)!;
    const data = await buildReport(t.db, u, p, { by: "测试", now: NOW });
    const [xlsx, pdf] = await Promise.all([renderReportXlsx(data), renderReportPdf(data)]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("主要指标")!;
    const fromXlsx = new Map<string, unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) fromXlsx.set(String(row.getCell(1).value), row.getCell(4).value);
    });
    const text = (await pdfText(pdf)).replace(/\s+/g, "");
    expect(text).toContain(data.title.replace(/\s+/g, ""));

    for (const id of REPORT_KPIS) {
      const def = KPI_MAP.get(id)!;
      const cockpit = await kpiValue(t.db, def, kpiScopeFor(u), p, NOW);
      const cell = fromXlsx.get(def.name);
      // the workbook stores numbers as numbers: rates as percentages (98.4), amounts with 2 decimals
      if (cockpit === null) expect(cell ?? null, id).toBeNull();
      else {
        expect(typeof cell, id).toBe("number");
        expect(cell as number, id).toBeCloseTo(cockpit, 9);
      }
      // the PDF prints the cockpit's formatted value
      const f = formatKpiValue(def, cockpit);
      expect(text, `${id} ${f.text}`).toContain(`${def.name}${f.text}`);
    }
  });
});

// Issue 11: every report KPI equals independent SQL at the period's end, for all 14 市州 × three periods, in the
// report's figures (what the view renders), the XLSX cells (exact values), the CSV and the PDF text — all equal
// after the shared formatting; the 逾期任务 section total is the KPI's.
describe("report = independent SQL at the period's end, all 14 市州 × 3 periods, in every format", () => {
  const PERIODS = ["2026-10", "2025-12", "2025"];

  it.each(PERIODS)("%s", async (key) => {
    const p = parsePeriod(key, NOW)!;
    const o = kpiOracles(t.db, NOW);
    const province = await unit("62");
    const cities = await t.db.unit.findMany({ where: { parentId: province.id, level: "CITY" }, orderBy: { sortOrder: "asc" }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } }).then((l) => l.map(withScope));
    expect(cities).toHaveLength(14);
    const fmt = (id: string, v: number | null) => formatKpiValue(KPI_MAP.get(id)!, v);

    // the province report's ranking of the 14 cities: figures and the XLSX sheet
    const prov = await buildReport(t.db, province, p, { by: "测试", now: NOW });
    const provXlsx = new ExcelJS.Workbook();
    await provXlsx.xlsx.load((await renderReportXlsx(prov)) as unknown as ArrayBuffer);
    const rankSheet = provXlsx.getWorksheet("下级单位比较")!;
    for (const [ri, row] of prov.ranking!.rows.entries()) {
      const city = cities.find((c) => c.code === row.code)!;
      for (const [ki, id] of prov.ranking!.kpis.entries()) {
        const want = await o[id](city.path, p);
        expect(fmt(id, row.values[id]), `${city.name} ${id}`).toEqual(fmt(id, want));
        const cell = rankSheet.getRow(ri + 2).getCell(ki + 3).value;
        expect(fmt(id, (cell as number | null) ?? null), `${city.name} ${id} xlsx`).toEqual(fmt(id, want));
      }
    }

    for (const c of cities) {
      const data = await buildReport(t.db, c, p, { by: "测试", now: NOW });
      const [xlsx, pdf, csv] = await Promise.all([renderReportXlsx(data), renderReportPdf(data), renderReportCsv(data)]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      const cells = new Map<string, unknown>();
      wb.getWorksheet("主要指标")!.eachRow((row, n) => {
        if (n > 1) cells.set(String(row.getCell(1).value), row.getCell(4).value);
      });
      const csvRows = new Map((await parseSpreadsheet(new Uint8Array(csv), "r.csv")).rows.map((r) => [r.values["指标"], r.values["本期"]]));
      const text = (await pdfText(pdf)).replace(/\s+/g, "");
      for (const id of REPORT_KPIS) {
        const def = KPI_MAP.get(id)!;
        const want = fmt(id, await o[id](c.path, p));
        const k = data.kpis.find((x) => x.id === id)!;
        const where = `${c.name} ${key} ${id}`;
        expect(fmt(id, k.value), `${where} view`).toEqual(want);
        expect(fmt(id, (cells.get(def.name) as number | null) ?? null), `${where} xlsx`).toEqual(want);
        const csvCell = csvRows.get(def.name);
        expect(fmt(id, csvCell === "" || csvCell === undefined ? null : def.format === "percent" ? Number(csvCell) / 100 : Number(csvCell)), `${where} csv`).toEqual(want);
        expect(text, `${where} pdf`).toContain(`${def.name}${want.text}`);
      }
      // the 逾期任务 section counts what the KPI counts, at the period's end
      const overdue = (await o["plan.overdue"](c.path, p)) as number;
      expect(data.overdueTasks.total, `${c.name} ${key} 逾期任务`).toBe(overdue);
      expect(data.overdueTasks.rows.length).toBe(Math.min(20, overdue));
      expect(text).toContain(`五、逾期任务（共${overdue}项`);
      expect(String(wb.getWorksheet("逾期任务")!.getRow(1).getCell(1).value)).toContain(`逾期未销号任务共 ${overdue} 项`);
      expect(data.openLoops.total).toBe(await o["loops.open"](c.path, p));
      expect(data.openLoops.overdue).toBe(await o["loops.overdue"](c.path, p));
    }
  }, 900_000);
});

describe("files", () => {
  it("CSV starts with a BOM and round-trips Chinese text; PDF text is extractable Chinese; first page rendered", async () => {
    const u = await unit("6201");
    const data = await buildReport(t.db, u, parsePeriod("2025-10", NOW)!, { by: "孙丽（sheng_fenxi）", now: NOW });
    const csv = await renderReportCsv(data);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = await parseSpreadsheet(new Uint8Array(csv), "report.csv");
    expect(parsed.encoding).toBe("utf-8");
    expect(parsed.headers.slice(0, 3)).toEqual(["指标", "分组", "单位"]);
    expect(parsed.rows.map((r) => r.values["指标"])).toEqual(data.kpis.map((k) => k.name));
    expect(parsed.rows.find((r) => r.values["指标"] === "调解成功率")!.values["口径"]).toContain("调解成功数");

    const pdf = await renderReportPdf(data);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    expect(text).toContain("兰州市");
    expect(text).toContain("总体情况");
    expect(text).toContain("指标口径");
    expect(text.replace(/\s+/g, "")).toContain(data.summary[0].replace(/\s+/g, "").slice(0, 30));
    // the font ships with the project (subset embedded), so no font of this machine is needed
    expect(pdf.toString("latin1")).toMatch(/FontFile2/);

    fs.mkdirSync("test-results/reports", { recursive: true });
    fs.writeFileSync("test-results/reports/兰州市-2025-10.pdf", pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "2", "test-results/reports/兰州市-2025-10.pdf", "test-results/reports/兰州市-2025-10"]);
    const pngs = fs.readdirSync("test-results/reports").filter((f) => f.endsWith(".png"));
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    for (const png of pngs) expect(fs.statSync(`test-results/reports/${png}`).size).toBeGreaterThan(5_000);
  });
});

describe("scheduled reports", () => {
  it("run once per due date, even when two servers check at once and across a restart", async () => {
    const analyst = await makeUser(t.db, "ANALYST", "6201");
    const u = await unit("6201");
    const schedule = await t.db.reportSchedule.create({ data: { unitId: u.id, unitPath: u.path, dayOfMonth: 3, createdById: analyst.id } });
    const count = () => t.db.reportArchive.count({ where: { scheduleId: schedule.id } });

    // before the 3rd: nothing is due
    expect(await runDueSchedules(t.db, new Date("2026-11-02T04:00:00Z"))).toBe(0);
    expect(await count()).toBe(0);

    // on the 3rd two app servers check at the same moment: one report
    const other = createPrismaClient(t.url, { max: 2 });
    const at = new Date("2026-11-03T01:00:00Z");
    await Promise.all([runDueSchedules(t.db, at), runDueSchedules(other, at)]);
    expect(await count()).toBe(1);
    const first = await t.db.reportArchive.findFirstOrThrow({ where: { scheduleId: schedule.id } });
    expect(first.period).toBe("2026-10");
    expect(first.pdfSize).toBeGreaterThan(10_000);

    // a restart later the same month (a new process, a new client): still one
    await other.$disconnect();
    const restarted = createPrismaClient(t.url, { max: 2 });
    expect(await runDueSchedules(restarted, new Date("2026-11-20T01:00:00Z"))).toBe(0);
    expect(await count()).toBe(1);

    // a server that was down on the 3rd of the next month catches up on the 5th
    expect(await runDueSchedules(restarted, new Date("2026-12-05T02:00:00Z"))).toBe(1);
    expect((await t.db.reportArchive.findMany({ where: { scheduleId: schedule.id }, orderBy: { id: "asc" } })).map((a) => a.period)).toEqual(["2026-10", "2026-11"]);
    await restarted.$disconnect();
    expect(await t.db.auditLog.count({ where: { action: "report.generate", username: "scheduler" } })).toBe(2);
  });

  it("a period claimed by a server that died before writing the archive is taken over once the claim is stale, once", async () => {
    const analyst = await makeUser(t.db, "ANALYST", "6201");
    const u = await unit("6201");
    const claimedAt = new Date("2027-01-03T01:00:00Z");
    await t.db.reportSchedule.updateMany({ data: { active: false } }); // the other tests' schedules would be due too
    // the state a server killed mid-generation leaves: the period claimed, no archive
    const schedule = await t.db.reportSchedule.create({ data: { unitId: u.id, unitPath: u.path, dayOfMonth: 3, createdById: analyst.id, lastPeriod: "2026-12", lastRunAt: claimedAt } });
    const count = () => t.db.reportArchive.count({ where: { scheduleId: schedule.id } });
    // still fresh: the claiming server may be generating it right now
    expect(await runDueSchedules(t.db, new Date(claimedAt.getTime() + STALE_CLAIM_MS - 60_000))).toBe(0);
    expect(await count()).toBe(0);
    // stale: two servers look at once, one takes it over
    const other = createPrismaClient(t.url, { max: 2 });
    const later = new Date(claimedAt.getTime() + STALE_CLAIM_MS + 60_000);
    await Promise.all([runDueSchedules(t.db, later), runDueSchedules(other, later)]);
    await other.$disconnect();
    expect((await t.db.reportArchive.findMany({ where: { scheduleId: schedule.id } })).map((a) => a.period)).toEqual(["2026-12"]);
    // and with the archive there, never again
    expect(await runDueSchedules(t.db, new Date(later.getTime() + 2 * STALE_CLAIM_MS))).toBe(0);
    expect(await count()).toBe(1);
  });
});

describe("archive", () => {
  it("unchanged figures are not archived twice; later edits leave a closed period alone; a late entry is named exactly", async () => {
    const u = await unit("6201");
    // September: its quarter (the assessment section of a monthly report) is closed too
    const p = parsePeriod("2026-09", NOW)!;
    const actor = { ...SYSTEM_ACTOR, username: "测试" };
    const gen = () => generateReport(t.db, u, p, { actor, byLabel: "测试", now: NOW });
    // (scheduled archives are not counted here)
    const count = () => t.db.reportArchive.count({ where: { unitId: u.id, period: p.key, scheduleId: null } });
    const first = await gen();
    expect(first.existing).toBe(false);
    const second = await gen();
    expect(second.existing).toBe(true);
    expect(second.archive.id).toBe(first.archive.id);
    expect(await count()).toBe(1);

    // edits after the period: the closed month's report is the archived one
    await t.db.$executeRaw`UPDATE enterprise_demands SET resolved_on = date '2026-11-20', status = '已解决' WHERE unit_path LIKE '/62/6201/%' AND raised_on + 30 BETWEEN date '2026-09-01' AND date '2026-09-30' AND (resolved_on IS NULL OR resolved_on > date '2026-09-30')`;
    await t.db.$executeRaw`UPDATE enterprises SET status = '已退出' WHERE unit_path LIKE '/62/6201/%' AND id % 3 = 0`;
    await t.db.$executeRaw`UPDATE disputes SET warning_flagged = NOT warning_flagged WHERE unit_path LIKE '/62/6201/%'`;
    await t.db.$executeRaw`UPDATE intel_items SET loop_closed_at = timestamptz '2026-11-10 10:00+08' WHERE unit_path LIKE '/62/6201/%' AND loop_closed_at IS NULL`;
    const third = await gen();
    expect(third.existing).toBe(true);
    expect(await count()).toBe(1);

    // a late entry inside the period: a new archive, and the comparison names exactly the KPIs it moves
    const [d] = await t.db.$queryRaw<{ id: number }[]>`SELECT id FROM enterprise_demands WHERE unit_path LIKE '/62/6201/%' AND raised_on + 30 BETWEEN date '2026-09-01' AND date '2026-09-30' AND raised_on <= date '2026-09-15' AND resolved_on = date '2026-11-20' ORDER BY id LIMIT 1`;
    expect(d).toBeTruthy();
    await t.db.$executeRaw`UPDATE enterprise_demands SET resolved_on = date '2026-09-15' WHERE id = ${d.id}`;
    const fourth = await gen();
    expect(fourth.existing).toBe(false);
    expect(await count()).toBe(2);
    const diff = compareReports(first.data, fourth.data);
    expect(diff.kpis.map((k) => k.id).sort()).toEqual(["ent.daysToClose", "ent.demandClosure"]);
    expect(diff.ranking).toEqual([]);
  }, 300_000);
});
