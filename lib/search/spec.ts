// What the global search (lib/search/queries.ts) looks at in each ledger: the record code, the field that names the
// record, and the short fields that hold a person or an organisation (当事人, 联系人, 护航警官, 责任民警 …). Long
// texts (情报内容, 研判结论) are left to each ledger's own keyword search.
//
// Per table one trigram index (pg_trgm, GIN) covers all of these at once: an index on the expression `searchExpr`,
// written by hand in the migration saved_filters_search (listed in HAND_WRITTEN, lib/db/schema-engine.ts). The query
// must use exactly the same expression for PostgreSQL to use the index; tests/integration/search.test.ts checks that
// the migration's index definitions are the ones built here.
import type { LedgerKey } from "@/lib/ledgers/types";

export interface LedgerSearchSpec {
  key: LedgerKey;
  /** group heading of the results (任务 / 情报 / 矛盾纠纷 / 企业 …) */
  label: string;
  table: string;
  /** the column that names a record (the ledger's titleField) */
  title: string;
  /** the record's main date column (newest first) */
  date: string;
  /** further searched columns, with the label shown when the match is in one of them */
  fields: { column: string; label: string }[];
}

export const LEDGER_SEARCH: readonly LedgerSearchSpec[] = [
  { key: "intel", label: "情报", table: "intel_items", title: "title", date: "received_at", fields: [] },
  { key: "disputes", label: "矛盾纠纷", table: "disputes", title: "summary", date: "found_on", fields: [{ column: "parties", label: "当事人" }] },
  {
    key: "enterprises",
    label: "企业",
    table: "enterprises",
    title: "name",
    date: "enrolled_on",
    fields: [
      { column: "uscc", label: "统一社会信用代码" },
      { column: "contact_name", label: "企业联系人" },
      { column: "escort_name", label: "护航警官" },
    ],
  },
  { key: "problems", label: "矛盾问题", table: "problem_items", title: "title", date: "found_on", fields: [{ column: "parties", label: "当事人" }, { column: "officer_name", label: "责任民警" }] },
  { key: "stability", label: "创稳工作", table: "stability_events", title: "title", date: "occurred_at", fields: [{ column: "place", label: "发生地点" }] },
  { key: "analysis", label: "分析研判", table: "analysis_sessions", title: "topic", date: "held_on", fields: [{ column: "chair", label: "主持人" }] },
  { key: "verification", label: "核查处置", table: "verifications", title: "verifying_unit", date: "started_on", fields: [] },
  { key: "mechanisms", label: "制度机制", table: "mechanisms", title: "name", date: "issued_on", fields: [{ column: "doc_no", label: "文号" }, { column: "issuer", label: "发文机关" }] },
  { key: "visits", label: "企业走访", table: "enterprise_visits", title: "content", date: "visited_on", fields: [{ column: "officer_name", label: "走访民警" }] },
  { key: "demands", label: "企业诉求", table: "enterprise_demands", title: "content", date: "raised_on", fields: [] },
  { key: "ent_cases", label: "涉企案件", table: "enterprise_cases", title: "case_no", date: "filed_on", fields: [] },
];

/** The indexed text of a row: code, title and the searched fields joined by U+001F (never in a query: control characters are refused). */
export function searchExpr(spec: LedgerSearchSpec): string {
  return `(code || chr(31) || ${[spec.title, ...spec.fields.map((f) => f.column)].map((c) => `coalesce(${c}, '')`).join(" || chr(31) || ")})`;
}

export function searchIndexName(spec: LedgerSearchSpec): string {
  return `${spec.table}_search_trgm_idx`;
}

/** The migration's statement for one table's index. */
export function searchIndexSql(spec: LedgerSearchSpec): string {
  return `CREATE INDEX "${searchIndexName(spec)}" ON "${spec.table}" USING gin (${searchExpr(spec)} gin_trgm_ops);`;
}
