import { DataAsOf } from "@/components/data-as-of";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import Link from "@/components/link";
import { Badge, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { ledgerCards } from "@/lib/ledgers/queries";
import { type ViewUnit, resolveViewUnit } from "@/lib/units/queries";

export const metadata: Metadata = { title: "清单台账" };

export default async function LedgersPage() {
  const user = await requirePermission("ledger:read");
  const unit = await resolveViewUnit(user);
  return (
    <Suspense fallback={<PageLoading what="清单台账" />}>
      <LedgerCards unit={unit} />
    </Suspense>
  );
}

async function LedgerCards({ unit }: { unit: ViewUnit }) {
  const cards = await ledgerCards(unit.scope);
  return (
    <div>
      <PageHeader note={<DataAsOf />} title="清单台账" subtitle={`${unit.name}及下级单位。四个清单中的任务清单、责任清单见「任务清单」。`} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {cards.map(({ c, total, presets }) => (
          <Link key={c.key} href={`/ledgers/${c.key}`} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-police-200" data-testid={`ledger-card-${c.key}`}>
            <div className="flex items-baseline justify-between">
              <h2 className="font-semibold text-slate-900">{c.title}</h2>
              <Badge tone={c.kind === "清单" ? "blue" : "slate"}>{c.kind}</Badge>
            </div>
            <p className="mt-1 text-xs text-slate-500">{c.description}</p>
            <p className="mt-3 text-2xl font-semibold tabular-nums">{formatCount(total)}</p>
            <div className="mt-2 flex flex-wrap gap-2 text-xs">
              {presets.map((p) => (
                <span key={p.key} className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-600" data-testid={`preset-${c.key}-${p.key}`}>
                  {p.label} <b className="tabular-nums">{p.n}</b>
                </span>
              ))}
            </div>
          </Link>
        ))}
      </div>
    </div>
  );
}
