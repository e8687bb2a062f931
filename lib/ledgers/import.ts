// Importing a ledger from XLSX or CSV (UTF-8 or GBK): the "ledger" plug-in of lib/imports. The action stores the
// file as an import job; the import worker checks it and writes it through createRecords, the same create path as
// the form (codes, computed fields, links, after-write hooks), in multi-row statements. All or nothing: every row
// is checked first; one bad row and nothing is written, with each problem listed by line and column in Chinese.
// Importing the same file again adds nothing (each row carries a content key unique per unit).
import { createHash } from "node:crypto";
import { z } from "zod";
import { type ActionDefinition, ActionError } from "@/lib/actions/core";
import { writeAudit } from "@/lib/audit/write";
import { contains, makeScope, unitsIn } from "@/lib/auth/scope";
import { zImportFile, readImportFile } from "@/lib/imports/file";
import { createImportJob } from "@/lib/imports/jobs";
import { type ImportPlugin, type ImportProblem, ImportRejected } from "@/lib/imports/kinds";
import { zId } from "@/lib/validation";
import { LEDGERS, LEDGER_KEYS } from "./configs";
import { ledgerFieldsSchema, missingRequiredColumns, rowToFieldInput } from "./schema";
import type { LedgerConfig, LedgerValues, WriteContext } from "./types";
import { notifyImportedWarnings } from "@/lib/notifications/events";
import { type LinkedRecord, type NewRecord, createRecords, delegate, linkFields } from "./write";

export type { ImportProblem };

export const ZImport = z.object({
  ledger: z.enum(LEDGER_KEYS as [string, ...string[]], { error: "台账类型无效" }),
  unitId: zId("所属单位"),
  file: zImportFile,
});

/** The action: store the file as an import job (the import worker checks and writes it). */
export const ledgerImportAction: ActionDefinition<typeof ZImport, { jobId: number }> = {
  name: "ledger.import",
  title: "导入台账",
  permission: "ledger:import",
  input: ZImport,
  // storing a file of up to 30 MB on a busy database
  timeoutMs: 60_000,
  target: async (db, input) => (await db.unit.findUnique({ where: { id: input.unitId }, select: { path: true } }))?.path ?? null,
  run: async (tx, input, ctx) => {
    const unit = await tx.unit.findUniqueOrThrow({ where: { id: input.unitId }, select: { path: true, active: true } });
    if (!unit.active) throw new ActionError("所属单位已停用", { unitId: "所属单位已停用" });
    const job = await createImportJob(tx, { kind: "ledger", ledger: input.ledger, unitId: input.unitId, unitPath: unit.path, createdById: ctx.actor.id, file: input.file });
    return {
      data: { jobId: job.id },
      audit: { entity: "ImportJob", entityId: job.id, after: { ledger: input.ledger, filename: input.file.name, size: job.size } },
      message: "文件已上传，正在检查",
    };
  },
};

function importKey(unitId: number, config: LedgerConfig, values: LedgerValues): string {
  const norm = config.fields.map((f) => {
    const v = values[f.key];
    return v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v].sort().join(",") : (v ?? null);
  });
  return createHash("sha256").update(JSON.stringify([config.key, unitId, norm])).digest("hex").slice(0, 40);
}

interface ReadyRow extends NewRecord {
  line: number;
  importKey: string;
}

