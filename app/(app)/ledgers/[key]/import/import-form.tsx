"use client";
import Link from "next/link";
import { IMPORT_PHASE, useImportJob } from "@/components/forms/use-import-job";
import { buttonClass, inputClass } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";

export function ImportForm({ ledger, action, units }: { ledger: string; action: (f: FormData) => Promise<ActionResult<unknown>>; units: { value: number; label: string }[] }) {
  const { job, error, busy, pct, submit } = useImportJob(action);
  return (
    <div className="space-y-4">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit(e.currentTarget);
        }}
      >
        <input type="hidden" name="ledger" value={ledger} />
        <div>
          <label htmlFor="unitId" className="mb-1 block text-sm font-medium text-slate-700">
            导入到单位
          </label>
          <select id="unitId" name="unitId" className={inputClass} defaultValue={units[0]?.value}>
            {units.map((u) => (
              <option key={u.value} value={u.value}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="file" className="mb-1 block text-sm font-medium text-slate-700">
            文件
          </label>
          <input id="file" name="file" type="file" accept=".xlsx,.csv" required className="block w-full text-sm" />
        </div>
        {error ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy} className={buttonClass("primary")}>
          {busy ? "处理中…" : "开始导入"}
        </button>
      </form>
      {job ? (
        <div className="rounded-md border border-slate-200 p-4" data-testid="import-status">
          <div className="flex items-center justify-between text-sm">
            <span className="font-medium">{IMPORT_PHASE[job.status]}</span>
            <span className="tabular-nums text-slate-500">
              {job.processed.toLocaleString("zh-CN")} / {job.total.toLocaleString("zh-CN")} 行
            </span>
          </div>
          <div className="mt-2 h-2 overflow-hidden rounded bg-slate-100" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div className={`h-full ${job.status === "FAILED" ? "bg-red-500" : "bg-police-500"} transition-all`} style={{ width: `${job.status === "DONE" ? 100 : pct}%` }} />
          </div>
          {job.status === "DONE" ? (
            <p className="mt-3 text-sm text-emerald-700" role="status">
              新增 {job.inserted.toLocaleString("zh-CN")} 条{job.skipped ? `，跳过已导入过的 ${job.skipped.toLocaleString("zh-CN")} 条` : ""}。{" "}
              <Link href={`/ledgers/${ledger}`} className="text-police-600 hover:underline">
                查看台账
              </Link>
            </p>
          ) : null}
          {job.status === "FAILED" ? (
            <div className="mt-3 text-sm text-red-700" role="alert">
              <p>{job.message}</p>
              {job.errors?.length ? (
                <table className="mt-2 w-full text-xs">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th className="py-1 pr-2">行</th>
                      <th className="py-1 pr-2">列</th>
                      <th className="py-1">问题</th>
                    </tr>
                  </thead>
                  <tbody>
                    {job.errors.slice(0, 200).map((e, i) => (
                      <tr key={i} className="border-t border-red-100">
                        <td className="py-1 pr-2 tabular-nums">第 {e.line} 行</td>
                        <td className="py-1 pr-2">{e.column}</td>
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
