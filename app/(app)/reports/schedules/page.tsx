import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, EmptyState, PageHeader, Table, Td, Th } from "@/components/ui";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listSchedules, reportUnits } from "@/lib/reports/queries";
import { unitPickerOptions } from "@/lib/units/picker";
import { createSchedule, toggleSchedule } from "@/lib/reports/server-actions";
import { ScheduleForm, ScheduleToggle } from "./schedule-forms";

export const metadata: Metadata = { title: "定期生成月报" };

export default async function SchedulesPage() {
  const user = await requirePermission("report:generate");
  const [schedules, units] = await Promise.all([listSchedules(userScope(user)), reportUnits(userScope(user))]);
  return (
    <div className="max-w-5xl">
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/reports" className="hover:underline">
          月报
        </Link>{" "}
        › 定期生成
      </nav>
      <PageHeader title="定期生成月报" subtitle="每月指定日（北京时间）由服务器自动生成上月月报并归档；服务器重启或停机后补生成，同一月份只生成一次。" />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="已设置的计划" className="lg:col-span-2">
          {schedules.length ? (
            <Table>
              <thead>
                <tr>
                  <Th>单位</Th>
                  <Th>每月</Th>
                  <Th>最近生成</Th>
                  <Th>状态</Th>
                  <Th>操作</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100" data-testid="schedules">
                {schedules.map((s) => (
                  <tr key={s.id}>
                    <Td>{s.unitName}</Td>
                    <Td>{s.dayOfMonth} 日</Td>
                    <Td className="text-xs">
                      {s.lastPeriod ? `${s.lastPeriod}（${formatDateTime(s.lastRunAt)}）` : "尚未生成"}
                      {s.lastError ? <span className="block text-red-600">上次失败：{s.lastError}</span> : null}
                    </Td>
                    <Td>{s.active ? <Badge tone="green">启用</Badge> : <Badge>停用</Badge>}</Td>
                    <Td>
                      <ScheduleToggle action={toggleSchedule} id={s.id} version={s.version} active={s.active} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <EmptyState title="还没有定期生成计划" />
          )}
        </Card>
        <Card title="新增计划">
          <ScheduleForm action={createSchedule} units={unitPickerOptions(units)} />
        </Card>
      </div>
    </div>
  );
}
