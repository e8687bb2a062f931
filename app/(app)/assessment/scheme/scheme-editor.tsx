"use client";
import { ActionForm, FormMessage, SubmitButton, fieldError, useFormResult } from "@/components/forms/action-form";
import type { ActionResult } from "@/lib/actions/core";

function TreeField({ initial }: { initial: string }) {
  const { result } = useFormResult();
  const error = fieldError(result, "tree");
  return (
    <div>
      <textarea name="tree" defaultValue={initial} rows={24} spellCheck={false} aria-label="指标体系 JSON" aria-invalid={error ? true : undefined} aria-describedby={error ? "tree-error" : undefined} className="block w-full rounded-md border border-slate-300 p-2 font-mono text-xs aria-[invalid=true]:border-red-500" />
      {error ? (
        <p id="tree-error" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SchemeEditor({ action, version, initial, kpis }: { action: (f: FormData) => Promise<ActionResult<unknown>>; version: number; initial: string; kpis: string[] }) {
  return (
    <ActionForm action={action} className="space-y-3">
      <input type="hidden" name="version" value={version} />
      <p className="text-xs text-slate-500">
        method：target（目标法，需 target 与 floor）、rank（同级排名）、yoy（同比改善，target 为满分改善幅度、floor 为零分恶化幅度）；scored 为 false 的指标只展示不计分。可用指标：{kpis.join("；")}
      </p>
      <TreeField initial={initial} />
      <FormMessage />
      <SubmitButton>保存指标体系</SubmitButton>
    </ActionForm>
  );
}
