"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { CheckField, SelectField, TextField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

export function EditUnitForm({ action, unit }: { action: Action; unit: { id: number; version: number; name: string; shortName: string | null; active: boolean } }) {
  return (
    <ActionForm action={action} className="grid max-w-xl grid-cols-1 gap-4">
      <input type="hidden" name="id" value={unit.id} />
      <input type="hidden" name="version" value={unit.version} />
      <TextField name="name" label="单位名称" defaultValue={unit.name} required />
      <TextField name="shortName" label="简称" defaultValue={unit.shortName} />
      <CheckField name="active" label="启用" defaultChecked={unit.active} />
      <FormMessage labels={{ name: "单位名称", shortName: "简称", active: "启用" }} />
      <div>
        <SubmitButton>保存</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function CreateChildUnitForm({ action, parentId, levels }: { action: Action; parentId: number; levels: { value: string; label: string }[] }) {
  return (
    <ActionForm action={action} className="grid max-w-xl grid-cols-1 gap-4" resetOnSuccess>
      <input type="hidden" name="parentId" value={parentId} />
      <SelectField name="level" label="单位类型" options={levels} required defaultValue={levels.length === 1 ? levels[0].value : undefined} />
      <TextField name="name" label="单位名称" required hint="例如：城关区雁滩派出所" />
      <TextField name="shortName" label="简称" />
      <TextField name="code" label="单位代码" hint="留空则自动编号" />
      <FormMessage />
      <div>
        <SubmitButton>新建下级单位</SubmitButton>
      </div>
    </ActionForm>
  );
}
