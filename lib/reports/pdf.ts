// The report as an A4 PDF: pdfkit, Chinese text in Noto Sans SC shipped by an npm package (subset-embedded, so
// the text is extractable and the file does not depend on fonts installed on the machine), vector charts.
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatCount, formatDateTime, formatNumber } from "@/lib/format";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { type ReportData, type ReportKpi, reportChange, reportValue } from "./build";

let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The font package's folder, found from the working directory upwards (bundlers rewrite require.resolve). */
function fontDir(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "@expo-google-fonts", "noto-sans-sc");
    if (fs.existsSync(path.join(candidate, "400Regular"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error("找不到报告字体（@expo-google-fonts/noto-sans-sc），请运行 npm ci");
  }
}

function loadFonts() {
  if (!fonts) {
    const dir = fontDir();
    fonts = {
      regular: fs.readFileSync(path.join(dir, "400Regular", "NotoSansSC_400Regular.ttf")),
      bold: fs.readFileSync(path.join(dir, "700Bold", "NotoSansSC_700Bold.ttf")),
    };
  }
  return fonts;
}

const A4 = { w: 595.28, h: 841.89 };
const M = { top: 56, bottom: 56, left: 50, right: 50 };
const CONTENT_W = A4.w - M.left - M.right;
const BLUE = "#173f6e";
const GREY = "#64748b";
const LINE = "#cbd5e1";

type Doc = PDFKit.PDFDocument;

interface Col {
  header: string;
  width: number;
  align?: "left" | "right" | "center";
}

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > A4.h - M.bottom) doc.addPage();
}

function heading(doc: Doc, text: string, keepWith = 60) {
  ensureSpace(doc, keepWith);
  doc.moveDown(0.6);
  doc.font("bold").fontSize(14).fillColor(BLUE).text(text, M.left, doc.y);
  doc.moveTo(M.left, doc.y + 2).lineTo(A4.w - M.right, doc.y + 2).lineWidth(0.8).strokeColor(BLUE).stroke();
  doc.moveDown(0.5);
  doc.font("regular").fontSize(10).fillColor("#0f172a");
}

function paragraph(doc: Doc, text: string) {
  doc.font("regular").fontSize(10.5).fillColor("#0f172a").text(text, M.left, doc.y, { width: CONTENT_W, lineGap: 3, indent: 21, align: "justify" });
  doc.moveDown(0.4);
}

/** A table with a repeated header on each page. */
function table(doc: Doc, cols: Col[], rows: string[][], opts: { fontSize?: number; zebra?: boolean } = {}) {
  const size = opts.fontSize ?? 9;
  const pad = 3;
  const drawHeader = () => {
    doc.font("bold").fontSize(size);
    const hh = Math.max(...cols.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * pad }))) + 2 * pad;
    if (doc.y + hh + 20 > A4.h - M.bottom) doc.addPage();
    const y = doc.y;
    doc.rect(M.left, y, CONTENT_W, hh).fill("#eef4fb");
    let x = M.left;
    doc.fillColor(BLUE);
    for (const c of cols) {
      doc.text(c.header, x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? "left" });
      x += c.width;
    }
    doc.y = y + hh;
  };
  drawHeader();
  rows.forEach((row, ri) => {
    doc.font("regular").fontSize(size);
    const h = Math.max(...row.map((cell, i) => doc.heightOfString(cell || " ", { width: cols[i].width - 2 * pad }))) + 2 * pad;
    if (doc.y + h > A4.h - M.bottom) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    if (opts.zebra !== false && ri % 2 === 1) doc.rect(M.left, y, CONTENT_W, h).fill("#f8fafc");
    let x = M.left;
    doc.fillColor("#0f172a");
    row.forEach((cell, i) => {
      doc.text(cell, x + pad, y + pad, { width: cols[i].width - 2 * pad, align: cols[i].align ?? "left" });
      x += cols[i].width;
    });
    doc.moveTo(M.left, y + h).lineTo(A4.w - M.right, y + h).lineWidth(0.3).strokeColor(LINE).stroke();
    doc.y = y + h;
  });
  doc.moveDown(0.5);
  doc.x = M.left;
}

