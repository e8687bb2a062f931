// The report as one XLSX workbook (a summary sheet, one sheet per section, numbers stored as numbers, frozen
// headers, column widths, a 口径 sheet) and the KPI table as CSV (UTF-8 with BOM). Built from the same
// ReportData as the PDF: every number is the cockpit's.
import { PassThrough } from "node:stream";
import { type CellValue, type SheetColumn, type SheetSpec, csvReadable, writeXlsx } from "@/lib/io/write-spreadsheet";
import { formatDateTime, formatPeriodKey, kpiCell } from "@/lib/format";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { type ReportData, reportChange } from "./build";

/** A KPI's value in a spreadsheet: the exact value with a number format showing the cockpit's rounding (rates as
 *  fractions shown as 52.9%), and in CSV the figure at that precision (lib/format.ts kpiCell). */
function cell(id: string, v: number | null | undefined): CellValue {
  return kpiCell(KPI_MAP.get(id)!, v);
}

export const KPI_TABLE_COLUMNS: SheetColumn[] = [
  { header: "指标", width: 24 },
  { header: "分组", width: 14 },
  { header: "单位", width: 8 },
  { header: "本期", width: 14, type: "number" },
  { header: "上年同期", width: 14, type: "number" },
  { header: "同比", width: 16 },
  { header: "上期", width: 14, type: "number" },
  { header: "环比", width: 16 },
  { header: "口径", width: 60 },
];

/** Rows of the KPI table: exact values, shown as the cockpit shows them. */
export function kpiTableRows(data: ReportData): CellValue[][] {
  return data.kpis.map((k) => [
    k.name,
    k.group,
    k.unit,
    k.available ? cell(k.id, k.value) : null,
    k.available ? cell(k.id, k.lastYear) : null,
    reportChange(k, "yoy").text,
    k.available ? cell(k.id, k.previous) : null,
    reportChange(k, "mom").text,
    KPI_MAP.get(k.id)?.caliber ?? "",
  ]);
}

export function reportSheets(data: ReportData): SheetSpec[] {
  const sheets: SheetSpec[] = [];
  sheets.push({
    name: "摘要",
    title: data.title,
    columns: [
      { header: "项目", width: 16 },
      { header: "内容", width: 110 },
    ],
    rows: [
      ["单位", data.unit.name],
      ["统计期", `${data.period.label}${data.period.partial ? "（未结束）" : ""}`],
      ["生成时间", `${formatDateTime(new Date(data.generatedAt))}（北京时间）`],
      ["生成人", data.generatedBy],
      ...data.summary.map((s, i): CellValue[] => [`总体情况 ${i + 1}`, s]),
    ],
  });
  sheets.push({ name: "主要指标", columns: KPI_TABLE_COLUMNS, rows: kpiTableRows(data) });
  if (data.ranking?.rows.length) {
    const ids = data.ranking.kpis;
    sheets.push({
      name: "下级单位比较",
      columns: [{ header: "单位代码", width: 12 }, { header: "单位", width: 18 }, ...ids.map((id) => ({ header: `${KPI_MAP.get(id)!.name}（${KPI_MAP.get(id)!.unit}）`, width: 16, type: "number" as const }))],
      rows: data.ranking.rows.map((r) => [r.code, r.name, ...ids.map((id) => cell(id, r.values[id]))]),
    });
  }
  const tIds = Object.keys(data.trends.series);
  sheets.push({
    name: "趋势",
    columns: [{ header: "月份", width: 10 }, ...tIds.map((id) => ({ header: `${KPI_MAP.get(id)!.name}（${KPI_MAP.get(id)!.unit}）`, width: 18, type: "number" as const }))],
    rows: data.trends.months.map((m, i) => [formatPeriodKey(m), ...tIds.map((id) => cell(id, data.trends.series[id][i]))]),
  });
  sheets.push({
    name: "逾期任务",
    title: `逾期未销号任务共 ${data.overdueTasks.total} 项（列出逾期最久的 ${data.overdueTasks.rows.length} 项）`,
    columns: [
      { header: "任务编号", width: 10 },
      { header: "任务", width: 40 },
      { header: "承办单位", width: 18 },
      { header: "完成时限", width: 12 },
      { header: "逾期天数", width: 10, type: "integer" },
      { header: "状态", width: 10 },
    ],
    rows: data.overdueTasks.rows.map((r) => [r.code, r.title, r.unit, r.deadline, r.daysOverdue, r.status]),
  });
  sheets.push({
    name: "未闭环情报",
    title: `未闭环情报 ${data.openLoops.total} 条，其中逾期 ${data.openLoops.overdue} 条`,
    columns: [
      { header: "编号", width: 24 },
      { header: "标题", width: 40 },
      { header: "单位", width: 16 },
      { header: "等级", width: 6, type: "integer" },
      { header: "获取时间", width: 18, type: "datetime" },
      { header: "闭环时限", width: 18, type: "datetime" },
      { header: "是否逾期", width: 8 },
    ],
    rows: data.openLoops.rows.map((r) => [r.code, r.title, r.unit, r.grade, new Date(r.receivedAt), new Date(r.loopDueAt), r.overdue ? "是" : "否"]),
  });
  const section = (name: string, groups: string[]) => ({ name, columns: KPI_TABLE_COLUMNS, rows: kpiTableRows({ ...data, kpis: data.kpis.filter((k) => groups.includes(k.group)) }) });
  sheets.push(section("矛盾纠纷化解", ["矛盾纠纷化解"]));
  sheets.push(section("包抓联企业", ["服务发展"]));
  if (data.assessment) {
    const a = data.assessment;
    const rows: CellValue[][] = [];
    if (a.own) {
      rows.push(["本单位总分", null, a.own.total, `全省同级 ${a.own.of} 个中第 ${a.own.rank} 名；加分 ${a.own.add}，扣分 ${a.own.deduct}`]);
      for (const i of a.own.items) rows.push([`${i.group}·${i.name}`, i.scored ? i.max : null, i.scored ? i.points : null, i.rule]);
    }
    for (const p of a.peers) rows.push([p.name, null, p.total, `全省同级第 ${p.rank} 名`]);
    sheets.push({
      name: "绩效考评",
      title: `绩效考评（${a.periodLabel}）`,
      columns: [
        { header: "项目", width: 30 },
        { header: "满分", width: 8, type: "number" },
        { header: "得分", width: 10, type: "number" },
        { header: "说明", width: 60 },
      ],
      rows,
    });
  }
  sheets.push({
    name: "口径",
    columns: [
      { header: "指标", width: 24 },
      { header: "口径", width: 110 },
    ],
    rows: data.calibers.map((c) => [c.name, c.caliber]),
  });
  return sheets;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

export async function renderReportXlsx(data: ReportData): Promise<Buffer> {
  const out = new PassThrough();
  const bytes = collect(out);
  await writeXlsx(out, reportSheets(data), { creator: "平安甘肃主动创稳指挥平台" });
  return bytes;
}

export async function renderReportCsv(data: ReportData): Promise<Buffer> {
  return collect(csvReadable(KPI_TABLE_COLUMNS, kpiTableRows(data)));
}
