import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import { formatNumber } from "@/lib/format";
import Link from "@/components/link";
import { PeriodPicker } from "@/components/cockpit/period-picker";
import { Card, EmptyState, PageHeader, Table, Td, Th, cx } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { assessmentRanking } from "@/lib/assessment/queries";
import { PEER_LABELS, type PeerLevel, assessmentPeriod } from "@/lib/assessment/scores";
import { type Period, defaultPeriod, parsePeriod, periodOptions } from "@/lib/kpi/period";
import { ZAssessmentQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "绩效考评" };

export default async function AssessmentPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePermission("assessment:read");
  const sp = parseQuery(ZAssessmentQuery, await searchParams);
  const p = assessmentPeriod(parsePeriod(sp.period) ?? defaultPeriod())!;
  const level: PeerLevel = sp.level === "CITY" ? "CITY" : sp.level === "COUNTY" ? "COUNTY" : user.unitLevel === "PROVINCE" ? "CITY" : "COUNTY";
  return (
    <Suspense fallback={<PageLoading what="绩效考评" />}>
      <Ranking user={user} p={p} level={level} />
    </Suspense>
  );
}

async function Ranking({ user, p, level }: { user: SessionUser; p: Period; level: PeerLevel }) {
  const { peers, visible } = await assessmentRanking(userScope(user), level, p);
  const groups = peers.scheme.groups;
  const opts = periodOptions().filter((o) => o.group === "季度" || o.group === "年");
  return (
    <div>
      <PageHeader
        title="绩效考评"
        subtitle={`${peers.scheme.name} · ${p.label} · ${PEER_LABELS[level]}在全省${PEER_LABELS[level]}中排名（共 ${peers.scores.length} 个），点击单位查看得分明细`}
        actions={
          <>
            <PeriodPicker value={p.key} options={opts} />
            <Link href="/assessment/scheme" className="text-sm text-police-600 hover:underline">
              指标体系{can(user.role, "assessment:configure") && user.unitLevel === "PROVINCE" ? "（设置）" : ""}
            </Link>
          </>
        }
      />
      <div className="mb-3 flex gap-2 text-sm">
        {(["CITY", "COUNTY"] as const).map((l) => (
          <Link key={l} href={`/assessment?level=${l}&period=${p.key}`} className={cx("inline-flex items-center justify-center rounded-full border px-3 py-1 max-md:min-h-11 max-md:min-w-11", level === l ? "border-police-600 bg-police-600 text-white" : "border-slate-300 bg-white")}>
            {PEER_LABELS[l]}
          </Link>
        ))}
      </div>
      {visible.length ? (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>名次</Th>
                <Th>单位</Th>
                {groups.map((g) => (
                  <Th key={g.id} className="text-right">
                    {g.name}
                    <span className="block font-normal text-slate-400">{g.indicators.filter((i) => i.scored).reduce((n, i) => n + i.points, 0)} 分</span>
                  </Th>
                ))}
                <Th className="text-right">加分</Th>
                <Th className="text-right">扣分</Th>
                <Th className="text-right">总分</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="assessment-ranking">
              {visible.map((s) => (
                <tr key={s.code} className="hover:bg-slate-50">
                  <Td className="tabular-nums">{s.rank}</Td>
                  <Td>
                    <Link href={`/assessment/${s.code}?period=${p.key}`} className="text-police-600 hover:underline">
                      {s.name}
                    </Link>
                  </Td>
                  {groups.map((g) => (
                    <Td key={g.id} className="text-right tabular-nums">
                      {formatNumber(s.items.filter((i) => i.group === g.name).reduce((n, i) => n + i.points, 0), 1)}
                    </Td>
                  ))}
                  <Td className="text-right tabular-nums text-emerald-700">{s.add ? `+${s.add}` : ""}</Td>
                  <Td className="text-right tabular-nums text-red-700">{s.deduct ? `−${s.deduct}` : ""}</Td>
                  <Td className="text-right font-semibold tabular-nums">{formatNumber(s.total, 2)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : (
        <EmptyState title="管辖范围内没有该层级的单位">请选择其他层级。</EmptyState>
      )}
    </div>
  );
}
