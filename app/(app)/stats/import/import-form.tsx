"use client";
// Upload a statistics file and follow its import job (the shared ImportUploader): a file with warnings only is
// listed, and a 「数据已核实」 checkbox lets the user import it.
import Link from "@/components/link";
import { ImportUploader } from "@/components/forms/import-uploader";
import type { ActionResult } from "@/lib/actions/core";
import type { PickerUnit } from "@/lib/units/picker";

export function StatsImportForm({ action, units, unit, statsHref }: { action: (f: FormData) => Promise<ActionResult<unknown>>; units: PickerUnit[]; unit?: number; statsHref: string }) {
  return (
    <ImportUploader
      action={action}
      units={units}
      unit={unit}
      unitLabel="导入范围（文件中的单位须为该单位或其下级单位）"
      confirmWarnings
      done={(job) => {
        const warnings = (job.errors ?? []).filter((e) => e.level === "warning").length;
        return (
          <>
            写入 {job.inserted.toLocaleString("zh-CN")} 个数值
            {job.skipped ? `，${job.skipped.toLocaleString("zh-CN")} 个数值与已有数据相同未改动` : ""}
            {warnings ? `，其中 ${warnings} 处提示已核实` : ""}。{" "}
            <Link href={statsHref} className="text-police-600 hover:underline">
              查看月度统计
            </Link>
          </>
        );
      }}
    />
  );
}
