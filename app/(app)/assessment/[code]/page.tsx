import type { Metadata } from "next";
import { Suspense } from "react";
import { PageLoading } from "@/components/page-loading";
import Link from "@/components/link";
import { PeriodPicker } from "@/components/cockpit/period-picker";
import { Badge, Card, PageHeader, Table, Td, Th } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { type SessionUser, requirePermission } from "@/lib/auth/session";
import { formatDateTime, formatNumber } from "@/lib/format";
import { type AssessedUnit, assessedUnit, unitAssessment } from "@/lib/assessment/queries";
import { PEER_LABELS, assessmentPeriod } from "@/lib/assessment/scores";
import { adjustScore, removeAdjustment } from "@/lib/assessment/server-actions";
import { KPI_MAP } from "@/lib/kpi/definitions";
import { formatKpiValue } from "@/lib/format";
import { type Period, defaultPeriod, parsePeriod, periodOptions } from "@/lib/kpi/period";
import { AdjustForm, RemoveAdjustmentButton } from "./adjust-form";
import { ZPeriodQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "考评明细" };

const METHOD = { target: "目标法", rank: "排名法", yoy: "同比法" } as const;

export default async function AssessmentUnitPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<{ period?: string }> }) {
  const user = await requirePermission("assessment:read");
  const unit = await assessedUnit(user, (await params).code);
  const p = assessmentPeriod(parsePeriod(parseQuery(ZPeriodQuery, await searchParams).period) ?? defaultPeriod())!;
  return (
    <Suspense fallback={<PageLoading what="考评明细" />}>
      <UnitScores user={user} unit={unit} p={p} />
    </Suspense>
  );
}

async function UnitScores({ user, unit, p }: { user: SessionUser; unit: AssessedUnit; p: Period }) {
  const { peers, score: s, adjustments } = await unitAssessment(unit, p);
  const canAdjust = can(user.role, "assessment:adjust") && unit.path !== user.unitPath;
  const indicators = peers.scheme.groups.flatMap((g) => g.indicators.map((i) => ({ value: i.id, label: `${g.name} · ${i.name}` })));
  return (
    <div>
      <nav className="mb-3 text-sm text-slate-500">
        <Link href={`/assessment?level=${unit.level}&period=${p.key}`} className="hover:underline">
          绩效考评
        </Link>{" "}
        › {unit.name}
      </nav>
      <PageHeader
        title={`${unit.name} · ${p.label}考评`}
        subtitle={
          <span data-testid="assessment-total">
            总分 <b className="text-lg text-slate-900">{formatNumber(s.total, 2)}</b> 分（指标 {formatNumber(s.base, 2)} + 加分 {s.add} − 扣分 {s.deduct}），全省{PEER_LABELS[unit.level]}第 {s.rank} / {peers.scores.length} 名
          </span>
        }
        actions={<PeriodPicker value={p.key} options={periodOptions().filter((o) => o.group === "季度" || o.group === "年")} />}
      />
      <Card title="得分明细" className="mb-6">
        <Table>
          <thead>
            <tr>
              <Th>指标</Th>
              <Th>计分方法</Th>
              <Th className="text-right">指标值</Th>
              <Th className="text-right">上年同期</Th>
              <Th className="text-right">得分 / 满分</Th>
              <Th>计分说明</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="assessment-items">
            {s.items.map((i) => {
              const def = KPI_MAP.get(i.kpi)!;
              const v = formatKpiValue(def, i.value);
              const b = formatKpiValue(def, i.base);
              return (
                <tr key={i.id}>
                  <Td>
                    <span className="text-xs text-slate-400">{i.group} · </span>
                    <span title={def.caliber}>{i.name}</span>
                  </Td>
                  <Td>{i.scored ? METHOD[i.method] : <Badge>仅展示</Badge>}</Td>
                  <Td className="text-right tabular-nums">
                    {v.text}
                    <span className="text-xs text-slate-400">{v.unit}</span>
                  </Td>
                  <Td className="text-right tabular-nums text-slate-500">{i.method === "yoy" ? `${b.text}${b.unit}` : ""}</Td>
                  <Td className="text-right tabular-nums">{i.scored ? `${formatNumber(i.points, 2)} / ${i.max}` : "—"}</Td>
                  <Td className="text-xs text-slate-500">{i.rule}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={`加减分项（加分上限 ${peers.scheme.maxAdd}、扣分上限 ${peers.scheme.maxDeduct}）`}>
          {adjustments.length ? (
            <ul className="space-y-2 text-sm" data-testid="adjustments">
              {adjustments.map((a) => (
                <li key={a.id} className="rounded border border-slate-100 p-2">
                  <div className="flex items-center justify-between gap-2">
                    <Badge tone={Number(a.points) > 0 ? "green" : "red"}>{Number(a.points) > 0 ? `+${a.points}` : `${a.points}`} 分</Badge>
                    <span className="text-xs text-slate-400">{formatDateTime(a.createdAt)}</span>
                  </div>
                  <p className="mt-1">{a.reason}</p>
                  <p className="text-xs text-slate-500">佐证：{a.evidence}</p>
                  {canAdjust ? <RemoveAdjustmentButton action={removeAdjustment} id={a.id} version={a.version} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">本考评期没有加减分项。</p>
          )}
          {s.overdueSupervisions > 0 ? (
            <p className="mt-2 text-sm" data-testid="supervision-deduct">
              督办逾期扣分：期末逾期督办 {s.overdueSupervisions} 件 × {peers.scheme.overdueSupervisionPoints} 分 = {formatNumber(s.supervisionDeduct, 2)} 分（计入扣分上限）
            </p>
          ) : null}
        </Card>
        {canAdjust ? (
          <Card title="登记加减分">
            <AdjustForm action={adjustScore} unitId={unit.id} period={p.key} indicators={indicators} />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
