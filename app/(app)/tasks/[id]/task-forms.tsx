"use client";
import { useState } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { Field, Input, SelectField, TextAreaField, TextField } from "@/components/forms/field";
import { cx } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/core";
import { DUTY_LABELS, ROLE_LABELS_TASK } from "@/lib/tasks/status";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

const DUTY_TYPES = Object.entries(DUTY_LABELS).map(([value, label]) => ({ value, label }));
const TASK_ROLES = Object.entries(ROLE_LABELS_TASK).map(([value, label]) => ({ value, label }));

const FILES_HINT = "PDF、JPG、PNG、DOCX、XLSX，每个不超过 10 MB，每次最多 3 个";

export function ProgressForm({ action, id, version, progress }: { action: Action; id: number; version: number; progress: number }) {
  const [pct, setPct] = useState(progress);
  return (
    <ActionForm action={action} className="space-y-3" resetOnSuccess draft={{ id: `task-progress:${id}` }}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <Field name="percent" label={<>完成进度：<b className="tabular-nums">{pct}%</b></>}>
        <Input type="range" min={0} max={100} step={5} value={pct} aria-valuetext={`${pct}%`} onChange={(e) => setPct(Number(e.target.value))} className="w-full" />
      </Field>
      <TextAreaField name="content" label="进展情况" required hint="做了什么、取得什么成效、下一步安排" />
      {/* files of any allowed type, and on a phone a photo from the rear camera: a separate input, because `capture`
          makes a phone open the camera only, which would lock out PDFs */}
      <Field name="files" label="证明材料" hint={`${FILES_HINT}；手机可直接拍照`}>
        <Input type="file" multiple accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png,.docx,.xlsx" className="min-h-11 md:min-h-0" />
      </Field>
      <Field name="files" id="camera" label="现场拍照" error="" className="md:hidden">
        <Input type="file" accept="image/jpeg,image/png" capture="environment" className="min-h-11" data-testid="camera-input" />
      </Field>
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
    <ActionForm action={action} className="space-y-3" draft={{ id: `task-review:${id}`, version }}>
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
      <TextAreaField name="reason" label={decision === "RETURN" ? "退回理由" : "审核意见"} rows={3} required={decision === "RETURN"} />
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
    <ActionForm action={action} className="grid grid-cols-1 gap-3 sm:grid-cols-2" draft={{ id: `task-duty:${a.id}`, version: a.version }}>
      <input type="hidden" name="id" value={a.id} />
      <input type="hidden" name="version" value={a.version} />
      <SelectField
        name="dutyType"
        label="责任类型"
        required
        defaultValue={a.dutyType}
        options={DUTY_TYPES}
      />
      <TextField name="leaderName" label="分管领导" defaultValue={a.leaderName} />
      <TextField name="leaderTitle" label="领导职务" defaultValue={a.leaderTitle} />
      <TextField name="officerName" label="责任民警" defaultValue={a.officerName} />
      <TextField name="officerPhone" label="联系电话" defaultValue={a.officerPhone} />
      <div className="sm:col-span-2">
        <TextAreaField name="accountability" label="问责条款" rows={2} defaultValue={a.accountability} />
      </div>
      <div className="sm:col-span-2">
        <TextAreaField name="planText" label="实施方案" rows={6} defaultValue={a.planText} hint="分条线、分领域、分层级的具体措施" />
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
    <ActionForm action={action} className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_10rem_auto]" resetOnSuccess draft={{ id: `task-milestone:${assignmentId}` }}>
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
    <ActionForm action={action} className="space-y-3" draft={{ id: `task-assign:${parentId ? `a${parentId}` : `t${taskId}`}` }}>
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
          options={TASK_ROLES}
        />
        <SelectField
          name="dutyType"
          label="责任类型"
          required
          defaultValue="TERRITORIAL"
          options={DUTY_TYPES}
        />
        <TextField name="deadline" label="完成时限" type="date" defaultValue={maxDeadline} hint={`不晚于 ${maxDeadline}`} />
      </div>
      <FormMessage />
      <SubmitButton>交办</SubmitButton>
    </ActionForm>
  );
}
