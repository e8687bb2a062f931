import type { Metadata } from "next";
import Link from "@/components/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { MAX_IMPORT_ROWS } from "@/lib/imports/file";
import { importHeaders } from "@/lib/ledgers/schema";
import { importLedger } from "@/lib/ledgers/server-actions";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope, resolveViewUnit } from "@/lib/units/queries";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "导入" };

export default async function ImportPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requirePermission("ledger:import");
  const config = ledgerConfig((await params).key);
  if (!config) notFound();
  const [units, view] = await Promise.all([listUnitsInScope(user), resolveViewUnit(user)]);
  const options = unitPickerOptions(units, { keep: (u) => u.active && u.level !== "DEPARTMENT" });
  return (
    <div className="max-w-5xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href={`/ledgers/${config.key}`} className="hover:underline">
          {config.title}
        </Link>{" "}
        › 导入
      </nav>
      <PageHeader title={`导入 · ${config.title}`} subtitle={`Excel（.xlsx）或 CSV（UTF-8 或 GBK 编码），最多 ${MAX_IMPORT_ROWS.toLocaleString("zh-CN")} 行。任何一行有误则整个文件不导入；重复导入同一文件不会产生重复记录。`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="选择文件" className="lg:col-span-2">
          <ImportForm ledger={config.key} action={importLedger} units={options} unit={view.id} />
        </Card>
        <Card title="列说明">
          <p className="mb-2 text-sm">
            <a href={`/api/ledgers/${config.key}/template`} className="text-police-600 hover:underline">
              下载导入模板（.xlsx）
            </a>
          </p>
          <ul className="space-y-1 text-xs text-slate-600">
            {importHeaders(config).map((h) => {
              const f = config.fields.find((x) => x.label === h);
              return (
                <li key={h}>
                  <b>{h}</b>
                  {f?.required ? <span className="text-red-600"> *</span> : null}
                  {f?.type === "enum" ? `：${f.options!.map((o) => o.label).join("/")}` : f?.type === "bool" ? "：是/否" : f?.type === "date" ? "：YYYY-MM-DD" : f?.type === "datetime" ? "：YYYY-MM-DD HH:mm" : h === "所属单位" ? "：单位代码或名称，可不填" : ""}
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
    </div>
  );
}
