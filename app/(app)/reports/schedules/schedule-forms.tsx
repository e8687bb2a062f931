"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { TextField, UnitField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

type Action = (f: FormData) => Promise<ActionResult<unknown>>;

export function ScheduleForm({ action, units }: { action: Action; units: PickerUnit[] }) {
  return (
    <ActionForm action={action} className="space-y-3" resetOnSuccess>
      <UnitField name="unitId" label="单位" units={units} required />
      <TextField name="dayOfMonth" label="每月几日生成" type="number" defaultValue={3} required hint="1–28 日；生成上个月的月报" />
      <FormMessage />
      <SubmitButton>保存计划</SubmitButton>
    </ActionForm>
  );
}

export function ScheduleToggle({ action, id, version, active }: { action: Action; id: number; version: number; active: boolean }) {
  return (
    <ActionForm action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <SubmitButton variant="secondary">{active ? "停用" : "启用"}</SubmitButton>
      <FormMessage />
    </ActionForm>
  );
}
