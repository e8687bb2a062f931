"use client";
// The one upload + progress component of every import (lib/imports): unit, file, submit; then the job's phase,
// a progress bar, and the result — or the problems by line and column. `confirmWarnings` (statistics): a file with
// warnings only can be imported again with 「数据已核实」 ticked.
import type { ReactNode } from "react";
import { useState } from "react";
import { type ImportJob, IMPORT_PHASE, useImportJob } from "@/components/forms/use-import-job";
import { Field, Input, UnitField } from "@/components/forms/field";
import { buttonClass, cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

export interface ImportUploaderProps {
  action: (f: FormData) => Promise<ActionResult<unknown>>;
  units: PickerUnit[];
  /** the unit picked at first (default: the first) */
  unit?: number;
  unitLabel: string;
  /** fixed form fields (e.g. which ledger) */
  hidden?: Record<string, string>;
  /** the line shown when the job is DONE */
  done: (job: ImportJob) => ReactNode;
  confirmWarnings?: boolean;
}

export function ImportUploader({ action, units, unit, unitLabel, hidden = {}, done, confirmWarnings = false }: ImportUploaderProps) {
  const { job, error, busy, pct, submit } = useImportJob(action);
  const [confirm, setConfirm] = useState(false);
  const warningsOnly = confirmWarnings && job?.status === "FAILED" && !!job.errors?.length && job.errors.every((e) => e.level === "warning");
  return (
    <div className="space-y-4">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <UnitField name="unitId" label={unitLabel} required units={units} defaultValue={unit} />
        <Field name="file" label="文件" required>
          <Input type="file" accept=".xlsx,.csv" required onChange={() => setConfirm(false)} />
        </Field>
        {warningsOnly || confirm ? (
          <label className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="import-confirm">
            <input type="checkbox" name="confirm" value="1" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} className="h-4 w-4" />
            数据已核实（下表提示的数据确认无误，按文件导入）
          </label>
        ) : null}
        {error ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy} className={buttonClass("primary")}>
          {busy ? "处理中…" : warningsOnly && confirm ? "确认并导入" : "开始导入"}
        </button>
      </form>
      {job ? (
        <div className="rounded-md border border-slate-200 p-4" data-testid="import-status">
          <div className="flex items-center justify-between text-sm">
            <span className="font-medium">{warningsOnly ? "需要核实" : IMPORT_PHASE[job.status]}</span>
            <span className="tabular-nums text-slate-500">
              {job.processed.toLocaleString("zh-CN")} / {job.total.toLocaleString("zh-CN")} 行
            </span>
          </div>
          <div className="mt-2 h-2 overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className={cx("h-full transition-all", job.status === "FAILED" ? (warningsOnly ? "bg-amber-400" : "bg-red-500") : "bg-police-500")} style={{ width: `${job.status === "DONE" ? 100 : pct}%` }} />
          </div>
          {job.status === "PENDING" && job.message ? <p className="mt-3 text-sm text-slate-600">{job.message}</p> : null}
          {job.status === "DONE" ? (
            <p className="mt-3 text-sm text-emerald-700" role="status">
              {done(job)}
            </p>
          ) : null}
          {job.status === "FAILED" ? (
            <div className={cx("mt-3 text-sm", warningsOnly ? "text-amber-900" : "text-red-700")} role="alert">
              <p>{job.message}</p>
              {job.errors?.length ? (
                <table className="mt-2 w-full text-xs">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th className="py-1 pr-2">行</th>
                      <th className="py-1 pr-2">列</th>
                      {confirmWarnings ? <th className="py-1 pr-2">类型</th> : null}
                      <th className="py-1">问题</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.errors.slice(0, 200).map((e, i) => (
                      <tr key={i} className={cx("border-t", e.level === "warning" ? "border-amber-100" : "border-red-100")}>
                        <td className="py-1 pr-2 tabular-nums">第 {e.line} 行</td>
                        <td className="py-1 pr-2">{e.column}</td>
                        {confirmWarnings ? <td className={cx("py-1 pr-2", e.level === "warning" ? "text-amber-700" : "text-red-700")}>{e.level === "warning" ? "需核实" : "错误"}</td> : null}
                        <td className="py-1">{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {job.errors && job.errors.length > 200 ? <p className="mt-1 text-xs">仅显示前 200 处。</p> : null}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
