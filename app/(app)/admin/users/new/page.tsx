import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui";
import { BUSINESS_ROLES, ROLE_LABELS } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { unitPickerOptions } from "@/lib/units/picker";
import { listUnitsInScope } from "@/lib/units/queries";
import { createUser } from "@/lib/users/server-actions";
import { CreateUserForm } from "../user-forms";

export const metadata: Metadata = { title: "新建用户" };

export default async function NewUserPage() {
  const viewer = await requirePermission("user:manage");
  const units = await listUnitsInScope(viewer);
  return (
    <div>
      <PageHeader title="新建用户" subtitle="系统生成初始密码，用户首次登录须修改。" />
      <Card>
        <CreateUserForm
          action={createUser}
          units={unitPickerOptions(units, { keep: (u) => u.active })}
          roles={BUSINESS_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
      </Card>
    </div>
  );
}
