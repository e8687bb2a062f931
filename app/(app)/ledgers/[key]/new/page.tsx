import type { Metadata } from "next";
import Link from "@/components/link";
import { notFound } from "next/navigation";
import { LedgerForm } from "@/components/ledgers/ledger-form";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { createLedgerRecord } from "@/lib/ledgers/server-actions";
import { fieldLabels, formFields } from "@/lib/ledgers/view";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope, resolveViewUnit } from "@/lib/units/queries";

export const metadata: Metadata = { title: "登记" };

export default async function NewLedgerRecordPage({ params }: { params: Promise<{ key: string }> }) {
  const user = await requirePermission("ledger:write");
  const config = ledgerConfig((await params).key);
  if (!config) notFound();
  const [units, view] = await Promise.all([listUnitsInScope(user), resolveViewUnit(user)]);
  const options = unitPickerOptions(units, { keep: (u) => u.active && u.level !== "DEPARTMENT" });
  return (
    <div className="max-w-4xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href={`/ledgers/${config.key}`} className="hover:underline">
          {config.title}
        </Link>{" "}
        › 登记
      </nav>
      <PageHeader title={`登记 · ${config.title}`} subtitle="带 * 的为必填项。保存后系统生成编号。" />
      <Card>
        <LedgerForm ledger={config.key} action={createLedgerRecord} fields={formFields(config)} values={{}} units={options} unit={view.id} labels={fieldLabels(config)} />
      </Card>
    </div>
  );
}
