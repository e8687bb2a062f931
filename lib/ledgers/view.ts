// Presentation helpers shared by the ledger pages (no database access).
import { toShanghaiInput } from "@/lib/time";
import type { FormField, LedgerConfig, LedgerField } from "./types";
import { displayValue } from "./write";

export function formFields(config: LedgerConfig): FormField[] {
  return config.fields.map(({ key, label, type, required, options, hint, wide, max, min }) => ({ key, label, type, required, options, hint, wide, max, min }));
}

/** A stored value as the form's input string. */
export function inputValue(f: LedgerField, v: unknown, links?: string[]): string {
  if (f.type === "links") return (links ?? []).join(", ");
  if (v === null || v === undefined) return "";
  if (f.type === "date") return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  if (f.type === "datetime") return v instanceof Date ? toShanghaiInput(v) : String(v);
  if (f.type === "bool") return v ? "true" : "";
  return String(v);
}

export function cellText(f: LedgerField, row: Record<string, unknown>, links: Record<string, string[]>): string {
  if (f.type === "links") return (links[f.key] ?? []).join("、");
  return displayValue(f, row[f.key]);
}

export function fieldLabels(config: LedgerConfig): Record<string, string> {
  return Object.fromEntries(config.fields.map((f) => [f.key, f.label]));
}
