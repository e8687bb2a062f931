// Importing monthly statistics from XLSX or CSV, in the export's wide layout: 单位（代码或名称）, 月份, then one column per
// metric labelled 类别+指标 (刑事案件立案, 电信网络诈骗损失金额 …). The "stats" plug-in of lib/imports: the file and
// the progress live in an ImportJob (kind = "stats"), checked and written by the import worker, polled at /api/imports/<id>.
//   - all or nothing: any blocking error (lib/stats/validate.ts) and nothing is written, with every problem listed
//     by line and column;
//   - warnings (破案 ≫ 立案, a jump on last month …) are listed too, and the file is written only when the upload
//     said the figures were checked (confirm=1, stored in the job's options as { confirmed: true });
//   - an empty cell leaves the stored figure as it is; a figure equal to the stored one is not written (importing
//     the same file twice changes nothing, no version moves).
import { z } from "zod";
import { type ActionDefinition, ActionError } from "@/lib/actions/core";
import { writeAudit } from "@/lib/audit/write";
import { makeScope, unitsIn } from "@/lib/auth/scope";
import { readImportFile, zImportFile } from "@/lib/imports/file";
import { createImportJob } from "@/lib/imports/jobs";
import { type ImportPlugin, type ImportProblem, ImportRejected } from "@/lib/imports/kinds";
import { normalizeHeader } from "@/lib/io/parse-spreadsheet";
import { zId } from "@/lib/validation";
import { STAT_CATEGORIES, STAT_METRIC_MAP, type StatMetric, metricLabel } from "./catalogue";
import { enterableUnits } from "./enterable";
import { NOT_ENTERABLE_MESSAGE, addMonths, metricRefusal, monthDate, monthError, monthOf, parseLooseMonth, parseStatInput, sameValue, validateStatMonth, valueErrors } from "./validate";

export const UNIT_HEADER = "单位（代码或名称）";
export const MONTH_HEADER = "月份";
/** informative columns of the export, ignored on import */
const IGNORED_HEADERS = new Set(["单位名称", "序号", "备注", "填报状态"]);
const UNIT_HEADERS = [UNIT_HEADER, "单位", "单位代码"];
const MONTH_HEADERS = [MONTH_HEADER, "统计月份", "月份（YYYY-MM）"];

const CHUNK = 5000;

export type StatsImportProblem = ImportProblem;

/** the export and import header of a metric: 类别 + 指标 */
export const metricHeader = (key: string) => metricLabel(key);

/** header text as compared: no spaces, full-width brackets */
const canon = (h: string) => normalizeHeader(h).replace(/\s+/g, "").replace(/\(/g, "（").replace(/\)/g, "）");

/** every accepted header of a metric → its key: 刑事案件立案, 刑事案件立案（起）, and for one-metric categories 约谈人数 */
const METRIC_BY_HEADER = (() => {
  const map = new Map<string, StatMetric>();
  for (const c of STAT_CATEGORIES) {
    for (const m of c.metrics) {
      const names = [`${c.label}${m.label}`, `${c.label}${m.label}（${m.unit}）`];
      if (c.metrics.length === 1) names.push(m.label, `${m.label}（${m.unit}）`);
      for (const n of names) map.set(canon(n), m);
    }
  }
  return map;
})();

const zBool = z.preprocess((v) => v === true || v === "1" || v === "true" || v === "on", z.boolean());

export const ZStatsImport = z.object({
  unitId: zId("导入范围"),
  file: zImportFile,
  confirm: zBool,
});

/** The action: store the file as an import job (the import worker checks and writes it). */
export const statsImportAction: ActionDefinition<typeof ZStatsImport, { jobId: number }> = {
  name: "stats.import",
  title: "导入月度统计",
  permission: "stats:write",
  input: ZStatsImport,
  // storing a file of up to 30 MB on a busy database
  timeoutMs: 60_000,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { path: true, active: true, level: true } });
    if (!unit.active) throw new ActionError("所选单位已停用", { unitId: "所选单位已停用" });
    if (unit.level === "DEPARTMENT") throw new ActionError("警种部门不填报月度统计，请选择地区单位", { unitId: "请选择地区单位" });
    const job = await createImportJob(tx, { kind: "stats", options: { confirmed: input.confirm }, unitId: input.unitId, unitPath: unit.path, createdById: ctx.actor.id, file: input.file });
    return {
      data: { jobId: job.id },
      audit: { entity: "ImportJob", entityId: job.id, after: { kind: "stats", filename: input.file.name, size: job.size, confirmed: input.confirm } },
      message: "文件已上传，正在检查",
    };
  },
};

