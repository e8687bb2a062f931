// Local drafts of long forms (issue 12, 「长表单本地草稿」): what an officer typed survives an idle sign-out or an
// expired session and is put back after signing in again; an explicit 退出登录 and a successful submit clear it.
// Stored in the browser's localStorage under the user's id and the form's id, so another user of the same browser
// never sees it (and drafts of anyone else are removed when a user signs in). Only the values of ordinary fields are
// kept — never files, passwords or hidden fields (components/forms/draft-keeper.tsx decides what a field is).
// Pure logic over a Storage, tested in tests/unit/drafts.test.ts.

export const DRAFT_PREFIX = "pingan.draft.v1:";
/** A draft nobody came back to for this long is dropped. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

/** A form's fields, in document order: [name, value] for text-like fields and selects, [name, value, checked] for
 *  checkboxes and radio buttons. */
export type DraftEntry = [string, string] | [string, string, boolean];

export interface Draft {
  /** the record's version the draft was typed against (a draft of an older version is not restored) */
  version: string | null;
  savedAt: number;
  entries: DraftEntry[];
}

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

export function draftKey(userId: string, formId: string): string {
  return `${DRAFT_PREFIX}${userId}:${formId}`;
}

function ownerOf(key: string): string | null {
  if (!key.startsWith(DRAFT_PREFIX)) return null;
  const rest = key.slice(DRAFT_PREFIX.length);
  const i = rest.indexOf(":");
  return i < 0 ? null : rest.slice(0, i);
}

function keys(store: Store): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k?.startsWith(DRAFT_PREFIX)) out.push(k);
  }
  return out;
}

/** Two snapshots hold the same values. */
export function sameEntries(a: DraftEntry[], b: DraftEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.length === b[i].length && e.every((x, j) => x === b[i][j]));
}

function isEntry(e: unknown): e is DraftEntry {
  return Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string" && (e.length === 2 || (e.length === 3 && typeof e[2] === "boolean"));
}

/** Saves the form's values, or removes the draft when they are the form's own (nothing typed). Storage that is
 *  full or switched off (private mode) only loses the draft, never the form. */
export function saveDraft(store: Store, userId: string, formId: string, version: string | null, entries: DraftEntry[], initial: DraftEntry[], now = Date.now()): Draft | null {
  const key = draftKey(userId, formId);
  try {
    if (sameEntries(entries, initial)) {
      store.removeItem(key);
      return null;
    }
    const draft: Draft = { version, savedAt: now, entries };
    store.setItem(key, JSON.stringify(draft));
    return draft;
  } catch {
    return null;
  }
}

/** The user's draft of this form typed against this version; a draft of another version, too old or unreadable is
 *  removed and not returned. */
export function loadDraft(store: Store, userId: string, formId: string, version: string | null, now = Date.now()): Draft | null {
  const key = draftKey(userId, formId);
  try {
    const raw = store.getItem(key);
    if (raw === null) return null;
    const d = JSON.parse(raw) as Partial<Draft>;
    const valid =
      d && typeof d.savedAt === "number" && (d.version === null || typeof d.version === "string") && Array.isArray(d.entries) && d.entries.every(isEntry);
    if (!valid || d.version !== version || now - d.savedAt! > DRAFT_MAX_AGE_MS || d.savedAt! > now + 60_000) {
      store.removeItem(key);
      return null;
    }
    return d as Draft;
  } catch {
    removeDraft(store, userId, formId); // unreadable
    return null;
  }
}

export function removeDraft(store: Store, userId: string, formId: string): void {
  try {
    store.removeItem(draftKey(userId, formId));
  } catch {
    /* storage switched off */
  }
}

/** Explicit 退出登录: every draft on this browser goes (the user's own, and any other left behind). */
export function clearAllDrafts(store: Store): number {
  try {
    const ks = keys(store);
    for (const k of ks) store.removeItem(k);
    return ks.length;
  } catch {
    return 0;
  }
}

/** A user signed in: drafts of anyone else on this browser are removed, and the user's own expired ones. */
export function keepOnlyDraftsOf(store: Store, userId: string, now = Date.now()): number {
  let removed = 0;
  try {
    for (const k of keys(store)) {
      let stale = ownerOf(k) !== userId;
      if (!stale) {
        try {
          const d = JSON.parse(store.getItem(k) ?? "null") as Partial<Draft> | null;
          stale = !d || typeof d.savedAt !== "number" || now - d.savedAt > DRAFT_MAX_AGE_MS;
        } catch {
          stale = true;
        }
      }
      if (stale) {
        store.removeItem(k);
        removed++;
      }
    }
  } catch {
    /* storage switched off */
  }
  return removed;
}

/** Puts a draft's values onto the current fields: for each field (in document order) the next saved value of the same
 *  name and kind. Returns the value to give each field, by index; null where the draft has nothing for it. */
export function planRestore(fields: DraftEntry[], draft: DraftEntry[]): (DraftEntry | null)[] {
  const queues = new Map<string, DraftEntry[]>();
  const slot = (e: DraftEntry) => `${e.length === 3 ? "c" : "v"}:${e[0]}${e.length === 3 ? `=${e[1]}` : ""}`;
  for (const e of draft) {
    const k = slot(e);
    const q = queues.get(k);
    if (q) q.push(e);
    else queues.set(k, [e]);
  }
  return fields.map((f) => queues.get(slot(f))?.shift() ?? null);
}
