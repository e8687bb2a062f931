"use client";
// Upload a 常住人口 file and follow its import job (the shared ImportUploader).
import { ImportUploader } from "@/components/forms/import-uploader";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

export function PopulationImportForm({ action, units, unit }: { action: (f: FormData) => Promise<ActionResult<unknown>>; units: PickerUnit[]; unit: number }) {
  return (
    <ImportUploader
      action={action}
      units={units}
      unit={unit}
      unitLabel="导入范围（文件中的单位须为该单位或其下级的省、市州、县区）"
      done={(job) => (
        <>
          写入 {job.inserted.toLocaleString("zh-CN")} 个人口数
          {job.skipped ? `，${job.skipped.toLocaleString("zh-CN")} 个与已有数据相同未改动` : ""}。刷新本页查看。
        </>
      )}
    />
  );
}
