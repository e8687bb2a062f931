// Evidence files: pdf, jpg, png, docx, xlsx, at most 10 MB each. The type comes from the content (magic bytes),
// never from the name or the browser's claim; the stored name is cleaned and carries the real extension.
// A zip is a docx/xlsx only if it passes the package check in ooxml.ts (no macros, executables, OLE, external links).
import { createHash } from "node:crypto";
import { checkOoxml } from "@/lib/files/ooxml";
import { fileLabel } from "@/lib/validation";

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_UPDATE = 3;

export const EVIDENCE_TYPES = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  png: "image/png",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export type EvidenceExt = keyof typeof EVIDENCE_TYPES;

const startsWith = (b: Buffer, sig: number[]) => sig.every((x, i) => b[i] === x);

/** By magic bytes; "ooxml" = a zip that must pass the package check (lib/files/ooxml.ts) to be a docx/xlsx. */
export function sniffEvidence(bytes: Buffer): Exclude<EvidenceExt, "docx" | "xlsx"> | "ooxml" | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "ooxml";
  return null;
}

export function cleanFilename(name: string, ext: EvidenceExt): string {
  // "undefined": the name Next's decoder gives a part sent without a filename (see isEmptyFilePart)
  const base = (name === "undefined" ? "" : name)
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "")
    .replace(/\.[^.]*$/, "")
    .trim()
    .slice(0, 100);
  return `${base || "证明材料"}.${ext}`;
}

export interface Evidence {
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  data: Uint8Array<ArrayBuffer>;
}

/** Checks one uploaded file; returns the problem in Chinese, or the evidence ready to store. */
export async function readEvidence(file: File): Promise<Evidence | string> {
  const label = fileLabel(file);
  if (file.size === 0) return `${label}是空文件`;
  if (file.size > MAX_EVIDENCE_BYTES) return `${label}超过 10 MB`;
  const data = new Uint8Array(await file.arrayBuffer());
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const sniffed = sniffEvidence(buf);
  if (!sniffed) return `${label}不是允许的文件类型（仅限 PDF、JPG、PNG、DOCX、XLSX，按文件内容识别）`;
  let ext: EvidenceExt;
  if (sniffed === "ooxml") {
    const checked = await checkOoxml(buf);
    if ("error" in checked) return `${label}${checked.error}`;
    ext = checked.kind;
  } else ext = sniffed;
  return { filename: cleanFilename(file.name, ext), mime: EVIDENCE_TYPES[ext], size: data.length, sha256: createHash("sha256").update(data).digest("hex"), data };
}

/** Content-Disposition for a download (RFC 6266/5987: Chinese names survive, never rendered inline). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
