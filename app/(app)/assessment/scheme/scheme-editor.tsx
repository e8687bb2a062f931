"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { Field, Textarea } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";

export function SchemeEditor({ action, version, initial, kpis }: { action: (f: FormData) => Promise<ActionResult<unknown>>; version: number; initial: string; kpis: string[] }) {
  return (
    <ActionForm action={action} className="space-y-3" draft={{ id: "assessment-scheme", version }}>
      <input type="hidden" name="version" value={version} />
      <Field
        name="tree"
        label="指标体系 JSON"
        required
        hint={`method：target（目标法，需 target 与 floor）、rank（同级排名）、yoy（同比改善，target 为满分改善幅度、floor 为零分恶化幅度）；scored 为 false 的指标只展示不计分；overdueSupervisionPoints：每件期末逾期督办扣分（0–10，计入 maxDeduct 扣分上限，0 为不扣）。可用指标：${kpis.join("；")}`}
      >
        <Textarea defaultValue={initial} rows={24} spellCheck={false} className="font-mono text-xs" />
      </Field>
      <FormMessage />
      <SubmitButton>保存指标体系</SubmitButton>
    </ActionForm>
  );
}
