// The ledger machinery's vocabulary. A ledger (清单 or 台账) is a table plus one configuration of this shape;
// listing, forms, validation, import, export, scope and audit are shared.
import type { Tx } from "@/lib/db/client";

export type LedgerKey =
  | "problems"
  | "mechanisms"
  | "stability"
  | "intel"
  | "analysis"
  | "verification"
  | "disputes"
  | "enterprises"
  | "visits"
  | "demands"
  | "ent_cases";

export type FieldType = "text" | "longtext" | "date" | "datetime" | "int" | "enum" | "bool" | "links";

export interface FieldOption {
  value: string;
  label: string;
}

export interface LedgerField {
  /** the Prisma field (for links: the input key, e.g. "intelCodes") */
  key: string;
  /** Chinese label: form label, list header, import/export column header */
  label: string;
  type: FieldType;
  required?: boolean;
  /** text/longtext: store the value in upper case (codes such as 统一社会信用代码); applied before `validate` */
  upper?: boolean;
  /** text/longtext: a further check of a non-blank value (after trimming and `upper`): null when valid, else the message */
  validate?: (value: string) => string | null;
  /** text: max length; int: max value */
  max?: number;
  min?: number;
  options?: readonly FieldOption[];
  /** enum values are integers in the database */
  numeric?: boolean;
  /** shown as a list column */
  list?: boolean;
  /** offered as a list filter (enum/bool: select; date/datetime: range) */
  filter?: boolean;
  /** matched by the keyword search */
  search?: boolean;
  /** links: the ledger linked to, whether several records may be linked, and where the link is stored */
  links?: {
    ledger: LedgerKey;
    multiple: boolean;
    store: { kind: "join"; model: "analysisIntel" | "verificationIntel"; ownerKey: string; targetKey: string } | { kind: "column"; column: string };
  };
  hint?: string;
  /** the column's PostgreSQL enum type, when it is one (e.g. "RiskTier") */
  pgEnum?: string;
  /** unique across the ledger (a database constraint): the import reports clashes row by row */
  unique?: boolean;
  /** value stored when the field is left blank (for columns that are never null) */
  defaultValue?: number;
  /** other accepted import headers */
  aliases?: string[];
  /** wide form control */
  wide?: boolean;
}

/** What the ledger form (a client component) needs of a field: no functions, nothing server-only. */
export type FormField = Pick<LedgerField, "key" | "label" | "type" | "required" | "options" | "hint" | "wide" | "max" | "min">;

export type LedgerValues = Record<string, unknown>;

export interface WriteContext {
  actorId: number;
  now: Date;
  /** ids of linked records whose links were added or removed by this write, per linked ledger */
  touched: Map<LedgerKey, Set<number>>;
  /** settings read once per write (an import computes thousands of rows) */
  cache: Map<string, unknown>;
}

/** A derived cell for display (overdue flags, loop state, warning score). */
export interface DerivedCell {
  label: string;
  text: string;
  tone?: "slate" | "blue" | "green" | "amber" | "red";
}

export interface LedgerConfig {
  key: LedgerKey;
  title: string;
  kind: "清单" | "台账";
  description: string;
  /** Prisma delegate name */
  model:
    | "problemItem"
    | "mechanism"
    | "stabilityEvent"
    | "intelItem"
    | "analysisSession"
    | "verification"
    | "dispute"
    | "enterprise"
    | "enterpriseVisit"
    | "enterpriseDemand"
    | "enterpriseCase";
  /** the table (bulk inserts of the import use SQL) */
  table: string;
  /** columns written besides the fields (computed values, single links) and their SQL types */
  extraColumns?: Record<string, "text" | "int" | "boolean" | "date" | "timestamptz">;
  /** record codes: PREFIX-<unit code>-<year>-<seq> */
  codePrefix: string;
  fields: LedgerField[];
  /** the record's main date (default sort, period filter) */
  dateField: string;
  /** the field that names a record in links and titles */
  titleField: string;
  /** cross-field rules: [field, message] for each violation */
  check?: (values: LedgerValues) => [string, string][];
  /** derived columns written with the record (deadlines, scores), computed from the values */
  computed?: (tx: Tx, values: LedgerValues, ctx: WriteContext) => Promise<LedgerValues>;
  /** after a create/update/import: keep dependent records consistent (e.g. close intelligence loops) */
  afterWrite?: (tx: Tx, ids: number[], ctx: WriteContext) => Promise<void>;
  /** quick filters offered above the list (e.g. 逾期未闭环); the where is added to the scope filter */
  presets?: { key: string; label: string; where: (db: unknown, now: Date) => Promise<Record<string, unknown>> }[];
  /** display-only columns derived from a row */
  derived?: (row: Record<string, unknown>, now: Date) => DerivedCell[];
}
