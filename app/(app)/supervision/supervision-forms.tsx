"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { Field, Input, SelectField, TextAreaField, TextField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";
import { SUPERVISION_LEVEL_LABELS } from "@/lib/supervision/labels";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

const FILES_HINT = "PDF、JPG、PNG、DOCX、XLSX，每个不超过 10 MB，每次最多 3 个";
const LEVELS = Object.entries(SUPERVISION_LEVEL_LABELS).map(([value, label]) => ({ value, label }));

export function IssueForm({
  action,
  target,
  units,
  preselectUnit,
  today,
}: {
  action: Action;
  target: { targetKind: string; assignmentId?: number; ledgerKey?: string; recordId?: number; unitName?: string } | null;
  units: { id: number; label: string; depth: number }[];
  preselectUnit?: number;
  today: string;
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={action}
      className="space-y-3"
      refresh={false}
      onSuccess={(r) => {
        const code = (r.data as { code?: string } | undefined)?.code;
        if (code) router.push(`/supervision/${encodeURIComponent(code)}`);
      }}
    >
      <input type="hidden" name="targetKind" value={target?.targetKind ?? "UNIT"} />
      {target?.assignmentId ? <input type="hidden" name="assignmentId" value={target.assignmentId} /> : null}
      {target?.ledgerKey ? <input type="hidden" name="ledgerKey" value={target.ledgerKey} /> : null}
      {target?.recordId ? <input type="hidden" name="recordId" value={target.recordId} /> : null}
      {target ? null : (
        <SelectField
          name="unitId"
          label="督办单位"
          required
          defaultValue={preselectUnit ?? null}
          options={units.map((u) => ({ value: String(u.id), label: `${"　".repeat(Math.max(0, u.depth - 1))}${u.label}` }))}
          hint="本单位的下级单位"
        />
      )}
      <SelectField name="level" label="督办级别" required defaultValue="SUPERVISE" options={LEVELS} empty={false} hint="提醒、督办、挂牌督办（由轻到重）" />
      <TextField name="subject" label="督办事项" required maxLength={200} hint="督办什么，一句话" />
      <TextAreaField name="reason" label="督办理由" required rows={4} hint="为什么督办：问题、依据、要求" />
      <TextField name="replyDue" label="答复期限" type="date" required defaultValue={null} hint={`北京时间，不早于 ${today}`} />
      <FormMessage />
      <SubmitButton>下发督办</SubmitButton>
    </ActionForm>
  );
}

export function ReplyForm({ action, id, version }: { action: Action; id: number; version: number }) {
  return (
    <ActionForm action={action} className="space-y-3" resetOnSuccess>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <TextAreaField name="text" label="答复内容" required rows={5} hint="落实情况、整改措施、结果" />
      <Field name="files" label="佐证材料" hint={`${FILES_HINT}；手机可直接拍照`}>
        <Input type="file" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png,.docx,.xlsx" className="min-h-11 md:min-h-0" data-testid="reply-files" />
      </Field>
      <FormMessage />
      <SubmitButton>提交答复</SubmitButton>
    </ActionForm>
  );
}

export function DecideForm({ action, id, version }: { action: Action; id: number; version: number }) {
  const [decision, setDecision] = useState<"ACCEPT" | "RETURN">("ACCEPT");
  return (
    <ActionForm action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">验收结论</legend>
        <label className="flex min-h-11 items-center gap-1.5 md:min-h-0">
          <input type="radio" name="decision" value="ACCEPT" checked={decision === "ACCEPT"} onChange={() => setDecision("ACCEPT")} /> 办结
        </label>
        <label className="flex min-h-11 items-center gap-1.5 md:min-h-0">
          <input type="radio" name="decision" value="RETURN" checked={decision === "RETURN"} onChange={() => setDecision("RETURN")} /> 退回
        </label>
      </fieldset>
      <TextAreaField name="reason" label={decision === "RETURN" ? "退回理由" : "验收意见"} rows={3} required={decision === "RETURN"} />
      <FormMessage />
      <SubmitButton variant={decision === "RETURN" ? "danger" : "primary"}>{decision === "RETURN" ? "退回答复" : "验收办结"}</SubmitButton>
    </ActionForm>
  );
}

export function CancelForm({ action, id, version }: { action: Action; id: number; version: number }) {
  return (
    <ActionForm action={action} className="space-y-3" confirm="撤销后该督办单不再需要答复。确定撤销？">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <TextAreaField name="reason" label="撤销理由" required rows={2} />
      <FormMessage />
      <SubmitButton variant="secondary">撤销督办</SubmitButton>
    </ActionForm>
  );
}
