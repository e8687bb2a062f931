// The province's published 2023 figures (shared/domain/gansu-daily-2023.zh.txt) read back from what a commander
// sees — the RENDERED province report (XLSX cells via exceljs, PDF text via pdfjs-dist) and the province cockpit's
// cards — after the demo seed. The expected values are the article's, written here (not imported from the seed).
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { CockpitData, cockpitFamily, findCockpitUnit } from "@/lib/cockpit/data";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { parsePeriod } from "@/lib/kpi/period";
import { type ReportData, buildReport } from "@/lib/reports/build";
import { renderReportPdf } from "@/lib/reports/pdf";
import { renderReportXlsx } from "@/lib/reports/spreadsheets";
import { runSeed } from "@/lib/seed";
import { setupTestDatabase } from "./helpers/db";
import { scopeFor, withScope } from "../support/scope";

const t = setupTestDatabase();
const NOW = new Date();

/**
 * period: the report/cockpit period the figure is read for ("2023": the whole year, as "今年以来" is reproduced;
 * "2023-04": the month the article's "连续23个月" is counted at; "2023-06-ytd": 2023 上半年).
 * value: exact, or [min, max] for "余" figures; pdf: what the PDF prints after the KPI's name.
 */
interface Published {
  id: string;
  period: "2023" | "2023-04" | "2023-06-ytd";
  value: number | [number, number];
  pdf: string;
  /** the article's words */
  cite: string;
}

const A = "《让平安的阳光照耀千家万户》（甘肃日报 2023）";
const B = "《『大调解』之花孕育和谐幸福之果》（甘肃日报 2023）";
const PUBLISHED: Published[] = [
  { id: "economic.solved", period: "2023", value: 1441, pdf: "1,441起", cite: `${A}：破获各类经济犯罪案件1441起` },
  { id: "economic.recovered", period: "2023", value: [100_000, 109_999.99], pdf: "10.", cite: `${A}：挽回10亿余元` },
  { id: "economic.bad_assets", period: "2023", value: [383_400, 383_499.99], pdf: "38.34亿元", cite: `${A}：协助清收不良资产38.34亿余元` },
  { id: "service.online", period: "2023", value: 180, pdf: "180项", cite: `${A}：180项公安业务实现“网上办”` },
  { id: "service.fully_online", period: "2023", value: 114, pdf: "114项", cite: `${A}：114项实现“全程网办”` },
  { id: "service.cross_province", period: "2023", value: 9, pdf: "9项", cite: `${A}：7项交管业务和户口迁移、户籍证明类项目实现“跨省通办”` },
  { id: "ent.count", period: "2023", value: 4850, pdf: "4,850家", cite: `${A}：全省包抓重点企业4850家` },
  { id: "ent.officers", period: "2023", value: 1949, pdf: "1,949人", cite: `${A}：1949名护航警官点对点跟进服务保障` },
  { id: "disputes.screened", period: "2023", value: [44_000, 44_949], pdf: "4.4万起", cite: `${A}：排查化解各类矛盾纠纷4.4万余起` },
  { id: "summons.people", period: "2023", value: 1780, pdf: "1,780人", cite: `${A}：约谈1780人` },
  { id: "infra.command_rooms", period: "2023", value: 350, pdf: "350个", cite: `${A}：建成派出所综合指挥室350个` },
  { id: "disputes.warning_leads", period: "2023", value: [201, 299], pdf: "2", cite: `${A}：累计发现化解易引发命案线索200余条` },
  { id: "infra.model_tools", period: "2023", value: [220, 229], pdf: "22", cite: `${A}：研发各类模型工具220余个` },
  { id: "infra.case_centres", period: "2023", value: 102, pdf: "102个", cite: `${A}：建成102个一体化、常态化执法办案中心` },
  { id: "telecom.streak", period: "2023-04", value: 23, pdf: "23个月", cite: `${A}：电信诈骗案件连续23个月保持发案、损失“双下降”` },
  { id: "people_mediation.mediated", period: "2023-06-ytd", value: 58_408, pdf: "5.8万件", cite: `${B}：2023年上半年全省调解各类矛盾纠纷58408件` },
  { id: "people_mediation.rate", period: "2023-06-ytd", value: [0.9835, 0.98449], pdf: "98.4%", cite: `${B}：调解成功57454件，调解成功率98.4%` },
  { id: "mediation.rate", period: "2023-06-ytd", value: [0.9835, 0.98449], pdf: "98.4%", cite: `${B}：调解成功率98.4%（公安台账口径同样为 98.4%）` },
];
/** 同比 of the whole year (relative change, rounded to 0.1 %) */
const PUBLISHED_YOY = [
  { id: "criminal.filed", yoy: "−1.5%", cite: `${A}：全省刑事案件立案数同比下降1.5%` },
  { id: "criminal.solved", yoy: "+12.5%", cite: `${A}：破案数同比上升12.5%` },
];

const inRange = (v: number | null, want: number | [number, number]) =>
  v !== null && (Array.isArray(want) ? v >= want[0] - 1e-9 && v <= want[1] + 1e-9 : Math.abs(v - want) < 1e-9);

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("") + "\n";
  }
  await doc.destroy();
  return text.replace(/\s+/g, "");
}

