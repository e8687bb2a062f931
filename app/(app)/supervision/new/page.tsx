import type { Metadata } from "next";
import Link from "@/components/link";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { parseQuery } from "@/lib/http/query";
import { ZNewSupervisionQuery, newSupervisionForm } from "@/lib/supervision/queries";
import { issueSupervision } from "@/lib/supervision/server-actions";
import { dayString } from "@/lib/time";
import { IssueForm } from "../supervision-forms";

export const metadata: Metadata = { title: "下发督办" };

export default async function NewSupervisionPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("supervision:issue");
  const { target, units, preselectUnit, today } = await newSupervisionForm(user, parseQuery(ZNewSupervisionQuery, await searchParams));
  return (
    <div className="max-w-3xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/supervision" className="hover:underline">
          督办
        </Link>{" "}
        › 下发督办
      </nav>
      <PageHeader title="下发督办" subtitle="向本单位的下级单位下发督办单：承办单位的民警答复并上传佐证材料，本单位验收办结或退回。" />
      <Card>
        {target ? (
          <dl className="mb-4 grid grid-cols-1 gap-2 text-sm sm:grid-cols-[6rem_1fr]">
            <dt className="text-slate-500">督办对象</dt>
            <dd>
              {target.href ? (
                <Link href={target.href} className="text-police-600 hover:underline">
                  {target.label}
                </Link>
              ) : (
                target.label
              )}
            </dd>
            <dt className="text-slate-500">承办单位</dt>
            <dd data-testid="supervision-receiver">{target.unitName}</dd>
          </dl>
        ) : units.length ? null : (
          <p className="mb-4 text-sm text-slate-600">本单位没有下级单位，不能下发督办。</p>
        )}
        <IssueForm action={issueSupervision} target={target} units={units} preselectUnit={preselectUnit} today={dayString(today)} />
      </Card>
    </div>
  );
}
