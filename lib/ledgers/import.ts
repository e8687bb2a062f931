// Importing a ledger from XLSX or CSV (UTF-8 or GBK). The file and the job's progress live in the database, so
// any app server can report on it. All or nothing: every row is checked first; one bad row and nothing is written,
// with each problem listed by line and column in Chinese. Importing the same file again adds nothing (each row
// carries a content key unique per unit).
import { createHash } from "node:crypto";
import { z } from "zod";
import { type ActionDefinition, ActionError } from "@/lib/actions/core";
import { writeAudit } from "@/lib/audit/write";
import type { Db } from "@/lib/db/client";
import { SpreadsheetError, parseSpreadsheet } from "@/lib/io/parse-spreadsheet";
import { zId } from "@/lib/validation";
import { LEDGERS, LEDGER_KEYS } from "./configs";
import { ledgerFieldsSchema, missingRequiredColumns, rowToFieldInput } from "./schema";
import type { LedgerConfig, LedgerValues, WriteContext } from "./types";
import { bulkInsert, delegate, linkFields, plainFields, reserveCodes } from "./write";
import { shanghaiYearMonth } from "@/lib/time";

export const MAX_IMPORT_BYTES = 30 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
const CHUNK = 2000;
/** a job whose worker has been silent this long is reported as interrupted */
export const STALE_AFTER_MS = 2 * 60 * 1000;

export interface ImportProblem {
  line: number;
  column: string;
  message: string;
}

export const ZImport = z.object({
  ledger: z.enum(LEDGER_KEYS as [string, ...string[]], { error: "台账类型无效" }),
  unitId: zId("所属单位"),
  file: z
    .instanceof(File, { error: "请选择要导入的文件" })
    .refine((f) => f.size > 0, "文件是空的")
    .refine((f) => f.size <= MAX_IMPORT_BYTES, `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`)
    .refine((f) => /\.(xlsx|csv|txt)$/i.test(f.name), "只能导入 .xlsx 或 .csv 文件"),
});

/** Step 1 (the action): store the file as an import job. Step 2 (processImportJob) runs after the response. */
export const ledgerImportAction: ActionDefinition<typeof ZImport, { jobId: number }> = {
  name: "ledger.import",
  title: "导入台账",
  permission: "ledger:import",
  input: ZImport,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { path: true, active: true } });
    if (!unit.active) throw new ActionError("所属单位已停用", { unitId: "所属单位已停用" });
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const job = await tx.importJob.create({
      data: { ledger: input.ledger, unitId: input.unitId, unitPath: unit.path, createdById: ctx.actor.id, filename: input.file.name.slice(0, 200), size: bytes.length, data: bytes },
    });
    return {
      data: { jobId: job.id },
      audit: { entity: "ImportJob", entityId: job.id, after: { ledger: input.ledger, filename: input.file.name, size: bytes.length } },
      message: "文件已上传，正在检查",
    };
  },
  after: async (db, data) => {
    await processImportJob(db, data.jobId);
  },
};

function importKey(unitId: number, config: LedgerConfig, values: LedgerValues): string {
  const norm = config.fields.map((f) => {
    const v = values[f.key];
    return v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v].sort().join(",") : (v ?? null);
  });
  return createHash("sha256").update(JSON.stringify([config.key, unitId, norm])).digest("hex").slice(0, 40);
}

async function progress(db: Db, id: number, data: Record<string, unknown>) {
  await db.importJob.update({ where: { id }, data: { ...data, heartbeatAt: new Date() } });
}

interface ReadyRow {
  line: number;
  unitId: number;
  unitCode: string;
  unitPath: string;
  values: LedgerValues;
  key: string;
}

/**
 * Checks and writes one import job. Safe to call twice: only the caller that moves the job out of PENDING works.
 * Returns the final status.
 */