interface Rendered {
  data: ReportData;
  /** 主要指标 sheet: KPI name → [本期, 同比] */
  cells: Map<string, [unknown, unknown]>;
  pdf: string;
}

const rendered = new Map<string, Rendered>();
let seedSeconds = 0;

beforeAll(async () => {
  const started = performance.now();
  await runSeed(t.db, { demo: true });
  seedSeconds = (performance.now() - started) / 1000;
  const province = withScope(await t.db.unit.findUniqueOrThrow({ where: { code: "62" }, select: { id: true, code: true, name: true, level: true, path: true, depth: true } }));
  for (const key of ["2023", "2023-04", "2023-06-ytd"]) {
    const data = await buildReport(t.db, province, parsePeriod(key, NOW)!, { by: "测试", now: NOW });
    const [xlsx, pdf] = await Promise.all([renderReportXlsx(data), renderReportPdf(data)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const cells = new Map<string, [unknown, unknown]>();
    wb.getWorksheet("主要指标")!.eachRow((row, n) => {
      if (n > 1) cells.set(String(row.getCell(1).value), [row.getCell(4).value, row.getCell(6).value]);
    });
    rendered.set(key, { data, cells, pdf: await pdfText(pdf) });
  }
}, 600_000);

describe("the province's published 2023 figures", () => {
  it("seeding (all demo data) stays fast", () => {
    console.log(`demo seed: ${seedSeconds.toFixed(1)} s`);
    // a guard against an order-of-magnitude regression (test workers run in parallel); the 2-minute first start is
    // measured with `npm run db:seed` on a fresh data directory
    expect(seedSeconds).toBeLessThan(180);
  });

  it.each(PUBLISHED.map((f) => [f.id, f] as const))("%s: the rendered report (XLSX and PDF) shows the published figure", (_id, f) => {
    const def = KPI_MAP.get(f.id)!;
    const r = rendered.get(f.period)!;
    const cell = r.cells.get(def.name)?.[0];
    expect(typeof cell, `${f.id} (${f.cite})`).toBe("number");
    // the workbook holds the exact value (rates as fractions, shown with a percent number format)
    const value = cell as number;
    expect(inRange(value, f.value), `${f.id} = ${value}; published: ${f.cite}`).toBe(true);
    expect(r.pdf, `${f.id} (${f.cite})`).toContain(`${def.name}${f.pdf}`);
  });

  it.each(PUBLISHED_YOY.map((f) => [f.id, f] as const))("%s: the 2023 report's 同比 is the published change", (_id, f) => {
    const def = KPI_MAP.get(f.id)!;
    const r = rendered.get("2023")!;
    expect(r.cells.get(def.name)?.[1], f.cite).toBe(f.yoy);
  });

  it("the report for the article's month says 连续 23 个月双下降 in words", () => {
    expect(rendered.get("2023-04")!.pdf).toContain("已连续23个月发案、损失“双下降”");
  });

  it("per-county figures add up to the province", async () => {
    const sum = async (sql: string) => Number((await t.db.$queryRawUnsafe<{ n: unknown }[]>(sql))[0].n);
    // county rows only (the province unit holds only its own policies and the imported mediation statistic)
    expect(await sum(`SELECT sum(value) AS n FROM stat_values WHERE metric = 'economic.bad_assets' AND month >= '2023-01-01' AND month < '2024-01-01' AND unit_path <> '/62/'`)).toBeCloseTo(
      rendered.get("2023")!.data.kpis.find((k) => k.id === "economic.bad_assets")!.value!,
      2,
    );
    expect(await sum(`SELECT count(*) AS n FROM disputes d JOIN units u ON u.id = d.unit_id WHERE u.level IN ('COUNTY', 'STATION', 'CITY') AND found_on >= '2023-01-01' AND found_on < '2024-01-01'`)).toBe(
      rendered.get("2023")!.data.kpis.find((k) => k.id === "disputes.screened")!.value,
    );
  });

  it("the province cockpit for 2023 (and for the article's month) shows every figure on its cards", async () => {
    const unit = (await findCockpitUnit(t.db, "62"))!;
    const { children } = await cockpitFamily(t.db, unit);
    const cockpits = new Map(
      ["2023", "2023-04", "2023-06-ytd"].map((key) => [key, new CockpitData(t.db, { unit, scope: scopeFor(unit.path), children, period: parsePeriod(key, NOW)!, def: KPI_MAP.get("criminal.filed")!, mapMode: "city" }, NOW)]),
    );
    for (const f of PUBLISHED.filter((x) => !x.id.startsWith("people_mediation.mediated") && x.id !== "mediation.rate")) {
      const c = cockpits.get(f.period)!;
      const def = KPI_MAP.get(f.id)!;
      expect(c.cards.map((d) => d.id), `${f.id} has a card on the province cockpit`).toContain(f.id);
      const card = await c.card(def);
      expect(inRange(card.value, f.value), `${f.id} = ${card.value} (${f.period}); published: ${f.cite}`).toBe(true);
    }
    const year = cockpits.get("2023")!;
    expect(Math.round((await year.card(KPI_MAP.get("criminal.filed")!)).yoy!.value! * 1000) / 10).toBe(-1.5);
    expect(Math.round((await year.card(KPI_MAP.get("criminal.solved")!)).yoy!.value! * 1000) / 10).toBe(12.5);
  });
});
