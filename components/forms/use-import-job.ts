"use client";
// Submitting an import (a server action that answers { jobId }) and following its job at /api/imports/<id>
// (lib/imports/route.ts); used by the one upload component, ./import-uploader.tsx.
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/core";

export interface ImportProblem {
  line: number;
  column: string;
  message: string;
  level?: "warning";
}

export interface ImportJob {
  status: "PENDING" | "CHECKING" | "WRITING" | "DONE" | "FAILED";
  total: number;
  processed: number;
  inserted: number;
  skipped: number;
  message: string | null;
  errors: ImportProblem[] | null;
}

export const IMPORT_PHASE: Record<ImportJob["status"], string> = { PENDING: "排队中", CHECKING: "正在检查", WRITING: "正在写入", DONE: "导入完成", FAILED: "未导入" };

export function useImportJob(action: (f: FormData) => Promise<ActionResult<unknown>>) {
  const [jobId, setJobId] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  useEffect(() => {
    if (!jobId) return;
    let stop = false;
    const poll = async () => {
      try {
        const res = await fetch(`/api/imports/${jobId}`, { cache: "no-store" });
        if (res.ok) {
          const j = (await res.json()) as ImportJob;
          setJob(j);
          if (j.status === "DONE" || j.status === "FAILED") return;
        }
      } catch {
        /* keep polling */
      }
      if (!stop) setTimeout(poll, 600);
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [jobId]);

  /** sends the form's data to the action and starts following the job it answers */
  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    setError(null);
    setJob(null);
    setJobId(null);
    start(async () => {
      const r: ActionResult<unknown> = await action(data).catch(() => ({ ok: false, code: "ERROR", error: "无法连接服务器，请稍后重试" }));
      if (r.ok) setJobId((r.data as { jobId: number }).jobId);
      else setError(Object.values(r.fieldErrors ?? {})[0] ?? r.error);
    });
  };

  const busy = pending || (!!job && !!jobId && job.status !== "DONE" && job.status !== "FAILED");
  const pct = job && job.total ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 0;
  return { job, error, busy, pct, submit };
}
