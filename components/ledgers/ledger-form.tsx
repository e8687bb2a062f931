"use client";
// One form for every ledger, generated from the field definitions.
import { useRouter } from "next/navigation";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { CheckField, Field, Input, Select, Textarea, UnitField } from "@/components/forms/field";
import { cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";
import type { FormField } from "@/lib/ledgers/types";
import type { PickerUnit } from "@/lib/units/picker";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

function LedgerField({ f, value }: { f: FormField; value: string }) {
  const wide = cx(f.wide && "sm:col-span-2");
  if (f.type === "bool") return <CheckField name={f.key} label={f.label} hint={f.hint} defaultChecked={value === "true"} className={cx(wide, "sm:pt-6")} />;
  let control;
  switch (f.type) {
    case "longtext":
      control = <Textarea defaultValue={value} rows={4} maxLength={f.max} />;
      break;
    case "date":
      control = <Input type="date" defaultValue={value} />;
      break;
    case "datetime":
      control = <Input type="datetime-local" defaultValue={value} />;
      break;
    case "int":
      control = <Input type="number" inputMode="numeric" min={f.min} max={f.max} step={1} defaultValue={value} />;
      break;
    case "enum":
      control = <Select defaultValue={value} options={f.options ?? []} empty={f.required ? "请选择" : "（不填）"} />;
      break;
    default:
      control = <Input type="text" defaultValue={value} maxLength={f.max} />;
  }
  return (
    <Field name={f.key} label={f.label} required={f.required} hint={f.hint} className={wide}>
      {control}
    </Field>
  );
}

export function LedgerForm({
  ledger,
  action,
  fields,
  values,
  units,
  unit,
  record,
  labels,
}: {
  ledger: string;
  action: Action;
  fields: FormField[];
  values: Record<string, string>;
  /** create: the units the record may belong to, and the one picked at first */
  units?: PickerUnit[];
  unit?: number;
  /** edit: the record */
  record?: { id: number; version: number };
  labels?: Record<string, string>;
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={action}
      className="grid grid-cols-1 gap-4 sm:grid-cols-2"
      draft={record ? { id: `ledger:${ledger}:${record.id}`, version: record.version } : { id: `ledger-new:${ledger}` }}
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
      {units ? <UnitField name="unitId" label="所属单位" required units={units} defaultValue={unit} className="sm:col-span-2" /> : null}
      {fields.map((f) => (
        <LedgerField key={f.key} f={f} value={values[f.key] ?? ""} />
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
