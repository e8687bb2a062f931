"use client";
import Link from "@/components/link";
import { ImportUploader } from "@/components/forms/import-uploader";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

export function ImportForm({ ledger, action, units, unit }: { ledger: string; action: (f: FormData) => Promise<ActionResult<unknown>>; units: PickerUnit[]; unit?: number }) {
  return (
    <ImportUploader
      action={action}
      units={units}
      unit={unit}
      unitLabel="导入到单位"
      hidden={{ ledger }}
      done={(job) => (
        <>
          新增 {job.inserted.toLocaleString("zh-CN")} 条{job.skipped ? `，跳过已导入过的 ${job.skipped.toLocaleString("zh-CN")} 条` : ""}。{" "}
          <Link href={`/ledgers/${ledger}`} className="text-police-600 hover:underline">
            查看台账
          </Link>
        </>
      )}
    />
  );
}