export async function processImportJob(db: Db, jobId: number): Promise<"DONE" | "FAILED" | "SKIPPED"> {
  const claimed = await db.importJob.updateMany({ where: { id: jobId, status: "PENDING" }, data: { status: "CHECKING", heartbeatAt: new Date() } });
  if (!claimed.count) return "SKIPPED";
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  const fail = async (message: string, errors: ImportProblem[] = [], total = 0) => {
    await db.importJob.update({ where: { id: jobId }, data: { status: "FAILED", message, errors: errors.slice(0, 500) as never, total, finishedAt: new Date(), data: new Uint8Array(0) } });
    return "FAILED" as const;
  };
  try {
    const config = LEDGERS[job.ledger as keyof typeof LEDGERS];
    if (!config) return await fail("台账类型无效");
    let sheet;
    try {
      sheet = await parseSpreadsheet(job.data, job.filename, {
        maxRows: MAX_IMPORT_ROWS,
        onProgress: (n) => void progress(db, jobId, { processed: 0, total: n }).catch(() => {}),
      });
    } catch (e) {
      if (e instanceof SpreadsheetError) return await fail(e.message);
      throw e;
    }
    const missing = missingRequiredColumns(config, sheet.headers);
    if (missing.length) return await fail(`缺少必填列：${missing.join("、")}。请使用导入模板。`, [], sheet.rows.length);
    await progress(db, jobId, { total: sheet.rows.length, processed: 0 });

    // units a row may name (code or name) — the job's unit and its subtree only
    const units = await db.unit.findMany({ where: { path: { startsWith: job.unitPath } }, select: { id: true, code: true, name: true, shortName: true, path: true, active: true } });
    const unitByKey = new Map<string, (typeof units)[number]>();
    for (const u of units) [u.code, u.name, u.shortName].forEach((k) => k && unitByKey.set(k, u));
    const jobUnit = units.find((u) => u.id === job.unitId)!;

    const schema = ledgerFieldsSchema(config);
    const labels = new Map(config.fields.map((f) => [f.key, f.label]));
    const problems: ImportProblem[] = [];
    const ready: ReadyRow[] = [];
    let problemRows = 0;
    for (const [i, row] of sheet.rows.entries()) {
      const before = problems.length;
      const unitName = (row.values["所属单位"] ?? "").trim();
      const unit = unitName ? unitByKey.get(unitName) : jobUnit;
      if (!unit || !unit.active) problems.push({ line: row.line, column: "所属单位", message: `「${unitName}」不是本单位或其下级单位` });
      const parsed = schema.safeParse(rowToFieldInput(config, row.values));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ line: row.line, column: labels.get(String(issue.path[0])) ?? String(issue.path[0] ?? ""), message: issue.message });
      } else if (unit) {
        const values = parsed.data as LedgerValues;
        ready.push({ line: row.line, unitId: unit.id, unitCode: unit.code, unitPath: unit.path, values, key: importKey(unit.id, config, values) });
      }
      if (problems.length > before) problemRows++;
      if ((i + 1) % 500 === 0) await progress(db, jobId, { processed: i + 1 });
    }

    // link codes: they must exist and lie in the job unit's subtree
    for (const f of linkFields(config)) {
      const codes = [...new Set(ready.flatMap((r) => (r.values[f.key] as string[]) ?? []))];
      const found = new Map<string, { id: number; unitPath: string }>();
      for (let i = 0; i < codes.length; i += 5000) {
        const rows = (await delegate(db, LEDGERS[f.links.ledger]).findMany({ where: { code: { in: codes.slice(i, i + 5000) } }, select: { id: true, code: true, unitPath: true } })) as unknown as { id: number; code: string; unitPath: string }[];
        rows.forEach((r) => found.set(r.code, r));
      }
      for (const r of ready) {
        const bad = ((r.values[f.key] as string[]) ?? []).filter((c) => !found.get(c)?.unitPath.startsWith(job.unitPath));
        if (bad.length) problems.push({ line: r.line, column: f.label, message: `${bad.join("、")} 不存在或不在本单位管辖范围内` });
        r.values[`__${f.key}`] = ((r.values[f.key] as string[]) ?? []).map((c) => found.get(c)?.id).filter(Boolean);
      }
    }
    // unique fields: clashes within the file and with records already stored
    for (const f of config.fields.filter((x) => x.unique)) {
      const seenIn = new Map<string, number>();
      for (const r of ready) {
        const v = r.values[f.key];
        if (typeof v !== "string") continue;
        const first = seenIn.get(v);
        if (first !== undefined) problems.push({ line: r.line, column: f.label, message: `与第 ${first} 行重复：${v}` });
        else seenIn.set(v, r.line);
      }
      const values = [...seenIn.keys()];
      // value → the import key of the stored row (the same row imported before is skipped, not a clash)
      const taken = new Map<string, string | null>();
      for (let i = 0; i < values.length; i += 5000) {
        const rows = await delegate(db, config).findMany({ where: { [f.key]: { in: values.slice(i, i + 5000) } }, select: { [f.key]: true, importKey: true, unitId: true } });
        rows.forEach((x) => taken.set(String(x[f.key]), `${x.unitId as number}:${(x.importKey as string | null) ?? ""}`));
      }
      for (const r of ready) {
        const stored = taken.get(r.values[f.key] as string);
        if (stored !== undefined && stored !== `${r.unitId}:${r.key}`) problems.push({ line: r.line, column: f.label, message: `已存在相同的${f.label}：${String(r.values[f.key])}` });
      }
    }
    if (problems.length) {
      problems.sort((a, b) => a.line - b.line);
      return await fail(`有 ${new Set(problems.map((p) => p.line)).size || problemRows} 行数据有误，整个文件未导入。请修改后重新导入。`, problems, sheet.rows.length);
    }

    await progress(db, jobId, { status: "WRITING", processed: 0 });
    const result = await db.$transaction(
      async (tx) => {
        // rows already imported (same content) and duplicates within the file are skipped
        const seen = new Set<string>();
        for (let i = 0; i < ready.length; i += 5000) {
          const slice = ready.slice(i, i + 5000);
          const rows = await delegate(tx, config).findMany({ where: { importKey: { in: slice.map((r) => r.key) } }, select: { importKey: true, unitId: true } });
          rows.forEach((r) => seen.add(`${r.unitId}:${r.importKey}`));
        }
        const fresh: ReadyRow[] = [];
        for (const r of ready) {
          const k = `${r.unitId}:${r.key}`;
          if (!seen.has(k)) {
            seen.add(k);
            fresh.push(r);
          }
        }
        const ctx: WriteContext = { actorId: job.createdById, now: new Date(), touched: new Map(), cache: new Map() };
        // codes per unit and year, reserved in blocks
        const groups = new Map<string, ReadyRow[]>();
        for (const r of fresh) {
          const d = r.values[config.dateField];
          const year = shanghaiYearMonth(d instanceof Date ? d : ctx.now).year;
          const g = `${r.unitCode}|${year}`;
          groups.set(g, [...(groups.get(g) ?? []), r]);
        }
        const codeOf = new Map<ReadyRow, string>();
        for (const [g, rows] of groups) {
          const [unitCode, year] = g.split("|");
          const codes = await reserveCodes(tx, config, unitCode, Number(year), rows.length);
          rows.forEach((r, i) => codeOf.set(r, codes[i]));
        }
        const plain = plainFields(config);
        const links = linkFields(config);
        const ids: number[] = [];
        for (let i = 0; i < fresh.length; i += CHUNK) {
          const chunk = fresh.slice(i, i + CHUNK);
          const data = [];
          for (const r of chunk) {
            const row: Record<string, unknown> = { code: codeOf.get(r), unitId: r.unitId, unitPath: r.unitPath, importKey: r.key, createdById: job.createdById, updatedById: job.createdById };
            for (const f of plain) row[f.key] = r.values[f.key] ?? null;
            for (const f of links) if (f.links.store.kind === "column") row[f.links.store.column] = ((r.values[`__${f.key}`] as number[]) ?? [])[0] ?? null;
            Object.assign(row, (await config.computed?.(tx, r.values, ctx)) ?? {});
            data.push(row);
          }
          const created = await bulkInsert(tx, config, data);
          const idOf = new Map(created.map((c) => [c.code, c.id]));
          for (const f of links) {
            const store = f.links.store;
            if (store.kind !== "join") continue;
            const joinRows = chunk.flatMap((r) => ((r.values[`__${f.key}`] as number[]) ?? []).map((t) => ({ [store.ownerKey]: idOf.get(codeOf.get(r)!)!, [store.targetKey]: t })));
            if (joinRows.length) await (tx as unknown as Record<string, { createMany(a: unknown): Promise<unknown> }>)[store.model].createMany({ data: joinRows, skipDuplicates: true });
            const set = ctx.touched.get(f.links.ledger) ?? new Set<number>();
            joinRows.forEach((j) => set.add(j[store.targetKey]));
            ctx.touched.set(f.links.ledger, set);
          }
          ids.push(...created.map((c) => c.id));
          void progress(db, jobId, { processed: Math.min(i + CHUNK, fresh.length) }).catch(() => {});
        }
        if (ids.length) await config.afterWrite?.(tx, ids, ctx);
        const by = await tx.user.findUnique({ where: { id: job.createdById }, select: { username: true, role: true } });
        await writeAudit(tx, {
          actor: { userId: job.createdById, username: by?.username ?? null, unitId: job.unitId, unitPath: job.unitPath, role: by?.role ?? null },
          action: "ledger.import.write",
          entity: config.model,
          entityId: String(job.id),
          after: { ledger: config.key, filename: job.filename, rows: ready.length, inserted: fresh.length, skipped: ready.length - fresh.length },
        });
        await tx.importJob.update({
          where: { id: jobId },
          data: { status: "DONE", inserted: fresh.length, skipped: ready.length - fresh.length, processed: ready.length, finishedAt: new Date(), data: new Uint8Array(0), message: null },
        });
        return { inserted: fresh.length };
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
    console.log(`[import ${jobId}] ${config.key}: ${ready.length} 行，新增 ${result.inserted}`);
    return "DONE";
  } catch (e) {
    console.error(`[import ${jobId}]`, e);
    return await fail("导入时系统出错，未写入任何数据。请稍后重试。");
  }
}