/** The "ledger" plug-in: checks every row of the job's file, then writes them all in one transaction. */
export const ledgerImport: ImportPlugin = {
  kind: "ledger",
  run: async ({ db, job, progress, finish }) => {
    const config = LEDGERS[job.ledger as keyof typeof LEDGERS];
    if (!config) throw new ImportRejected("台账类型无效");
    const t0 = performance.now();
    const sheet = await readImportFile(job.data, job.filename, (n) => void progress({ processed: 0, total: n }).catch(() => {}));
    const missing = missingRequiredColumns(config, sheet.headers);
    if (missing.length) throw new ImportRejected(`缺少必填列：${missing.join("、")}。请使用导入模板。`, [], sheet.rows.length);
    await progress({ total: sheet.rows.length, processed: 0 });
    const t1 = performance.now();

    // units a row may name (code or name) — the job's unit and its subtree only
    // the job's unit was checked against its creator's scope when the job was created
    const scope = makeScope(job.unitPath);
    const units = await db.unit.findMany({ where: unitsIn(scope), select: { id: true, code: true, name: true, shortName: true, path: true, active: true } });
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
        ready.push({ line: row.line, unit, values, links: new Map(), importKey: importKey(unit.id, config, values) });
      }
      if (problems.length > before) problemRows++;
      if ((i + 1) % 5000 === 0) await progress({ processed: i + 1 });
    }

    // link codes: they must exist and lie in the job unit's subtree
    for (const f of linkFields(config)) {
      const codes = [...new Set(ready.flatMap((r) => (r.values[f.key] as string[]) ?? []))];
      const found = new Map<string, LinkedRecord>();
      for (let i = 0; i < codes.length; i += 5000) {
        const rows = (await delegate(db, LEDGERS[f.links.ledger]).findMany({ where: { code: { in: codes.slice(i, i + 5000) } }, select: { id: true, code: true, unitPath: true } })) as unknown as LinkedRecord[];
        rows.forEach((r) => found.set(r.code, r));
      }
      for (const r of ready) {
        const named = (r.values[f.key] as string[]) ?? [];
        const bad = named.filter((c) => !contains(scope, found.get(c)?.unitPath));
        if (bad.length) problems.push({ line: r.line, column: f.label, message: `${bad.join("、")} 不存在或不在本单位管辖范围内` });
        r.links.set(f.key, named.map((c) => found.get(c)).filter((x): x is LinkedRecord => !!x));
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
        if (stored !== undefined && stored !== `${r.unit.id}:${r.importKey}`) problems.push({ line: r.line, column: f.label, message: `已存在相同的${f.label}：${String(r.values[f.key])}` });
      }
    }
    if (problems.length) {
      problems.sort((a, b) => a.line - b.line);
      throw new ImportRejected(`有 ${new Set(problems.map((p) => p.line)).size || problemRows} 行数据有误，整个文件未导入。请修改后重新导入。`, problems, sheet.rows.length);
    }

    await progress({ status: "WRITING", processed: 0 });
    const t2 = performance.now();
    await db.$transaction(
      async (tx) => {
        // rows already imported (same content) and duplicates within the file are skipped
        const stored = await tx.$queryRawUnsafe<{ unit_id: number; import_key: string }[]>(
          `SELECT unit_id, import_key FROM "${config.table}" WHERE import_key = ANY($1::text[])`,
          [...new Set(ready.map((r) => r.importKey))],
        );
        const seen = new Set(stored.map((r) => `${r.unit_id}:${r.import_key}`));
        const fresh = ready.filter((r) => {
          const k = `${r.unit.id}:${r.importKey}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        const ctx: WriteContext = { actorId: job.createdById, now: new Date(), touched: new Map(), cache: new Map() };
        const created = await createRecords(tx, config, fresh, ctx, (done) => void progress({ processed: done }).catch(() => {}));
        await notifyImportedWarnings(tx, job, created.map((r) => r.id));
        const by = await tx.user.findUnique({ where: { id: job.createdById }, select: { username: true, role: true } });
        await writeAudit(tx, {
          actor: { userId: job.createdById, username: by?.username ?? null, unitId: job.unitId, unitPath: job.unitPath, role: by?.role ?? null },
          action: "ledger.import.write",
          entity: config.model,
          entityId: String(job.id),
          after: { ledger: config.key, filename: job.filename, rows: ready.length, inserted: fresh.length, skipped: ready.length - fresh.length },
        });
        await finish(tx, { inserted: fresh.length, skipped: ready.length - fresh.length, processed: ready.length });
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );
    const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    console.log(`[import ${job.id}] ${config.key}：${ready.length} 行；读取 ${s(t0, t1)} s，检查 ${s(t1, t2)} s，写入 ${s(t2, performance.now())} s`);
  },
};