interface ReadyRow {
  line: number;
  unitId: number;
  unitPath: string;
  month: string;
  /** metric → value, the cells that were filled */
  values: Record<string, number>;
}

/** The "stats" plug-in: checks every row and figure of the job's file, then writes the changed figures in one transaction. */
export const statsImport: ImportPlugin = {
  kind: "stats",
  run: async ({ db, job, progress, finish, now }) => {
    const confirmed = (job.options as { confirmed?: boolean } | null)?.confirmed === true;
    const fail = (message: string, problems: ImportProblem[] = [], total = 0): never => {
      throw new ImportRejected(message, problems, total);
    };
    const sheet = await readImportFile(job.data, job.filename, (n) => void progress({ processed: 0, total: n }).catch(() => {}));

    // columns
    const unitCol = sheet.headers.find((h) => UNIT_HEADERS.map(canon).includes(canon(h)));
    const monthCol = sheet.headers.find((h) => MONTH_HEADERS.map(canon).includes(canon(h)));
    const metricCols: { header: string; metric: StatMetric }[] = [];
    const unknown: string[] = [];
    for (const h of sheet.headers) {
      if (h === unitCol || h === monthCol || IGNORED_HEADERS.has(canon(h)) || !h) continue;
      const m = METRIC_BY_HEADER.get(canon(h));
      if (!m) unknown.push(h);
      else if (metricCols.some((c) => c.metric.key === m.key)) return fail(`「${h}」与「${metricCols.find((c) => c.metric.key === m.key)!.header}」是同一指标，请删除重复的列`);
      else metricCols.push({ header: h, metric: m });
    }
    const missing = [!unitCol && UNIT_HEADER, !monthCol && MONTH_HEADER].filter(Boolean);
    if (missing.length) return fail(`缺少必填列：${missing.join("、")}。请使用导出文件的格式（第一行为列名）。`, [], sheet.rows.length);
    if (unknown.length) return fail(`无法识别的列：${unknown.join("、")}。指标列名应为「类别+指标」，如「刑事案件立案」「电信网络诈骗损失金额」，与导出文件一致。`, [], sheet.rows.length);
    if (!metricCols.length) return fail("文件中没有指标列（如「刑事案件立案」），请使用导出文件的格式。", [], sheet.rows.length);
    await progress({ total: sheet.rows.length, processed: 0 });

    // units a row may name (code, name or short name): entering units of the job unit's subtree
    // the job's unit was checked against its creator's scope when the job was created
    const scope = makeScope(job.unitPath);
    const units = await enterableUnits(db, scope);
    const allInScope = await db.unit.findMany({ where: unitsIn(scope), select: { code: true, name: true, shortName: true } });
    const byKey = new Map<string, (typeof units)[number] | "ambiguous">();
    for (const u of units) byKey.set(u.code, u);
    for (const u of units)
      for (const name of new Set([u.name, u.shortName])) {
        if (!name || name === u.code) continue;
        const prev = byKey.get(name);
        byKey.set(name, prev && (prev === "ambiguous" || prev.id !== u.id) ? "ambiguous" : u);
      }
    const known = new Set(allInScope.flatMap((u) => [u.code, u.name, u.shortName ?? ""]));

    const problems: StatsImportProblem[] = [];
    const ready: ReadyRow[] = [];
    const seen = new Map<string, number>();
    for (const [i, row] of sheet.rows.entries()) {
      const unitText = (row.values[unitCol!] ?? "").trim();
      const monthText = (row.values[monthCol!] ?? "").trim();
      const unit = unitText ? byKey.get(unitText) : undefined;
      let ok = true;
      if (!unitText) problems.push({ line: row.line, column: unitCol!, message: "请填写单位代码或名称" });
      else if (unit === "ambiguous") problems.push({ line: row.line, column: unitCol!, message: `「${unitText}」有重名单位，请填写单位代码` });
      else if (!unit) problems.push({ line: row.line, column: unitCol!, message: known.has(unitText) ? `「${unitText}」${NOT_ENTERABLE_MESSAGE}` : `「${unitText}」不是本单位或其下级单位` });
      else if (!unit.active) problems.push({ line: row.line, column: unitCol!, message: `「${unitText}」已停用` });
      const month = monthText ? parseLooseMonth(monthText) : null;
      const mErr = !monthText ? "请填写月份（YYYY-MM）" : !month ? `「${monthText}」不是有效的月份，应为 YYYY-MM，例如 2025-03` : monthError(month, now);
      if (mErr) problems.push({ line: row.line, column: monthCol!, message: mErr });
      const values: Record<string, number> = {};
      for (const c of metricCols) {
        const p = parseStatInput(row.values[c.header] ?? "");
        if (p.error) problems.push({ line: row.line, column: c.header, message: `「${row.values[c.header]}」${p.error}` });
        else if (p.value !== null) {
          const refusal = unit && unit !== "ambiguous" ? metricRefusal({ level: unit.level, hasCounties: false }, c.metric.key) : null;
          const errs = refusal ? [refusal] : valueErrors(c.metric, p.value);
          for (const message of errs) problems.push({ line: row.line, column: c.header, message });
          if (!errs.length) values[c.metric.key] = p.value;
        }
      }
      if (problems.length && problems[problems.length - 1].line === row.line) ok = false;
      if (unit && unit !== "ambiguous" && month) {
        const key = `${unit.id}|${month}`;
        const first = seen.get(key);
        if (first) {
          problems.push({ line: row.line, column: unitCol!, message: `与第 ${first} 行重复（同一单位、同一月份）` });
          ok = false;
        } else seen.set(key, row.line);
        if (ok && Object.keys(values).length) ready.push({ line: row.line, unitId: unit.id, unitPath: unit.path, month, values });
      }
      if ((i + 1) % 5000 === 0) await progress({ processed: i + 1 });
    }
    const errorLines = () => new Set(problems.filter((p) => p.level !== "warning").map((p) => p.line)).size;
    if (problems.length) {
      problems.sort((a, b) => a.line - b.line);
      return fail(`有 ${errorLines()} 行数据有误，整个文件未导入。请修改后重新导入。`, problems, sheet.rows.length);
    }

    // stored figures of the months in the file and of the months before them
    const unitIds = [...new Set(ready.map((r) => r.unitId))];
    const months = [...new Set(ready.flatMap((r) => [r.month, addMonths(r.month, -1)]))];
    const stored = new Map<string, Record<string, number>>();
    for (let i = 0; i < unitIds.length; i += 500) {
      const rows = await db.statValue.findMany({
        where: { unitId: { in: unitIds.slice(i, i + 500) }, month: { in: months.map(monthDate) } },
        select: { unitId: true, month: true, metric: true, value: true },
      });
      for (const r of rows) {
        const k = `${r.unitId}|${monthOf(r.month)}`;
        stored.set(k, { ...(stored.get(k) ?? {}), [r.metric]: Number(r.value.toString()) });
      }
    }
    const inFile = new Map(ready.map((r) => [`${r.unitId}|${r.month}`, r]));
    const headerOf = new Map(metricCols.map((c) => [c.metric.key, c.header]));
    const changes: { unitId: number; unitPath: string; month: string; metric: string; before: number | null; after: number }[] = [];
    let unchanged = 0;
    for (const r of ready) {
      const cur = stored.get(`${r.unitId}|${r.month}`) ?? {};
      const prevKey = `${r.unitId}|${addMonths(r.month, -1)}`;
      const previous = { ...(stored.get(prevKey) ?? {}), ...(inFile.get(prevKey)?.values ?? {}) };
      const same = Object.fromEntries(Object.entries(cur).filter(([k]) => !(k in r.values)));
      const v = validateStatMonth({ month: r.month, values: r.values, previous, same, now });
      const changed = Object.keys(r.values).filter((k) => !sameValue(r.values[k], cur[k]));
      for (const e of v.errors) problems.push({ line: r.line, column: e.metric ? headerOf.get(e.metric) ?? e.metric : monthCol!, message: e.message });
      for (const w of v.warnings) {
        const pair = STAT_METRIC_MAP.get(w.metric)?.notAbove?.metric;
        if (changed.includes(w.metric) || (pair && changed.includes(pair))) problems.push({ line: r.line, column: headerOf.get(w.metric) ?? metricLabel(w.metric), message: w.message, level: "warning" });
      }
      for (const k of changed) changes.push({ unitId: r.unitId, unitPath: r.unitPath, month: r.month, metric: k, before: cur[k] ?? null, after: r.values[k] });
      unchanged += Object.keys(r.values).length - changed.length;
    }
    problems.sort((a, b) => a.line - b.line);
    if (problems.some((p) => p.level !== "warning")) return fail(`有 ${errorLines()} 行数据有误，整个文件未导入。请修改后重新导入。`, problems, sheet.rows.length);
    const warnings = problems.filter((p) => p.level === "warning");
    if (warnings.length && !confirmed)
      return fail(`有 ${warnings.length} 处数据需要核实（见下表），文件未导入。确认无误后勾选「数据已核实」并重新导入。`, warnings, sheet.rows.length);

    await progress({ status: "WRITING", processed: 0 });
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < changes.length; i += CHUNK) {
          const c = changes.slice(i, i + CHUNK);
          await tx.$executeRaw`
            INSERT INTO stat_values (unit_id, unit_path, month, metric, value, version, updated_by_id, updated_at)
            SELECT u, p, m, k, v, 1, ${job.createdById}::int, now()
            FROM unnest(${c.map((x) => x.unitId)}::int[], ${c.map((x) => x.unitPath)}::text[], ${c.map((x) => `${x.month}-01`)}::text[]::date[], ${c.map((x) => x.metric)}::text[], ${c.map((x) => x.after.toFixed(STAT_METRIC_MAP.get(x.metric)!.decimals ?? 0))}::text[]::numeric[]) AS t(u, p, m, k, v)
            ON CONFLICT (unit_id, month, metric) DO UPDATE
              SET value = EXCLUDED.value, version = stat_values.version + 1, updated_by_id = EXCLUDED.updated_by_id, updated_at = now()
              WHERE stat_values.value IS DISTINCT FROM EXCLUDED.value`;
          void progress({ processed: Math.min(i + CHUNK, changes.length) }).catch(() => {});
        }
        const by = await tx.user.findUnique({ where: { id: job.createdById }, select: { username: true, role: true } });
        const codes = new Map((await tx.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, code: true } })).map((u) => [u.id, u.code]));
        await writeAudit(tx, {
          actor: { userId: job.createdById, username: by?.username ?? null, unitId: job.unitId, unitPath: job.unitPath, role: by?.role ?? null },
          action: "stats.import.write",
          entity: "StatValue",
          entityId: String(job.id),
          before: { values: changes.slice(0, 1000).map((c) => [codes.get(c.unitId), c.month, c.metric, c.before]) },
          after: {
            filename: job.filename,
            rows: ready.length,
            written: changes.length,
            unchanged,
            confirmedWarnings: warnings.length ? warnings.slice(0, 200).map((w) => `第 ${w.line} 行 ${w.column}：${w.message}`) : undefined,
            values: changes.slice(0, 1000).map((c) => [codes.get(c.unitId), c.month, c.metric, c.after]),
            truncated: changes.length > 1000 ? true : undefined,
          },
        });
        await finish(tx, { inserted: changes.length, skipped: unchanged, processed: sheet.rows.length, warnings });
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
    console.log(`[import ${job.id}] stats: ${ready.length} 行，写入 ${changes.length} 个数值，${unchanged} 个未变`);
  },
};