const v = (k: ReportKpi, x: number | null) => {
  const f = reportValue(k, x);
  return f.text === "—" ? "—" : `${f.text}${f.unit === "%" ? "%" : f.unit}`;
};

function kpiRows(kpis: ReportKpi[]) {
  return kpis.map((k) => [k.name, k.available ? v(k, k.value) : "—", k.available ? v(k, k.lastYear) : "—", reportChange(k, "yoy").text, k.available ? v(k, k.previous) : "—", reportChange(k, "mom").text]);
}

const KPI_COLS: Col[] = [
  { header: "指标", width: 135 },
  { header: "本期", width: 75, align: "right" },
  { header: "上年同期", width: 75, align: "right" },
  { header: "同比", width: 70, align: "right" },
  { header: "上期", width: 70, align: "right" },
  { header: "环比", width: CONTENT_W - 425, align: "right" },
];

/** A small chart: bars for the first series, a line for the second, months on the x axis. */
function chart(doc: Doc, title: string, months: string[], a: { name: string; values: (number | null)[]; color: string }, b: { name: string; values: (number | null)[]; color: string }) {
  const w = CONTENT_W;
  const h = 150;
  ensureSpace(doc, h + 40);
  doc.font("bold").fontSize(10).fillColor("#0f172a").text(title, M.left, doc.y);
  const top = doc.y + 6;
  const left = M.left + 40;
  const right = M.left + w - 40;
  const bottom = top + h - 20;
  const scale = (vals: (number | null)[]) => {
    const max = Math.max(1, ...vals.map((x) => x ?? 0));
    const nice = Math.pow(10, Math.floor(Math.log10(max)));
    const m = Math.ceil(max / nice) * nice;
    return { max: m, y: (x: number) => bottom - (x / m) * (bottom - top) };
  };
  const sa = scale(a.values);
  const sb = scale(b.values);
  doc.lineWidth(0.3).strokeColor(LINE);
  for (let i = 0; i <= 4; i++) {
    const y = bottom - ((bottom - top) * i) / 4;
    doc.moveTo(left, y).lineTo(right, y).stroke();
    doc.font("regular").fontSize(7).fillColor(GREY);
    doc.text(trimNum((sa.max * i) / 4), M.left, y - 4, { width: 36, align: "right", lineBreak: false });
    doc.text(trimNum((sb.max * i) / 4), right + 4, y - 4, { width: 36, align: "left", lineBreak: false });
  }
  const step = (right - left) / months.length;
  a.values.forEach((x, i) => {
    if (x === null) return;
    const bx = left + i * step + step * 0.2;
    doc.rect(bx, sa.y(x), step * 0.6, bottom - sa.y(x)).fill(a.color);
  });
  const pts = b.values.map((x, i) => (x === null ? null : [left + i * step + step / 2, sb.y(x)] as const));
  doc.lineWidth(1.5).strokeColor(b.color);
  let started = false;
  for (const pt of pts) {
    if (!pt) {
      started = false;
      continue;
    }
    if (!started) doc.moveTo(pt[0], pt[1]);
    else doc.lineTo(pt[0], pt[1]);
    started = true;
  }
  doc.stroke();
  doc.font("regular").fontSize(7).fillColor(GREY);
  months.forEach((m, i) => {
    if (i % 2 === 0 || i === months.length - 1) doc.text(`${m.slice(2, 4)}.${m.slice(5)}`, left + i * step, bottom + 3, { width: step * 2, lineBreak: false });
  });
  doc.rect(left, top - 2, 8, 6).fill(a.color);
  doc.fillColor("#0f172a").text(`${a.name}（左轴）`, left + 11, top - 3, { lineBreak: false });
  doc.rect(left + 110, top + 1, 10, 1.5).fill(b.color);
  doc.fillColor("#0f172a").text(`${b.name}（右轴）`, left + 123, top - 3, { lineBreak: false });
  doc.y = bottom + 18;
  doc.x = M.left;
}

