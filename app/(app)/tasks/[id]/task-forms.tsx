"use client";
import { useState } from "react";
import { ActionForm, FormMessage, SelectField, SubmitButton, TextField, fieldError, useFormResult } from "@/components/forms/action-form";
import { cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

const area = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-police-500 focus:outline-none focus:ring-1 focus:ring-police-500 aria-[invalid=true]:border-red-500";

function TextArea({ name, label, defaultValue, rows = 4, required, hint }: { name: string; label: string; defaultValue?: string | null; rows?: number; required?: boolean; hint?: string }) {
  const { result } = useFormResult();
  const error = fieldError(result, name);
  return (
    <div>
      <label htmlFor={name} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required ? <span className="ml-0.5 text-red-600">*</span> : null}
      </label>
      <textarea id={name} name={name} rows={rows} defaultValue={defaultValue ?? ""} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined} className={area} />
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Evidence: files of any allowed type (PDF, Office, photos), and on a phone a photo taken with the rear camera. The
 *  camera input is separate because `capture` makes a phone open the camera only, which would lock out PDFs. */
function FilesField() {
  const { result } = useFormResult();
  const error = fieldError(result, "files");
  const described = error ? "files-error" : "files-hint";
  return (
    <div>
      <label htmlFor="files" className="mb-1 block text-sm font-medium text-slate-700">
        证明材料
      </label>
      <input
        id="files"
        name="files"
        type="file"
        multiple
        accept="application/pdf,image/jpeg,image/png,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,.pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        className="block min-h-11 w-full text-sm md:min-h-0"
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      <label htmlFor="camera" className="mt-2 mb-1 block text-sm font-medium text-slate-700 md:hidden">
        现场拍照
      </label>
      <input id="camera" name="files" type="file" accept="image/jpeg,image/png" capture="environment" className="block min-h-11 w-full text-sm md:hidden" aria-describedby={described} data-testid="camera-input" />
      {error ? (
        <p id="files-error" className="mt-1 text-xs text-red-600">
          {error}
        </p>
      ) : (
        <p id="files-hint" className="mt-1 text-xs text-slate-500">PDF、JPG、PNG、DOCX、XLSX，每个不超过 10 MB，每次最多 3 个；手机可直接拍照</p>
      )}
    </div>
  );
}

export function ProgressForm({ action, id, version, progress }: { action: Action; id: number; version: number; progress: number }) {
  const [pct, setPct] = useState(progress);
  return (
    <ActionForm action={action} className="space-y-3" resetOnSuccess>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <div>
        <label htmlFor="percent" className="mb-1 block text-sm font-medium text-slate-700">
          完成进度：<b className="tabular-nums">{pct}%</b>
        </label>
        <input id="percent" name="percent" type="range" min={0} max={100} step={5} value={pct} aria-valuetext={`${pct}%`} onChange={(e) => setPct(Number(e.target.value))} className="w-full" />
      </div>
      <TextArea name="content" label="进展情况" required hint="做了什么、取得什么成效、下一步安排" />
      <FilesField />
      <FormMessage />
      <SubmitButton>填报进展</SubmitButton>
    </ActionForm>
  );
}

export function SubmitForm({ action, id, version, disabled, reviewer }: { action: Action; id: number; version: number; disabled: boolean; reviewer: string }) {
  return (
    <ActionForm action={action} className="space-y-2" confirm={`提交${reviewer}审核后，审核期间不能再修改。确定提交？`}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <FormMessage />
      <button type="submit" disabled={disabled} className="inline-flex items-center rounded-md bg-emerald-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-50">
        提交审核（申请销号）
      </button>
      {disabled ? <p className="text-xs text-slate-500">完成进度达到 100% 后可提交。</p> : null}
    </ActionForm>
  );
}

export function ReviewForm({ action, id, version, reopen }: { action: Action; id: number; version: number; reopen?: boolean }) {
  const [decision, setDecision] = useState<"ACCEPT" | "RETURN">(reopen ? "RETURN" : "ACCEPT");
  return (
    <ActionForm action={action} className="space-y-3">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      {reopen ? (
        <input type="hidden" name="decision" value="RETURN" />
      ) : (
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">审核结论</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="decision" value="ACCEPT" checked={decision === "ACCEPT"} onChange={() => setDecision("ACCEPT")} /> 通过
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="decision" value="RETURN" checked={decision === "RETURN"} onChange={() => setDecision("RETURN")} /> 退回
          </label>
        </fieldset>
      )}
      <TextArea name="reason" label={decision === "RETURN" ? "退回理由" : "审核意见"} rows={3} required={decision === "RETURN"} />
      <FormMessage />
      <SubmitButton variant={decision === "RETURN" ? "danger" : "primary"}>{reopen ? "退回重办" : decision === "RETURN" ? "退回" : "审核通过"}</SubmitButton>
    </ActionForm>
  );
}

export function ResponsibilityForm({
  action,
  a,
}: {
  action: Action;
  a: { id: number; version: number; dutyType: string; leaderName: string | null; leaderTitle: string | null; officerName: string | null; officerPhone: string | null; accountability: string | null; planText: string | null };
}) {
  return (
    <ActionForm action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2">
      <input type="hidden" name="id" value={a.id} />
      <input type="hidden" name="version" value={a.version} />
      <SelectField
        name="dutyType"
        label="责任类型"
        required
        defaultValue={a.dutyType}
        options={[
          { value: "PRIMARY", label: "主体责任" },
          { value: "TERRITORIAL", label: "属地直接责任" },
          { value: "DEPARTMENTAL", label: "部门警种主管责任" },
        ]}
      />
      <TextField name="leaderName" label="分管领导" defaultValue={a.leaderName} />
      <TextField name="leaderTitle" label="领导职务" defaultValue={a.leaderTitle} />
      <TextField name="officerName" label="责任民警" defaultValue={a.officerName} />
      <TextField name="officerPhone" label="联系电话" defaultValue={a.officerPhone} />
      <div className="sm:col-span-2">
        <TextArea name="accountability" label="问责条款" rows={2} defaultValue={a.accountability} />
      </div>
      <div className="sm:col-span-2">
        <TextArea name="planText" label="实施方案" rows={6} defaultValue={a.planText} hint="分条线、分领域、分层级的具体措施" />
      </div>
      <div className="sm:col-span-2">
        <FormMessage />
      </div>
      <div>
        <SubmitButton>保存责任清单</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function MilestoneRow({ action, assignmentId, version, m, locked }: { action: Action; assignmentId: number; version: number; m: { id: number; title: string; dueDate: string; done: boolean }; locked: boolean }) {
  return (
    <ActionForm action={action} className="flex items-center gap-2">
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="milestoneId" value={m.id} />
      <input type="hidden" name="title" value={m.title} />
      <input type="hidden" name="dueDate" value={m.dueDate} />
      <input type="hidden" name="done" value={m.done ? "" : "true"} />
      <button type="submit" disabled={locked} className={cx("rounded border px-2 py-0.5 text-xs", m.done ? "border-slate-300 text-slate-600" : "border-emerald-600 text-emerald-700")} aria-label={m.done ? `撤销完成：${m.title}` : `标记完成：${m.title}`}>
        {m.done ? "撤销完成" : "标记完成"}
      </button>
      <FormMessage />
    </ActionForm>
  );
}

export function AddMilestoneForm({ action, assignmentId, version }: { action: Action; assignmentId: number; version: number }) {
  return (
    <ActionForm action={action} className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_10rem_auto]" resetOnSuccess>
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <input type="hidden" name="version" value={version} />
      <TextField name="title" label="新增节点" />
      <TextField name="dueDate" label="时限" type="date" />
      <div className="flex items-end">
        <SubmitButton variant="secondary">添加</SubmitButton>
      </div>
      <div className="sm:col-span-3">
        <FormMessage />
      </div>
    </ActionForm>
  );
}

export function AssignForm({
  action,
  parentId,
  taskId,
  units,
  maxDeadline,
}: {
  action: Action;
  parentId?: number;
  taskId?: number;
  units: { id: number; label: string; assigned: boolean }[];
  maxDeadline: string;
}) {
  return (
    <ActionForm action={action} className="space-y-3">
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {taskId ? <input type="hidden" name="taskId" value={taskId} /> : null}
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-700">承办单位</legend>
        <div className="grid max-h-64 grid-cols-2 gap-1 overflow-y-auto rounded border border-slate-200 p-2 text-sm md:grid-cols-3">
          {units.map((u) => (
            <label key={u.id} className={cx("flex items-center gap-1.5", u.assigned && "text-slate-400")}>
              <input type="checkbox" name="unitIds" value={u.id} disabled={u.assigned} />
              {u.label}
              {u.assigned ? "（已交办）" : ""}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <SelectField
          name="role"
          label="承办方式"
          required
          defaultValue="LEAD"
          options={[
            { value: "LEAD", label: "牵头" },
            { value: "SUPPORT", label: "配合" },
          ]}
        />
        <SelectField
          name="dutyType"
          label="责任类型"
          required
          defaultValue="TERRITORIAL"
          options={[
            { value: "PRIMARY", label: "主体责任" },
            { value: "TERRITORIAL", label: "属地直接责任" },
            { value: "DEPARTMENTAL", label: "部门警种主管责任" },
          ]}
        />
        <TextField name="deadline" label="完成时限" type="date" defaultValue={maxDeadline} hint={`不晚于 ${maxDeadline}`} />
      </div>
      <FormMessage />
      <SubmitButton>交办</SubmitButton>
    </ActionForm>
  );
}
