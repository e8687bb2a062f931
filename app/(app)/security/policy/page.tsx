import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { SECURITY_POLICY_KEY, getSecurityPolicy } from "@/lib/security/policy";
import { updatePolicy } from "@/lib/security/server-actions";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "安全策略" };

export default async function PolicyPage() {
  const viewer = await requirePermission("security:read");
  const db = getDb();
  const [policy, row] = await Promise.all([getSecurityPolicy(db), db.setting.findUnique({ where: { key: SECURITY_POLICY_KEY }, select: { updatedAt: true, updatedById: true } })]);
  const by = row?.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true, username: true } }) : null;
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="安全策略"
        subtitle={row ? `最后修改：${formatDateTime(row.updatedAt)}${by ? `，${by.name}（${by.username}）` : ""}。保存后立即生效，修改记入审计日志。` : "当前使用默认值（等保 2.0 第三级要求）。保存后立即生效，修改记入审计日志。"}
      />
      <Card>
        <PolicyForm action={updatePolicy} policy={policy} readAt={row?.updatedAt.toISOString() ?? ""} editable={viewer.unitLevel === "PROVINCE"} />
      </Card>
    </div>
  );
}
