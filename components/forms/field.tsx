"use client";
// The one form field of the platform, used by every form: a label (with 「*」 and the screen-reader word 必填 when
// required), the control, a hint and the error (or a warning to confirm), both tied to the control by
// aria-describedby, aria-invalid on error. Inside an ActionForm the error comes from the action's field errors by
// name; elsewhere (login, filters) pass it. The controls (Input, Textarea, Select, UnitField) take their id and aria
// attributes from the Field around them, so a form only says what is particular to it.
import { type ComponentProps, type ReactNode, createContext, useContext, useEffect, useRef, useState } from "react";
import { fieldError, useFormResult } from "@/components/forms/action-form";
import { DRAFT_CHANGE_EVENT, DRAFT_RESTORE_EVENT } from "@/components/forms/draft-keeper";
import { UnitCombobox } from "@/components/forms/unit-combobox";
import { WarningIcon } from "@/components/icons";
import { cx, inputClass } from "@/components/ui";
import type { PickerUnit } from "@/lib/units/picker";

interface FieldState {
  id: string;
  name: string;
  labelId: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
}

const FieldCtx = createContext<FieldState | null>(null);

/** The attributes a control inside a Field carries (none outside one). */
export function useFieldControl() {
  const f = useContext(FieldCtx);
  return {
    id: f?.id,
    name: f?.name,
    "aria-invalid": f?.invalid ? (true as const) : undefined,
    "aria-describedby": f?.describedBy,
    "aria-required": f?.required ? (true as const) : undefined,
  };
}

/** 「*」 for the eye, 必填 for the screen reader. */
export function RequiredMark() {
  return (
    <>
      <span aria-hidden="true" className="ml-0.5 text-red-600">
        *
      </span>
      <span className="sr-only">（必填）</span>
    </>
  );
}

export interface FieldProps {
  name: string;
  /** the control's id (default: the name) */
  id?: string;
  label: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  /** default: the ActionForm's error for `name` */
  error?: string;
  /** a message to confirm rather than an error (amber, with an icon; the control is not invalid) */
  warning?: string;
  /** "stacked": label above; "inline": label in a column beside the control (statistics entry); "bar": label and
   *  control in one line (the filter bars above lists and tables) */
  layout?: "stacked" | "inline" | "bar";
  className?: string;
  /** "bar": the box the control sits in (its width) */
  controlClassName?: string;
  children: ReactNode;
}

/** The error of a field (the ActionForm's for its name unless given) and the ids that tie hint and message to it. */
function useMessages(name: string, id: string, hint: ReactNode, error: string | undefined, warning?: string) {
  const { result } = useFormResult();
  const err = warning ? undefined : (error ?? fieldError(result, name));
  const hintId = hint ? `${id}-hint` : undefined;
  const messageId = err || warning ? `${id}-error` : undefined;
  return { err, hintId, messageId, describedBy: [hintId, messageId].filter(Boolean).join(" ") || undefined };
}

/** The hint, then the error (red) or the warning (amber, with an icon), under a control. */
function Messages({ hint, hintId, err, warning, messageId, indent }: { hint: ReactNode; hintId?: string; err?: string; warning?: string; messageId?: string; indent?: boolean }) {
  const at = cx("mt-1 text-xs", indent && "ml-6");
  return (
    <>
      {hint ? (
        <p id={hintId} className={cx(at, "text-slate-500")}>
          {hint}
        </p>
      ) : null}
      {err ? (
        <p id={messageId} className={cx(at, "text-red-600")}>
          {err}
        </p>
      ) : warning ? (
        <p id={messageId} className={cx(at, "text-amber-700")}>
          <WarningIcon /> {warning}
        </p>
      ) : null}
    </>
  );
}

const LABEL_CLASS = { stacked: "mb-1 block text-sm font-medium text-slate-700", inline: "pt-2 text-sm text-slate-700", bar: "text-sm text-slate-600" };

export function Field({ name, id = name, label, required = false, hint, error, warning, layout = "stacked", className, controlClassName, children }: FieldProps) {
  const m = useMessages(name, id, hint, error, warning);
  const state: FieldState = { id, name, labelId: `${id}-label`, describedBy: m.describedBy, invalid: !!m.err, required };
  const labelEl = (
    <label id={state.labelId} htmlFor={id} className={LABEL_CLASS[layout]}>
      {label}
      {required ? <RequiredMark /> : null}
    </label>
  );
  const control = (
    <>
      {children}
      <Messages hint={hint} warning={warning} {...m} />
    </>
  );
  return (
    <FieldCtx.Provider value={state}>
      <div
        className={cx(layout === "bar" ? "flex flex-wrap items-center gap-x-2" : layout === "inline" ? "grid grid-cols-[8rem_1fr] items-start gap-x-3" : undefined, className)}
        data-field={name}
      >
        {labelEl}
        {layout === "stacked" ? control : <div className={controlClassName}>{control}</div>}
      </div>
    </FieldCtx.Provider>
  );
}

const BARE = new Set(["file", "range", "checkbox", "radio", "hidden"]);

