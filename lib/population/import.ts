// Importing 常住人口 (the base of rates per 10万人口, lib/kpi/per-capita.ts) from XLSX or CSV: 单位代码, 年份,
// 常住人口（人）, optionally 数据来源 (单位名称 is informative and ignored). The "population" plug-in of lib/imports:
// the file lives in an ImportJob, checked and written by the import worker.
//   - all or nothing: any bad row and nothing is written, every problem listed by line and column in Chinese;
//   - only the province, 市州 and 县区 of the job unit's subtree (no stations or departments);
//   - an imported figure replaces a demo figure (is_demo = false); a figure equal to the stored one is not rewritten;
//   - the write and its audit row are one transaction.
import { z } from "zod";
import { type ActionDefinition, ActionError } from "@/lib/actions/core";
import { writeAudit } from "@/lib/audit/write";
import { makeScope, unitsIn } from "@/lib/auth/scope";
import { readImportFile, zImportFile } from "@/lib/imports/file";
import { createImportJob } from "@/lib/imports/jobs";
import { type ImportPlugin, type ImportProblem, ImportRejected } from "@/lib/imports/kinds";
import { normalizeHeader } from "@/lib/io/parse-spreadsheet";
import { parseStatInput } from "@/lib/stats/validate";
import { shanghaiYearMonth } from "@/lib/time";
import { zId } from "@/lib/validation";

export const POP_UNIT_HEADER = "单位代码";
export const POP_YEAR_HEADER = "年份";
export const POP_VALUE_HEADER = "常住人口（人）";
export const POP_SOURCE_HEADER = "数据来源";
/** the earliest year accepted */
export const MIN_POPULATION_YEAR = 2000;
/** more than any province's population: a figure above it is a unit mistake (万人 for 人) */
export const MAX_POPULATION = 200_000_000;
const TERRITORIAL = new Set(["PROVINCE", "CITY", "COUNTY"]);

const canon = (h: string) => normalizeHeader(h).replace(/\s+/g, "").replace(/\(/g, "（").replace(/\)/g, "）");
const UNIT_HEADERS = [POP_UNIT_HEADER, "单位（代码或名称）", "区划代码"].map(canon);
const YEAR_HEADERS = [POP_YEAR_HEADER, "年度"].map(canon);
const VALUE_HEADERS = [POP_VALUE_HEADER, "常住人口", "常住人口（人口数）"].map(canon);
const SOURCE_HEADERS = [POP_SOURCE_HEADER, "来源"].map(canon);
const IGNORED = new Set(["单位名称", "序号", "备注"].map(canon));

export const ZPopulationImport = z.object({ unitId: zId("导入范围"), file: zImportFile });

/** The action: store the file as an import job (the import worker checks and writes it). */
export const populationImportAction: ActionDefinition<typeof ZPopulationImport, { jobId: number }> = {
  name: "population.import",
  title: "导入常住人口",
  permission: "stats:write",
  input: ZPopulationImport,
  timeoutMs: 60_000,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { path: true, active: true, level: true } });
    if (!unit.active) throw new ActionError("所选单位已停用", { unitId: "所选单位已停用" });
    if (!TERRITORIAL.has(unit.level)) throw new ActionError("常住人口按省、市州、县区导入，请选择地区单位", { unitId: "请选择省、市州或县区" });
    const job = await createImportJob(tx, { kind: "population", unitId: input.unitId, unitPath: unit.path, createdById: ctx.actor.id, file: input.file });
    return {
      data: { jobId: job.id },
      audit: { entity: "ImportJob", entityId: job.id, after: { kind: "population", filename: input.file.name, size: job.size } },
      message: "文件已上传，正在检查",
    };
  },
};

/** Problems of one 常住人口 cell (empty, not a whole positive number, implausibly large). */
export function populationErrors(raw: string): { value: number | null; error?: string } {
  if (!raw.trim()) return { value: null, error: "请填写常住人口（人）" };
  const p = parseStatInput(raw);
  if (p.error || p.value === null) return { value: null, error: `「${raw}」应为整数（人）` };
  if (!Number.isInteger(p.value)) return { value: null, error: `「${raw}」应为整数（人），不要填写万人` };
  if (p.value <= 0) return { value: null, error: "常住人口应大于 0" };
  if (p.value > MAX_POPULATION) return { value: null, error: `「${raw}」超出合理范围（不超过 ${MAX_POPULATION.toLocaleString("zh-CN")} 人）` };
  return { value: p.value };
}

interface Ready {
  line: number;
  unitId: number;
  unitPath: string;
  code: string;
  year: number;
  population: number;
  source: string;
}

