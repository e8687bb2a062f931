// Shared zod building blocks with Chinese messages. Forms send strings; these coerce and trim.
import { z } from "zod";

export const zId = (label: string) =>
  z.coerce.number({ error: `${label}无效` }).int(`${label}无效`).positive(`请选择${label}`).max(2_147_483_647, `${label}无效`);

export const zVersion = z.coerce.number({ error: "版本号无效" }).int("版本号无效").min(1, "版本号无效").max(2_147_483_647, "版本号无效");

/**
 * Text no person types: C0 control characters other than tab, line feed and carriage return (NUL above all, which
 * PostgreSQL cannot store), DEL, and lone UTF-16 surrogates (half an emoji; not representable in UTF-8). Such text is
 * refused with a field error, never stripped: what was submitted is not what would be stored, and it is the mark of
 * a crafted request, so the refusal is audited (lib/actions/core.ts).
 */
export const FORBIDDEN_CHARS_MESSAGE = "含有不允许的控制字符";
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export function hasForbiddenChars(s: string): boolean {
  return CONTROL_CHARS.test(s) || !s.isWellFormed();
}

/** z.string() that refuses control characters and lone surrogates (checked first, so the message says why). */
export const zString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).refine((s) => !hasForbiddenChars(s), { message: FORBIDDEN_CHARS_MESSAGE, abort: true });

export const zText = (label: string, min: number, max: number) =>
  zString({ error: `请填写${label}` })
    .trim()
    .min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);

/** Optional text: "" and missing both become undefined. */
export const zOptionalText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v === null ? undefined : v),
    zString({ error: `${label}格式无效` }).trim().max(max, `${label}不能超过 ${max} 个字`).optional(),
  );

// ── File fields ──────────────────────────────────────────────────────────────────────────────────────────────────
// A browser sends an untouched <input type=file> as an empty file part (filename "", 0 bytes, application/octet-stream).
// Next.js decodes a server action's multipart body with busboy, which gives such a part no filename, and the File
// built from it is named "undefined" (String(undefined)); a no-JS form post decoded by Request.formData() gives "".
// Either way it means "no file chosen": payloadOf (lib/actions/core.ts) drops it, and these schemas drop it too (for
// input that did not come from FormData).

export const SELECT_FILE_MESSAGE = "请选择文件";

/** An empty file part without a (real) name: what a browser sends for a file input left empty. */
export function isEmptyFilePart(v: unknown): boolean {
  if (typeof Blob === "undefined" || !(v instanceof Blob) || v.size !== 0) return false;
  const name = (v as { name?: unknown }).name;
  return name === undefined || name === null || (typeof name === "string" && (name.trim() === "" || name === "undefined"));
}

/** How a file is named in a message: 「报告.pdf」, or 「所选文件」 when it has no usable name (never "undefined"). */
export function fileLabel(file: { name?: unknown } | null | undefined): string {
  const name = typeof file?.name === "string" ? file.name.trim() : "";
  return `「${name && name !== "undefined" ? name : "所选文件"}」`;
}

/** A required single file field: missing, "" or an empty unnamed part → 「请选择文件」. */
export const zRequiredFile = () =>
  z.preprocess((v) => (v === undefined || v === null || v === "" || isEmptyFilePart(v) ? undefined : v), z.instanceof(File, { error: SELECT_FILE_MESSAGE }));

/** An optional multi-file field: missing, "" and empty unnamed parts are no file; always an array. */
export const zOptionalFiles = (max: number, label = "文件") =>
  z.preprocess(
    (v) => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v])).filter((f) => f !== "" && !isEmptyFilePart(f)),
    z.array(z.instanceof(File, { error: `${label}应为文件` })).max(max, `每次最多上传 ${max} 个文件`),
  );
