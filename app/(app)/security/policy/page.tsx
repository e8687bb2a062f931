import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { currentPolicy } from "@/lib/security/queries";
import { updatePolicy } from "@/lib/security/server-actions";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "安全策略" };

export default async function PolicyPage() {
  const viewer = await requirePermission("security:read");
  const { policy, saved } = await currentPolicy();
  return (
    <div className="max-w-4xl">
      <PageHeader
        title="安全策略"
        subtitle={saved ? `最后修改：${formatDateTime(saved.at)}${saved.by ? `，${saved.by.name}（${saved.by.username}）` : ""}。保存后立即生效，修改记入审计日志。` : "当前使用默认值（等保 2.0 第三级要求）。保存后立即生效，修改记入审计日志。"}
      />
      <Card>
        <PolicyForm action={updatePolicy} policy={policy} readAt={saved?.at.toISOString() ?? ""} editable={viewer.unitLevel === "PROVINCE"} />
      </Card>
    </div>
  );
}