function trimNum(n: number) {
  return n >= 10_000 ? formatCount(n) : Number.isInteger(n) ? String(n) : formatNumber(n, 1).replace(/\.0$/, "");
}

export async function renderReportPdf(data: ReportData): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({ size: "A4", margins: M, bufferPages: true, info: { Title: data.title, Author: "平安甘肃主动创稳指挥平台", Subject: data.unit.name, Creator: "平安甘肃主动创稳指挥平台" } });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));

  // cover
  doc.font("regular").fontSize(11).fillColor("#b91c1c").text("内部资料  注意保密", M.left, 70, { width: CONTENT_W, align: "right" });
  doc.font("bold").fontSize(26).fillColor(BLUE).text(data.unit.name, M.left, 250, { width: CONTENT_W, align: "center" });
  doc.moveDown(0.4);
  doc.fontSize(20).text(`主动创稳工作${data.period.kind === "month" ? "月报" : "报告"}`, { width: CONTENT_W, align: "center" });
  doc.moveDown(0.8);
  doc.font("regular").fontSize(14).fillColor("#0f172a").text(data.period.label, { width: CONTENT_W, align: "center" });
  doc.font("regular").fontSize(10.5).fillColor(GREY);
  doc.text(`生成时间：${formatDateTime(new Date(data.generatedAt))}（北京时间）`, M.left, 620, { width: CONTENT_W, align: "center" });
  doc.text(`生成人：${data.generatedBy}`, { width: CONTENT_W, align: "center" });
  doc.text("甘肃省公安厅 · 平安甘肃主动创稳指挥平台", { width: CONTENT_W, align: "center" });
  if (data.period.partial) doc.fillColor("#b45309").text("统计期尚未结束，数据仍可能变化", { width: CONTENT_W, align: "center" });

  doc.addPage();
  heading(doc, "一、总体情况");
  data.summary.forEach((s) => paragraph(doc, s));

  heading(doc, "二、主要指标");
  const groups = [...new Set(data.kpis.map((k) => k.group))];
  for (const g of groups) {
    ensureSpace(doc, 40);
    doc.font("bold").fontSize(10).fillColor(GREY).text(g, M.left, doc.y);
    doc.moveDown(0.2);
    table(doc, KPI_COLS, kpiRows(data.kpis.filter((k) => k.group === g)));
  }

  if (data.ranking && data.ranking.rows.length) {
    heading(doc, `三、下级单位比较（${data.unit.level === "COUNTY" ? "派出所" : data.unit.level === "CITY" ? "县区" : "市州"}）`);
    const ids = data.ranking.kpis;
    const first = 78;
    const w = (CONTENT_W - first) / ids.length;
    table(
      doc,
      [{ header: "单位", width: first }, ...ids.map((id) => ({ header: KPI_MAP.get(id)!.name, width: w, align: "right" as const }))],
      data.ranking.rows.map((r) => [r.name, ...ids.map((id) => v({ id } as ReportKpi, r.values[id]))]),
      { fontSize: 7.5 },
    );
  }

  heading(doc, "四、趋势（近 13 个月）", 230);
  const s = data.trends.series;
  chart(doc, "刑事案件立案与破案", data.trends.months, { name: "立案", values: s["criminal.filed"], color: "#94a3b8" }, { name: "破案", values: s["criminal.solved"], color: "#1d4f8a" });
  chart(doc, "电信网络诈骗发案与损失（万元）", data.trends.months, { name: "发案", values: s["telecom.cases"], color: "#d97706" }, { name: "损失", values: s["telecom.loss"], color: "#dc2626" });
  chart(doc, "矛盾纠纷排查与化解", data.trends.months, { name: "排查", values: s["disputes.screened"], color: "#94a3b8" }, { name: "化解", values: s["disputes.resolved"], color: "#0f766e" });

  heading(doc, `五、逾期任务（共 ${data.overdueTasks.total} 项，列出逾期最久的 ${data.overdueTasks.rows.length} 项）`);
  if (data.overdueTasks.rows.length)
    table(
      doc,
      [
        { header: "任务", width: 200 },
        { header: "承办单位", width: 110 },
        { header: "时限", width: 70 },
        { header: "逾期", width: 55, align: "right" },
        { header: "状态", width: CONTENT_W - 435 },
      ],
      data.overdueTasks.rows.map((r) => [`${r.code} ${r.title}`, r.unit, r.deadline, `${r.daysOverdue} 天`, r.status]),
      { fontSize: 8 },
    );
  else paragraph(doc, "无逾期任务。");

  heading(doc, `六、未闭环情报（共 ${data.openLoops.total} 条，其中逾期 ${data.openLoops.overdue} 条）`);
  if (data.openLoops.rows.length)
    table(
      doc,
      [
        { header: "编号", width: 130 },
        { header: "标题", width: 190 },
        { header: "单位", width: 80 },
        { header: "闭环时限", width: CONTENT_W - 400 },
      ],
      data.openLoops.rows.map((r) => [r.code, r.title, r.unit, `${formatDateTime(new Date(r.loopDueAt)).slice(0, 16)}${r.overdue ? "（逾期）" : ""}`]),
      { fontSize: 8 },
    );
  else paragraph(doc, "情报均已闭环。");

  heading(doc, "七、矛盾纠纷化解与包抓联企业");
  table(doc, KPI_COLS, kpiRows(data.kpis.filter((k) => k.group === "矛盾纠纷化解" || k.group === "服务发展")));

  if (data.assessment) {
    heading(doc, `八、绩效考评（${data.assessment.periodLabel}）`);
    const a = data.assessment;
    if (a.own) {
      paragraph(doc, `本单位得分 ${formatNumber(a.own.total, 2)} 分（指标 ${formatNumber(a.own.base, 2)} + 加分 ${a.own.add} − 扣分 ${a.own.deduct}），在全省同级单位 ${a.own.of} 个中排第 ${a.own.rank} 名。`);
      table(
        doc,
        [
          { header: "指标", width: 150 },
          { header: "得分", width: 70, align: "right" },
          { header: "说明", width: CONTENT_W - 220 },
        ],
        a.own.items.map((i) => [`${i.group}·${i.name}`, i.scored ? `${formatNumber(i.points, 2)}/${i.max}` : "仅展示", i.rule]),
        { fontSize: 8 },
      );
    }
    if (a.peers.length)
      table(
        doc,
        [
          { header: "单位", width: 200 },
          { header: "得分", width: 120, align: "right" },
          { header: "全省同级排名", width: CONTENT_W - 320, align: "right" },
        ],
        a.peers.map((p) => [p.name, formatNumber(p.total, 2), String(p.rank)]),
        { fontSize: 8.5 },
      );
  }

  heading(doc, "附：指标口径");
  for (const c of data.calibers) {
    ensureSpace(doc, 30);
    doc.font("bold").fontSize(9).fillColor("#0f172a").text(`${c.name}：`, M.left, doc.y, { continued: true }).font("regular").text(c.caliber, { width: CONTENT_W, lineGap: 2 });
    doc.moveDown(0.2);
  }

  // page numbers and running header (not on the cover)
  const range = doc.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const saved = doc.page.margins;
    doc.page.margins = { ...saved, top: 0, bottom: 0 };
    doc.font("regular").fontSize(8).fillColor(GREY);
    doc.text(data.title, M.left, 28, { width: CONTENT_W, align: "left", lineBreak: false });
    doc.text(`第 ${i} 页 共 ${range.count - 1} 页`, M.left, A4.h - 36, { width: CONTENT_W, align: "center", lineBreak: false });
    doc.page.margins = saved;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