/** The "population" plug-in: checks every row of the job's file, then writes the changed figures in one transaction. */
export const populationImport: ImportPlugin = {
  kind: "population",
  run: async ({ db, job, progress, finish, now }) => {
    const fail = (message: string, problems: ImportProblem[] = [], total = 0): never => {
      throw new ImportRejected(message, problems, total);
    };
    const sheet = await readImportFile(job.data, job.filename);
    const find = (names: string[]) => sheet.headers.find((h) => names.includes(canon(h)));
    const unitCol = find(UNIT_HEADERS);
    const yearCol = find(YEAR_HEADERS);
    const valueCol = find(VALUE_HEADERS);
    const sourceCol = find(SOURCE_HEADERS);
    const missing = [!unitCol && POP_UNIT_HEADER, !yearCol && POP_YEAR_HEADER, !valueCol && POP_VALUE_HEADER].filter(Boolean);
    if (missing.length) return fail(`缺少必填列：${missing.join("、")}。第一行应为列名：${POP_UNIT_HEADER}、${POP_YEAR_HEADER}、${POP_VALUE_HEADER}。`, [], sheet.rows.length);
    const unknown = sheet.headers.filter((h) => h && ![unitCol, yearCol, valueCol, sourceCol].includes(h) && !IGNORED.has(canon(h)));
    if (unknown.length) return fail(`无法识别的列：${unknown.join("、")}。可用的列：${POP_UNIT_HEADER}、${POP_YEAR_HEADER}、${POP_VALUE_HEADER}、${POP_SOURCE_HEADER}（可选）、单位名称（仅供阅读）。`, [], sheet.rows.length);
    await progress({ total: sheet.rows.length, processed: 0 });

    // the job's unit was checked against its creator's scope when the job was created
    const scope = makeScope(job.unitPath);
    const inScope = new Map((await db.unit.findMany({ where: unitsIn(scope), select: { id: true, code: true, path: true, level: true, active: true } })).map((u) => [u.code, u]));
    const thisYear = shanghaiYearMonth(now).year;
    const problems: ImportProblem[] = [];
    const ready: Ready[] = [];
    const seen = new Map<string, number>();
    for (const row of sheet.rows) {
      const before = problems.length;
      const code = (row.values[unitCol!] ?? "").trim();
      const unit = code ? inScope.get(code) : undefined;
      if (!code) problems.push({ line: row.line, column: unitCol!, message: "请填写单位代码（区划代码，如 6201、620102）" });
      else if (!unit) problems.push({ line: row.line, column: unitCol!, message: `「${code}」不是本单位或其下级单位的代码` });
      else if (!TERRITORIAL.has(unit.level)) problems.push({ line: row.line, column: unitCol!, message: `「${code}」不是省、市州或县区，常住人口只按地区单位填写` });
      else if (!unit.active) problems.push({ line: row.line, column: unitCol!, message: `「${code}」已停用` });
      const yearText = (row.values[yearCol!] ?? "").trim().replace(/年$/, "");
      const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
      if (!yearText) problems.push({ line: row.line, column: yearCol!, message: "请填写年份（如 2023）" });
      else if (year === null || year < MIN_POPULATION_YEAR || year > thisYear) problems.push({ line: row.line, column: yearCol!, message: `「${row.values[yearCol!]}」不是有效的年份（${MIN_POPULATION_YEAR}—${thisYear}）` });
      const pop = populationErrors(row.values[valueCol!] ?? "");
      if (pop.error) problems.push({ line: row.line, column: valueCol!, message: pop.error });
      if (unit && year !== null) {
        const key = `${unit.id}|${year}`;
        const first = seen.get(key);
        if (first) problems.push({ line: row.line, column: unitCol!, message: `与第 ${first} 行重复（同一单位、同一年份）` });
        else seen.set(key, row.line);
      }
      const source = (sourceCol ? (row.values[sourceCol] ?? "").trim() : "") || `导入：${job.filename}`;
      if (source.length > 200) problems.push({ line: row.line, column: sourceCol!, message: "数据来源不能超过 200 字" });
      if (problems.length === before && unit && year !== null && pop.value !== null) ready.push({ line: row.line, unitId: unit.id, unitPath: unit.path, code, year, population: pop.value, source });
    }
    if (!sheet.rows.length) return fail("文件中没有数据行。", [], 0);
    if (problems.length) {
      const lines = new Set(problems.map((p) => p.line)).size;
      return fail(`有 ${lines} 行数据有误，整个文件未导入。请修改后重新导入。`, problems, sheet.rows.length);
    }

    await progress({ status: "WRITING", processed: 0 });
    await db.$transaction(async (tx) => {
      const stored = new Map(
        (await tx.unitPopulation.findMany({ where: { OR: ready.map((r) => ({ unitId: r.unitId, year: r.year })) }, select: { unitId: true, year: true, population: true, source: true, isDemo: true } })).map((s) => [`${s.unitId}|${s.year}`, s]),
      );
      const changes = ready.filter((r) => {
        const s = stored.get(`${r.unitId}|${r.year}`);
        return !s || s.population !== r.population || s.source !== r.source || s.isDemo;
      });
      for (const c of changes) {
        await tx.unitPopulation.upsert({
          where: { unitId_year: { unitId: c.unitId, year: c.year } },
          create: { unitId: c.unitId, unitPath: c.unitPath, year: c.year, population: c.population, source: c.source, isDemo: false, updatedById: job.createdById },
          update: { population: c.population, source: c.source, isDemo: false, updatedById: job.createdById, version: { increment: 1 } },
        });
      }
      const by = await tx.user.findUnique({ where: { id: job.createdById }, select: { username: true, role: true } });
      await writeAudit(tx, {
        actor: { userId: job.createdById, username: by?.username ?? null, unitId: job.unitId, unitPath: job.unitPath, role: by?.role ?? null },
        action: "population.import.write",
        entity: "UnitPopulation",
        entityId: String(job.id),
        before: { values: changes.slice(0, 1000).map((c) => [c.code, c.year, stored.get(`${c.unitId}|${c.year}`)?.population ?? null]) },
        after: { filename: job.filename, rows: ready.length, written: changes.length, unchanged: ready.length - changes.length, values: changes.slice(0, 1000).map((c) => [c.code, c.year, c.population]) },
      });
      await finish(tx, { inserted: changes.length, skipped: ready.length - changes.length, processed: sheet.rows.length });
    }, { timeout: 10 * 60_000, maxWait: 30_000 });
  },
};
