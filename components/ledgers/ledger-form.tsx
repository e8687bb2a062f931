"use client";
// One form for every ledger, generated from the field definitions.
import { useRouter } from "next/navigation";
import { ActionForm, FormMessage, SubmitButton, fieldError, useFormResult } from "@/components/forms/action-form";
import { cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";
import type { FormField } from "@/lib/ledgers/types";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

const control =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-police-500 focus:outline-none focus:ring-1 focus:ring-police-500 aria-[invalid=true]:border-red-500";

function FieldControl({ f, value }: { f: FormField; value: string }) {
  const { result } = useFormResult();
  const error = fieldError(result, f.key);
  const common = { id: f.key, name: f.key, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${f.key}-error` : undefined } as const;
  let input;
  switch (f.type) {
    case "longtext":
      input = <textarea {...common} defaultValue={value} rows={4} maxLength={f.max} className={control} />;
      break;
    case "date":
      input = <input {...common} type="date" defaultValue={value} className={control} />;
      break;
    case "datetime":
      input = <input {...common} type="datetime-local" defaultValue={value} className={control} />;
      break;
    case "int":
      input = <input {...common} type="number" inputMode="numeric" min={f.min} max={f.max} step={1} defaultValue={value} className={control} />;
      break;
    case "enum":
      input = (
        <select {...common} defaultValue={value} className={control}>
          <option value="">{f.required ? "请选择" : "（不填）"}</option>
          {f.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case "bool":
      return (
        <label className="flex items-center gap-2 pt-6 text-sm text-slate-700">
          <input type="checkbox" name={f.key} id={f.key} value="true" defaultChecked={value === "true"} className="h-4 w-4" />
          {f.label}
          {error ? <span className="text-xs text-red-600">{error}</span> : null}
        </label>
      );
    default:
      input = <input {...common} type="text" defaultValue={value} maxLength={f.max} className={control} />;
  }
  return (
    <div className={cx(f.wide && "sm:col-span-2")}>
      <label htmlFor={f.key} className="mb-1 block text-sm font-medium text-slate-700">
        {f.label}
        {f.required ? <span className="ml-0.5 text-red-600">*</span> : null}
      </label>
      {input}
      {error ? (
        <p id={`${f.key}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : f.hint ? (
        <p className="mt-1 text-xs text-slate-500">{f.hint}</p>
      ) : null}
    </div>
  );
}

export function LedgerForm({
  ledger,
  action,
  fields,
  values,
  units,
  record,
  labels,
}: {
  ledger: string;
  action: Action;
  fields: FormField[];
  values: Record<string, string>;
  /** create: the units the record may belong to */
  units?: { value: number; label: string }[];
  /** edit: the record */
  record?: { id: number; version: number };
  labels?: Record<string, string>;
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={action}
      className="grid grid-cols-1 gap-4 sm:grid-cols-2"
      onSuccess={(r) => {
        if (!record) router.push(`/ledgers/${ledger}/${(r.data as { id: number }).id}?created=1`);
      }}
    >
      <input type="hidden" name="ledger" value={ledger} />
      {record ? (
        <>
          <input type="hidden" name="id" value={record.id} />
          <input type="hidden" name="version" value={record.version} />
        </>
      ) : null}
      {units ? <UnitSelect units={units} /> : null}
      {fields.map((f) => (
        <FieldControl key={f.key} f={f} value={values[f.key] ?? ""} />
      ))}
      <div className="sm:col-span-2">
        <FormMessage labels={labels} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>{record ? "保存修改" : "登记"}</SubmitButton>
      </div>
    </ActionForm>
  );
}

function UnitSelect({ units }: { units: { value: number; label: string }[] }) {
  const { result } = useFormResult();
  const error = fieldError(result, "unitId");
  return (
    <div className="sm:col-span-2">
      <label htmlFor="unitId" className="mb-1 block text-sm font-medium text-slate-700">
        所属单位<span className="ml-0.5 text-red-600">*</span>
      </label>
      <select id="unitId" name="unitId" defaultValue={units[0]?.value} className={control} aria-invalid={error ? true : undefined} aria-describedby={error ? "unitId-error" : undefined}>
        {units.map((u) => (
          <option key={u.value} value={u.value}>
            {u.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id="unitId-error" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
