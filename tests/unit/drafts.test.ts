// Local drafts of long forms (lib/drafts.ts): kept per user and form, only when something was typed, dropped when the
// record moved to another version or the draft is too old, never shown to another user (removed when one signs in),
// all gone at an explicit logout; a full or switched-off storage never breaks the form.
import { describe, expect, it } from "vitest";
import {
  DRAFT_MAX_AGE_MS,
  type DraftEntry,
  clearAllDrafts,
  draftKey,
  keepOnlyDraftsOf,
  loadDraft,
  planRestore,
  removeDraft,
  saveDraft,
} from "@/lib/drafts";

class MemoryStorage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  keys() {
    return [...this.m.keys()];
  }
}

const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);
const initial: DraftEntry[] = [
  ["percent", "40"],
  ["content", ""],
];
const typed: DraftEntry[] = [
  ["percent", "60"],
  ["content", "走访了 12 家企业"],
];

describe("saving and loading a draft", () => {
  it("keeps what was typed, under the user and the form, and gives it back for the same version", () => {
    const s = new MemoryStorage();
    const saved = saveDraft(s, "7", "task-progress:12", null, typed, initial, T0);
    expect(saved).toEqual({ version: null, savedAt: T0, entries: typed });
    expect(s.keys()).toEqual([draftKey("7", "task-progress:12")]);
    expect(loadDraft(s, "7", "task-progress:12", null, T0 + 60_000)).toEqual(saved);
    // another user, another form: nothing
    expect(loadDraft(s, "8", "task-progress:12", null, T0)).toBeNull();
    expect(loadDraft(s, "7", "task-progress:13", null, T0)).toBeNull();
    // user "7" is not user "70" and form 1 is not form 12
    expect(loadDraft(s, "70", "task-progress:12", null, T0)).toBeNull();
  });

  it("keeps nothing when the fields are back to the form's own values", () => {
    const s = new MemoryStorage();
    saveDraft(s, "7", "f", null, typed, initial, T0);
    expect(saveDraft(s, "7", "f", null, initial.map((e) => [...e] as DraftEntry), initial, T0)).toBeNull();
    expect(s.length).toBe(0);
  });

  it("drops a draft typed against another version of the record (it would overwrite newer data)", () => {
    const s = new MemoryStorage();
    saveDraft(s, "7", "ledger:disputes:5", "3", typed, initial, T0);
    expect(loadDraft(s, "7", "ledger:disputes:5", "4", T0)).toBeNull();
    expect(s.length).toBe(0);
    saveDraft(s, "7", "ledger:disputes:5", "3", typed, initial, T0);
    expect(loadDraft(s, "7", "ledger:disputes:5", "3", T0)?.entries).toEqual(typed);
  });

  it("drops drafts that are too old, from the future, or unreadable", () => {
    const s = new MemoryStorage();
    saveDraft(s, "7", "f", null, typed, initial, T0);
    expect(loadDraft(s, "7", "f", null, T0 + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    saveDraft(s, "7", "f", null, typed, initial, T0 + 3_600_000);
    expect(loadDraft(s, "7", "f", null, T0)).toBeNull();
    for (const junk of ["{", "null", '{"savedAt":1}', JSON.stringify({ version: null, savedAt: T0, entries: [["a", 1]] })]) {
      s.setItem(draftKey("7", "f"), junk);
      expect(loadDraft(s, "7", "f", null, T0), junk).toBeNull();
      expect(s.length, junk).toBe(0);
    }
  });

  it("a full or switched-off storage loses the draft, never throws", () => {
    const broken = {
      length: 0,
      key: () => null,
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(saveDraft(broken, "7", "f", null, typed, initial, T0)).toBeNull();
    expect(loadDraft(broken, "7", "f", null, T0)).toBeNull();
    expect(() => removeDraft(broken, "7", "f")).not.toThrow();
    expect(keepOnlyDraftsOf(broken, "7", T0)).toBe(0);
    expect(clearAllDrafts(broken)).toBe(0);
  });
});

describe("users and logout", () => {
  it("a user signing in removes everyone else's drafts and their own expired ones", () => {
    const s = new MemoryStorage();
    saveDraft(s, "7", "a", null, typed, initial, T0);
    saveDraft(s, "7", "old", null, typed, initial, T0 - DRAFT_MAX_AGE_MS - 1);
    saveDraft(s, "8", "a", null, typed, initial, T0);
    saveDraft(s, "70", "b", null, typed, initial, T0);
    s.setItem("pingan_tasks_filter", "keep me"); // not a draft
    expect(keepOnlyDraftsOf(s, "7", T0)).toBe(3);
    expect(s.keys().sort()).toEqual([draftKey("7", "a"), "pingan_tasks_filter"].sort());
  });

  it("an explicit logout removes every draft on the browser and nothing else", () => {
    const s = new MemoryStorage();
    saveDraft(s, "7", "a", null, typed, initial, T0);
    saveDraft(s, "7", "b", "2", typed, initial, T0);
    saveDraft(s, "8", "a", null, typed, initial, T0);
    s.setItem("column-chooser", "[]");
    expect(clearAllDrafts(s)).toBe(3);
    expect(s.keys()).toEqual(["column-chooser"]);
  });
});

describe("putting a draft back onto the fields", () => {
  it("matches fields by name and kind, in order, and checkboxes by name and value", () => {
    const fields: DraftEntry[] = [
      ["unitIds", "1", false],
      ["unitIds", "2", false],
      ["deadline", "2026-12-31"],
      ["note", ""],
      ["note", ""],
      ["newField", ""],
    ];
    const draft: DraftEntry[] = [
      ["note", "第一条"],
      ["unitIds", "2", true],
      ["note", "第二条"],
      ["gone", "x"],
      ["deadline", "2026-12-20"],
    ];
    expect(planRestore(fields, draft)).toEqual([null, ["unitIds", "2", true], ["deadline", "2026-12-20"], ["note", "第一条"], ["note", "第二条"], null]);
  });
});
