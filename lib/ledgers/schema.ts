// Validation of ledger input, built from the field definitions: one zod schema per ledger, used by the forms, the
// import and the API alike. Accepts what people type and what spreadsheets hold (labels for enums, 是/否 for
// yes/no, "2025-03-05 14:30" in Beijing time), and answers in Chinese, field by field.
import { z } from "zod";
import { parseLooseDay, parseLooseShanghaiDateTime } from "@/lib/time";
import { zString } from "@/lib/validation";
import type { LedgerConfig, LedgerField, LedgerValues } from "./types";

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

function optional<T extends z.ZodType>(f: LedgerField, inner: T) {
  return z.preprocess((v) => (blank(v) ? (f.defaultValue ?? null) : v), f.required ? inner : inner.nullable());
}

const required = (f: LedgerField) => `请填写${f.label}`;

function fieldSchema(f: LedgerField): z.ZodType {
  switch (f.type) {
    case "text":
    case "longtext": {
      const max = f.max ?? (f.type === "text" ? 200 : 4000);
      let s = zString({ error: required(f) }).trim();
      if (f.upper) s = s.toUpperCase();
      s = s.max(max, `${f.label}不能超过 ${max} 个字`);
      const check = f.validate;
      if (check)
        s = s.superRefine((v, ctx) => {
          const message = check(v);
          if (message) ctx.addIssue({ code: "custom", message });
        });
      return optional(f, s);
    }
    case "int":
      return optional(
        f,
        z.preprocess(
          (v) => (typeof v === "string" ? Number(v.replace(/[,，\s]/g, "")) : v),
          z
            .number({ error: f.required ? required(f) : `${f.label}应为整数` })
            .int(`${f.label}应为整数`)
            .min(f.min ?? 0, `${f.label}不能小于 ${f.min ?? 0}`)
            .max(f.max ?? 1_000_000_000, `${f.label}不能大于 ${f.max ?? 1_000_000_000}`),
        ),
      );
    case "date":
      return optional(
        f,
        z.preprocess(
          (v) => (v instanceof Date ? v : typeof v === "string" ? (parseLooseDay(v) ?? "bad") : "bad"),
          z.date({ error: `${f.label}应为日期，格式 YYYY-MM-DD` }).refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, `${f.label}超出合理范围`),
        ),
      );
    case "datetime":
      return optional(
        f,
        z.preprocess(
          (v) => (v instanceof Date ? v : typeof v === "string" ? (parseLooseShanghaiDateTime(v) ?? "bad") : "bad"),
          z.date({ error: `${f.label}应为日期时间，格式 YYYY-MM-DD HH:mm（北京时间）` }).refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100, `${f.label}超出合理范围`),
        ),
      );
    case "enum": {
      const values = (f.options ?? []).map((o) => o.value);
      const byLabel = new Map((f.options ?? []).map((o) => [o.label, o.value]));
      const inner = z.preprocess(
        (v) => {
          const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : v;
          return typeof s === "string" && byLabel.has(s) ? byLabel.get(s) : s;
        },
        z.enum(values as [string, ...string[]], { error: `${f.label}应为：${(f.options ?? []).map((o) => o.label).join("、")}` }),
      );
      return optional(f, f.numeric ? inner.transform((s) => Number(s)) : inner);
    }
    case "bool":
      return z.preprocess((v) => {
        if (blank(v)) return false;
        if (typeof v === "boolean") return v;
        const s = String(v).trim().toLowerCase();
        if (["是", "true", "1", "on", "yes", "y", "√"].includes(s)) return true;
        if (["否", "false", "0", "off", "no", "n", "×"].includes(s)) return false;
        return s;
      }, z.boolean({ error: `${f.label}应为"是"或"否"` }));
    case "links":
      return z.preprocess(
        (v) => (blank(v) ? [] : Array.isArray(v) ? v.map(String) : String(v).split(/[,，;；\s]+/).filter(Boolean)),
        z
          .array(zString().regex(/^[A-Z]{2}-[A-Za-z0-9]+-\d{4}-\d{4,6}$/, `${f.label}格式不正确（例如 QB-620102-2025-0001）`))
          .max(f.links?.multiple ? 50 : 1, f.links?.multiple ? `${f.label}最多 50 个` : `${f.label}只能填一个`)
          .refine((a) => !f.required || a.length > 0, required(f)),
      );
  }
}

/** The input schema of a ledger's fields (without unit, id or version). */
export function ledgerFieldsSchema(config: LedgerConfig) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of config.fields) shape[f.key] = fieldSchema(f);
  return z.object(shape).superRefine((values, ctx) => {
    for (const [path, message] of config.check?.(values as LedgerValues) ?? []) ctx.addIssue({ code: "custom", path: [path], message });
  });
}

/** Maps an import row (keyed by column header) to field keys, by label or alias. */
export function rowToFieldInput(config: LedgerConfig, row: Record<string, string>): LedgerValues {
  const out: LedgerValues = {};
  for (const f of config.fields) {
    for (const name of [f.label, ...(f.aliases ?? [])]) {
      if (name in row) {
        out[f.key] = row[name];
        break;
      }
    }
  }
  return out;
}

/** Required fields whose column is missing from an import file. */
export function missingRequiredColumns(config: LedgerConfig, headers: string[]): string[] {
  const have = new Set(headers);
  return config.fields.filter((f) => f.required && ![f.label, ...(f.aliases ?? [])].some((n) => have.has(n))).map((f) => f.label);
}

/** The column headers of the import template and the export (export adds 编号 and 所属单位 in front). */
export function importHeaders(config: LedgerConfig): string[] {
  return ["所属单位", ...config.fields.map((f) => f.label)];
}
