"use client";
// Saving the current filter of a list under a name, and deleting a saved one (lib/saved-filters; both server actions
// re-check everything: the list, the name, the query, the owner).
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { TextField } from "@/components/forms/field";
import { deleteFilter, saveFilter } from "@/lib/saved-filters/server-actions";

export function SaveFilterForm({ list, query, max }: { list: string; query: string; max: number }) {
  return (
    <details className="group w-full sm:w-auto" data-testid="save-filter">
      <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-full border border-dashed border-slate-400 px-3 py-1 text-slate-700 hover:bg-slate-50 md:min-h-0">保存当前筛选…</summary>
      <ActionForm action={saveFilter} resetOnSuccess className="mt-2 flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
        <input type="hidden" name="list" value={list} />
        <input type="hidden" name="query" value={query} />
        <TextField name="name" id={`save-filter-name-${list}`} label="筛选名称" required maxLength={max} hint={`最多 ${max} 个字，如「城关区逾期」`} className="min-w-0 flex-1" />
        <SubmitButton>保存</SubmitButton>
        <div className="w-full">
          <FormMessage />
        </div>
      </ActionForm>
    </details>
  );
}

export function DeleteFilterButton({ id, name }: { id: number; name: string }) {
  return (
    <ActionForm action={deleteFilter} confirm={`删除保存的筛选「${name}」？`} className="inline">
      <input type="hidden" name="id" value={id} />
      <button type="submit" aria-label={`删除筛选「${name}」`} className="inline-flex min-h-11 min-w-11 items-center justify-center rounded-full px-2 text-slate-500 hover:bg-red-50 hover:text-red-700 md:min-h-7 md:min-w-7">
        <span aria-hidden="true">×</span>
      </button>
    </ActionForm>
  );
}
