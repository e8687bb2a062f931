"use client";
// The local draft of a long form (lib/drafts.ts holds the storage rules). An ActionForm given `draft` saves its
// fields to localStorage a moment after each edit (and at once when the page goes away — the idle sign-out, a closed
// tab), puts them back when the form opens again for the same user, with the note 「已恢复未提交的草稿（时间）」
// and 「丢弃草稿」, and clears the draft after a successful submit. Files, passwords and hidden fields are never kept
// (a hidden field that stands for a visible choice, like the unit picker's, opts in with data-draft). The layout's
// <DraftOwner> names the signed-in user and removes anyone else's drafts; 退出登录 calls forgetDrafts().
// Purely an enhancement after hydration: the server-rendered form is unchanged.
import { type RefObject, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { type DraftEntry, clearAllDrafts, keepOnlyDraftsOf, loadDraft, planRestore, removeDraft, saveDraft } from "@/lib/drafts";
import { formatDateTime } from "@/lib/format-dates";

export interface DraftSpec {
  /** the form and the record it edits, e.g. `task-progress:123`, `ledger:disputes:45` */
  id: string;
  /** the record's version: a draft typed against another version is dropped rather than overwriting newer data */
  version?: string | number | null;
}

/** Fired (bubbling) by controls that change a field without an input event (the unit picker's hidden field). */
export const DRAFT_CHANGE_EVENT = "pingan:draftchange";
/** Fired at a data-draft hidden field whose value a restore changed, so its owner can take the value. */
export const DRAFT_RESTORE_EVENT = "pingan:draftrestore";

const SAVE_DELAY_MS = 500;

// ---- the signed-in user (set by the layout's <DraftOwner>) ----
let owner: string | null = null;
const listeners = new Set<() => void>();
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** In the app layout: the signed-in user's id. Drafts of other users on this browser are removed. */
export function DraftOwner({ userId }: { userId: string }) {
  useEffect(() => {
    const store = storage();
    if (store) keepOnlyDraftsOf(store, userId);
    owner = userId;
    for (const fn of listeners) fn();
  }, [userId]);
  return null;
}

/** Explicit 退出登录: no draft stays behind on this browser. */
export function forgetDrafts() {
  const store = storage();
  if (store) clearAllDrafts(store);
}

// ---- the form's fields ----
type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const SKIPPED = new Set(["file", "password", "submit", "button", "reset", "image"]);
const checkable = (el: Control): el is HTMLInputElement => el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio");

function draftFields(form: HTMLFormElement): Control[] {
  return [...form.elements].filter((el): el is Control => {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) return false;
    if (!el.name || el.disabled || el.closest("[data-no-draft]")) return false;
    if (el instanceof HTMLInputElement && (SKIPPED.has(el.type) || (el.type === "hidden" && !el.hasAttribute("data-draft")))) return false;
    return el.autocomplete !== "one-time-code";
  });
}

function snapshot(fields: Control[]): DraftEntry[] {
  return fields.map((el) => (checkable(el) ? [el.name, el.value, el.checked] : [el.name, el.value]));
}

/** Sets a field as if typed, so React's controlled fields take the value too. */
function setValue(el: Control, value: string) {
  if (el.value === value) return;
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(el, value);
  if (el instanceof HTMLInputElement && el.type === "hidden") el.dispatchEvent(new Event(DRAFT_RESTORE_EVENT));
  else el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
}

function apply(form: HTMLFormElement, entries: DraftEntry[]) {
  const fields = draftFields(form);
  const plan = planRestore(snapshot(fields), entries);
  fields.forEach((el, i) => {
    const e = plan[i];
    if (!e) return;
    if (checkable(el)) {
      const want = e[2] === true;
      // a click, so that React's state follows; a radio is unchecked by checking another
      if (el.checked !== want && (want || el.type === "checkbox")) el.click();
    } else setValue(el, e[1]);
  });
}

/** The draft of the form in `formRef` (nothing when `spec` is absent). */
export function useDraft(formRef: RefObject<HTMLFormElement | null>, spec: DraftSpec | undefined) {
  const user = useSyncExternalStore(subscribe, () => owner, () => null);
  const [restoredAt, setRestoredAt] = useState<number | null>(null);
  const initial = useRef<DraftEntry[]>([]);
  const cancel = useRef<() => void>(() => {});
  const id = spec?.id;
  const version = spec?.version === undefined || spec.version === null ? null : String(spec.version);

  useEffect(() => {
    const form = formRef.current;
    const store = storage();
    if (!form || !id || !user || !store) return;
    let applying = false;
    let timer: number | undefined;
    initial.current = snapshot(draftFields(form));
    const draft = loadDraft(store, user, id, version);
    if (draft) {
      applying = true;
      apply(form, draft.entries);
      applying = false;
    }
    setRestoredAt(draft ? draft.savedAt : null);

    const save = () => {
      timer = undefined;
      if (!saveDraft(store, user, id, version, snapshot(draftFields(form)), initial.current)) setRestoredAt(null);
    };
    const onEdit = () => {
      if (applying) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY_MS);
    };
    const flush = () => {
      if (timer !== undefined) {
        window.clearTimeout(timer);
        save();
      }
    };
    const onHidden = () => document.visibilityState === "hidden" && flush();
    cancel.current = () => {
      window.clearTimeout(timer);
      timer = undefined;
    };
    const events = ["input", "change", DRAFT_CHANGE_EVENT];
    for (const ev of events) form.addEventListener(ev, onEdit);
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      flush();
      for (const ev of events) form.removeEventListener(ev, onEdit);
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [formRef, id, version, user]);

  /** After a successful submit: the draft goes, and what the form now shows is its new starting point. */
  const clear = useCallback(() => {
    cancel.current();
    const form = formRef.current;
    const store = storage();
    if (form) initial.current = snapshot(draftFields(form));
    if (store && user && id) removeDraft(store, user, id);
    setRestoredAt(null);
  }, [formRef, id, user]);

  /** 「丢弃草稿」: the form goes back to what it showed before the restore. */
  const discard = useCallback(() => {
    cancel.current();
    const form = formRef.current;
    const store = storage();
    if (form) apply(form, initial.current);
    if (store && user && id) removeDraft(store, user, id);
    setRestoredAt(null);
  }, [formRef, id, user]);

  return { restoredAt, clear, discard };
}


/** 「已恢复未提交的草稿（时间）」 with 「丢弃草稿」. */
export function DraftNote({ restoredAt, onDiscard }: { restoredAt: number | null; onDiscard: () => void }) {
  if (restoredAt === null) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-1.5 text-sm text-sky-900 sm:col-span-full" data-testid="draft-note">
      <p role="status">已恢复未提交的草稿（{formatDateTime(restoredAt, { seconds: false })}）</p>
      <button type="button" onClick={onDiscard} className="inline-flex min-h-11 items-center rounded-md border border-sky-300 bg-white px-3 text-sm text-sky-900 hover:bg-sky-100 md:min-h-8">
        丢弃草稿
      </button>
    </div>
  );
}