/** An <input> in a Field: text-like types get the common input style. */
export function Input({ className, ...props }: ComponentProps<"input">) {
  const c = useFieldControl();
  return <input {...c} {...props} className={cx(BARE.has(props.type ?? "text") ? (props.type === "file" ? "block w-full text-sm" : undefined) : inputClass, className)} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  const c = useFieldControl();
  return <textarea {...c} {...props} className={cx(inputClass, className)} />;
}

export interface SelectOption {
  value: string | number;
  label: string;
}

/** A <select> in a Field; `empty` is the first, empty choice (default 请选择; false: none). */
export function Select({ options, empty = "请选择", className, ...props }: Omit<ComponentProps<"select">, "children"> & { options: readonly SelectOption[]; empty?: string | false }) {
  const c = useFieldControl();
  return (
    <select {...c} {...props} className={cx(inputClass, className)}>
      {empty !== false ? <option value="">{empty}</option> : null}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

type Common = Omit<FieldProps, "children" | "warning" | "layout" | "controlClassName">;

export function TextField({ defaultValue, type = "text", autoComplete, maxLength, inputMode, ...field }: Common & { defaultValue?: string | number | null; type?: string; autoComplete?: string; maxLength?: number; inputMode?: ComponentProps<"input">["inputMode"] }) {
  return (
    <Field {...field}>
      <Input type={type} defaultValue={defaultValue ?? undefined} autoComplete={autoComplete} maxLength={maxLength} inputMode={inputMode} />
    </Field>
  );
}

export function TextAreaField({ defaultValue, rows = 4, maxLength, ...field }: Common & { defaultValue?: string | null; rows?: number; maxLength?: number }) {
  return (
    <Field {...field}>
      <Textarea rows={rows} defaultValue={defaultValue ?? ""} maxLength={maxLength} />
    </Field>
  );
}

export function SelectField({ defaultValue, options, empty, ...field }: Common & { defaultValue?: string | number | null; options: readonly SelectOption[]; empty?: string | false }) {
  return (
    <Field {...field}>
      <Select defaultValue={defaultValue ?? ""} options={options} empty={empty} />
    </Field>
  );
}

/** A checkbox with its label beside it, the hint and error under it (tied the same way as every other field). */
export function CheckField({ name, id = name, label, hint, error, defaultChecked, value = "true", className }: { name: string; id?: string; label: ReactNode; hint?: ReactNode; error?: string; defaultChecked?: boolean; value?: string; className?: string }) {
  const m = useMessages(name, id, hint, error);
  return (
    <div className={className} data-field={name}>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" id={id} name={name} value={value} defaultChecked={defaultChecked} aria-invalid={m.err ? true : undefined} aria-describedby={m.describedBy} className="mt-0.5 h-4 w-4 shrink-0" />
        <span>{label}</span>
      </label>
      <Messages hint={hint} indent {...m} />
    </div>
  );
}

/** The unit of a record, picked with the unit combobox; the form sends the unit's value under `name`. */
export function UnitField({ units, defaultValue, ...field }: Common & { units: readonly PickerUnit[]; defaultValue?: PickerUnit["value"] }) {
  return (
    <Field {...field}>
      <UnitControl units={units} defaultValue={defaultValue} />
    </Field>
  );
}

function UnitControl({ units, defaultValue }: { units: readonly PickerUnit[]; defaultValue?: PickerUnit["value"] }) {
  const f = useContext(FieldCtx)!;
  const [value, setValue] = useState(units.some((u) => u.value === defaultValue) ? defaultValue : units[0]?.value);
  const current = units.find((u) => u.value === value);
  // the hidden field is the choice: it joins the form's local draft (data-draft), takes a restored value, and tells
  // the draft of a pick (components/forms/draft-keeper.tsx)
  const hidden = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = hidden.current;
    if (!el) return;
    const take = () => {
      const u = units.find((x) => String(x.value) === el.value);
      if (u) setValue(u.value);
    };
    el.addEventListener(DRAFT_RESTORE_EVENT, take);
    return () => el.removeEventListener(DRAFT_RESTORE_EVENT, take);
  }, [units]);
  return (
    <>
      <input ref={hidden} type="hidden" name={f.name} value={value ?? ""} data-draft />
      <UnitCombobox
        units={units}
        value={value}
        onPick={(u) => {
          setValue(u.value);
          // after React wrote the new value into the hidden field
          window.setTimeout(() => hidden.current?.dispatchEvent(new Event(DRAFT_CHANGE_EVENT, { bubbles: true })));
        }}
        buttonClassName={cx(inputClass, "flex items-center justify-between gap-2 text-left")}
        buttonProps={{
          id: f.id,
          "aria-labelledby": `${f.labelId} ${f.id}-value`,
          "aria-describedby": f.describedBy,
          "aria-invalid": f.invalid || undefined,
          "data-testid": `unit-field-${f.name}`,
        }}
      >
        <span id={`${f.id}-value`}>{current?.name ?? "请选择"}</span>
        <svg aria-hidden="true" viewBox="0 0 10 6" className="h-2 w-2.5 shrink-0 text-slate-500">
          <path d="M0 0 L5 6 L10 0 Z" fill="currentColor" />
        </svg>
      </UnitCombobox>
    </>
  );
}
