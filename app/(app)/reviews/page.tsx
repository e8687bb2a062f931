import type { Metadata } from "next";
import Link from "@/components/link";
import { EmptyState, PageHeader, Table, Td, Th } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatDate, formatDateTime } from "@/lib/format";
import { reviewQueue } from "@/lib/tasks/queries";

export const metadata: Metadata = { title: "待我审核" };

export default async function ReviewsPage() {
  const user = await requirePermission("task:review");
  const rows = await reviewQueue(user);
  return (
    <div>
      <PageHeader title="待我审核" subtitle={`提交到${user.unitName}审核的任务，按提交时间先后排列。通过后转上一级审核，末级审核通过即销号；退回须写明理由。`} />
      {rows.length ? (
        <Table>
          <thead>
            <tr>
              <Th>任务</Th>
              <Th>承办单位</Th>
              <Th>进度</Th>
              <Th>时限</Th>
              <Th>提交时间</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100" data-testid="review-rows">
            {rows.map((r) => (
              <tr key={r.id}>
                <Td>
                  <Link href={`/tasks/${r.id}?from=queue`} className="text-police-600 hover:underline">
                    <span className="mr-1 font-mono text-xs text-slate-500">{r.task.code}</span>
                    {r.task.title}
                  </Link>
                </Td>
                <Td>{r.unit.name}</Td>
                <Td>{r.progress}%</Td>
                <Td>{formatDate(r.deadline, { utcDate: true })}</Td>
                <Td>{formatDateTime(r.submittedAt)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <EmptyState title="没有等待您审核的任务" />
      )}
    </div>
  );
}
