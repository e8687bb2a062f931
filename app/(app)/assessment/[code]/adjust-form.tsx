"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { SelectField, TextField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

export function AdjustForm({ action, unitId, period, indicators }: { action: Action; unitId: number; period: string; indicators: { value: string; label: string }[] }) {
  return (
    <ActionForm action={action} className="space-y-3" resetOnSuccess draft={{ id: `assessment-adjust:${unitId}:${period}` }}>
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="period" value={period} />
      <SelectField name="indicator" label="所属指标" options={indicators} required />
      <TextField name="points" label="分值" type="number" required hint="加分为正数，扣分为负数，例如 -2" />
      <TextField name="reason" label="加减分事由" required />
      <TextField name="evidence" label="佐证材料" required hint="文件名称、文号或台账编号" />
      <FormMessage />
      <SubmitButton>登记</SubmitButton>
    </ActionForm>
  );
}

export function RemoveAdjustmentButton({ action, id, version }: { action: Action; id: number; version: number }) {
  return (
    <ActionForm action={action} className="mt-1 flex items-center gap-2" confirm="确定撤销该加减分项？">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="reason" value="审核人撤销" />
      <SubmitButton variant="secondary">撤销</SubmitButton>
      <FormMessage />
    </ActionForm>
  );
}
