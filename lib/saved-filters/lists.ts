// The lists that keep saved filters (保存的筛选), and for each: where it lives, who may read it, how a query string is
// re-read (through the list's own parser, lib/http/query.ts — a stored value is never trusted), and its built-in
// presets. Keys: "tasks", "ledger:<key>".
import { type Permission, can } from "@/lib/auth/permissions";
import { LEDGER_KEYS, ledgerConfig } from "@/lib/ledgers/configs";
import { ledgerFilterQuery, parseLedgerParams } from "@/lib/ledgers/queries";
import { parseTaskParams, taskFilterQuery } from "@/lib/tasks/queries";
import { shanghaiYearMonth } from "@/lib/time";

export const SAVED_FILTER_NAME_MAX = 20;
/** saved filters per user and list */
export const SAVED_FILTER_LIMIT = 20;

export const SAVED_LIST_KEYS = ["tasks", ...LEDGER_KEYS.map((k) => `ledger:${k}` as const)] as [string, ...string[]];

export interface SavedList {
  key: string;
  path: string;
  permission: Permission;
  /** the filter part of a query string, as the list parses it ("" when nothing of it is a filter) */
  normalize: (query: string) => string;
}

export function savedList(key: string): SavedList | null {
  if (key === "tasks") return { key, path: "/tasks", permission: "task:read", normalize: (q) => taskFilterQuery(parseTaskParams(new URLSearchParams(q))) };
  const config = key.startsWith("ledger:") ? ledgerConfig(key.slice("ledger:".length)) : null;
  if (!config) return null;
  return { key, path: `/ledgers/${config.key}`, permission: "ledger:read", normalize: (q) => ledgerFilterQuery(config, parseLedgerParams(config, new URLSearchParams(q))) };
}

/** Where a filter of the list leads: the list with the (re-parsed) query. */
export function savedFilterHref(list: SavedList, query: string): string {
  const q = list.normalize(query);
  // a bare /tasks would open the remembered filter instead
  return q ? `${list.path}?${q}` : list.key === "tasks" ? "/tasks?status=open" : list.path;
}

export interface Preset {
  name: string;
  href: string;
}

/** The built-in filters of a list for this user (computed when shown: 「本月新增」 is always the current month). */
export function listPresets(key: string, user: { role: string; unitCode: string }, now = new Date()): Preset[] {
  if (key === "tasks") {
    const out: Preset[] = [{ name: "我的逾期", href: `/tasks?${new URLSearchParams({ rag: "overdue", unit: user.unitCode })}` }];
    if (can(user.role, "task:review")) out.push({ name: "待我审核", href: "/reviews" });
    return out;
  }
  const config = key.startsWith("ledger:") ? ledgerConfig(key.slice("ledger:".length)) : null;
  if (!config) return [];
  const { year, month } = shanghaiYearMonth(now);
  const first = `${year}-${String(month).padStart(2, "0")}-01`;
  return [{ name: "本月新增", href: `/ledgers/${config.key}?${new URLSearchParams({ [`${config.dateField}_from`]: first })}` }];
}
