"use client";
// A form bound to a server action. Unlike <form action>, it never resets the fields: on any error (validation,
// conflict, network) everything the user typed stays in place, with the messages beside the fields.
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState, useTransition } from "react";
import { type DraftSpec, DraftNote, useDraft } from "@/components/forms/draft-keeper";
import { announce, focusElement } from "@/components/shell/live-region";
import type { ActionResult } from "@/lib/actions/core";
import { REFRESH_FIELD } from "@/lib/actions/refresh-field";

type AnyAction = (input: FormData) => Promise<ActionResult<unknown>>;

interface FormState {
  result: ActionResult<unknown> | null;
  pending: boolean;
}

const Ctx = createContext<FormState>({ result: null, pending: false });

export function useFormResult() {
  return useContext(Ctx);
}

export function fieldError(result: ActionResult<unknown> | null, name: string): string | undefined {
  return result && !result.ok ? result.fieldErrors?.[name] : undefined;
}

export function ActionForm({
  action,
  children,
  className,
  onSuccess,
  refresh = true,
  resetOnSuccess = false,
  confirm,
  draft,
}: {
  action: AnyAction;
  children: ReactNode;
  className?: string;
  onSuccess?: (result: Extract<ActionResult<unknown>, { ok: true }>) => void;
  refresh?: boolean;
  resetOnSuccess?: boolean;
  confirm?: string;
  /** keep a local draft of the fields (long forms an officer fills): see components/forms/draft-keeper.tsx */
  draft?: DraftSpec;
}) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const kept = useDraft(formRef, draft);
  // after each submit: the first invalid field gets the focus, else the result message; the form's message box is a
  // standing polite live region (rendered empty before any result), forms without one use the page's live region
  // (focus never drops to the page body)
  useEffect(() => {
    const form = formRef.current;
    if (!result || !form) return;
    if (!form.querySelector("[data-form-message]")) announce(result.ok ? (result.message ?? "已保存") : result.error);
    const invalid = result.ok ? null : form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) focusElement(invalid);
    else {
      const message = form.querySelector<HTMLElement>("[data-form-message]:not(:empty)");
      if (message) focusElement(message);
      else if (document.activeElement === document.body || !form.contains(document.activeElement)) focusElement(form.querySelector<HTMLElement>("button[type=submit], button") ?? form);
    }
  }, [result]);
  return (
    <Ctx.Provider value={{ result, pending }}>
      <form
        ref={formRef}
        aria-busy={pending || undefined}
        className={className}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (confirm && !window.confirm(confirm)) return;
          const form = e.currentTarget;
          // an empty file input sends an empty unnamed file, which the action encoding turns into a file named
          // "undefined": leave it out, so a form sent without attachments is just that
          const data = new FormData();
          for (const [k, v] of new FormData(form).entries()) if (!(v instanceof File && v.size === 0 && !v.name)) data.append(k, v);
          // the server renders the page again into its answer when the write succeeds (one request, not two)
          if (refresh) data.append(REFRESH_FIELD, "1");
          start(async () => {
            let r: ActionResult<unknown>;
            try {
              r = await action(data);
            } catch {
              r = { ok: false, code: "ERROR", error: "无法连接服务器，您填写的内容仍在表单中，请稍后重试。" };
            }
            setResult(r);
            if (r.ok) {
              if (resetOnSuccess) form.reset();
              kept.clear();
              onSuccess?.(r);
              // an action that did not render the page again with its answer: ask for it
              if (refresh && !r.refreshed) router.refresh();
            }
          });
        }}
      >
        <DraftNote restoredAt={kept.restoredAt} onDiscard={kept.discard} />
        {children}
      </form>
    </Ctx.Provider>
  );
}

/** The form-level message: success, error, or the conflict with the record's current values. */
export function FormMessage({ labels }: { labels?: Record<string, string> }) {
  const { result } = useFormResult();
  // always rendered: a live region present before its text is read reliably by screen readers
  if (!result || (result.ok && !result.message)) return <div role="status" aria-live="polite" className="sr-only" data-form-message />;
  if (result.ok)
    return (
      <div role="status" aria-live="polite" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-form-message tabIndex={-1}>
        {result.message}
      </div>
    );
  return (
    <div role="status" aria-live="polite" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-form-message tabIndex={-1}>
      {result.error}
      {result.code === "CONFLICT" && result.current ? (
        <div className="mt-2 text-xs text-red-800">
          <p className="font-medium">当前保存的内容：</p>
          <ul className="mt-1 list-inside list-disc">
            {Object.entries(result.current)
              .filter(([k]) => k !== "version")
              .map(([k, v]) => (
                <li key={k}>
                  {labels?.[k] ?? k}：{v === null || v === undefined || v === "" ? "（空）" : String(v)}
                </li>
              ))}
          </ul>
          <p className="mt-1">请刷新页面载入最新版本后再修改。</p>
        </div>
      ) : null}
    </div>
  );
}

export function SubmitButton({ children, className, variant = "primary" }: { children: ReactNode; className?: string; variant?: "primary" | "secondary" | "danger" }) {
  const { pending } = useFormResult();
  const tone =
    variant === "primary" ? "bg-police-600 text-white hover:bg-police-700" : variant === "danger" ? "bg-red-600 text-white hover:bg-red-700" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50";
  return (
    <button type="submit" disabled={pending} className={`inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium transition disabled:opacity-50 ${tone} ${className ?? ""}`}>
      {pending ? "正在提交…" : children}
    </button>
  );
}

/**
 * A form of one button that sends `fields` as hidden inputs. `shown={false}` when the action has done its work and the
 * button must go (nothing left unread, the account unlocked): the form itself stays, with its result message, so the
 * message outlives the refresh that removes the button.
 */
export function ButtonForm({
  action,
  fields,
  label,
  shown = true,
  confirm,
  className,
}: {
  action: AnyAction;
  fields: Record<string, string | number>;
  label: string;
  shown?: boolean;
  confirm?: string;
  className?: string;
}) {
  return (
    <ActionForm action={action} confirm={confirm} className={className}>
      {shown ? (
        <>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <SubmitButton variant="secondary">{label}</SubmitButton>
        </>
      ) : null}
      <FormMessage />
    </ActionForm>
  );
}
