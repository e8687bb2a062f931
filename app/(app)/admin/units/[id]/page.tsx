import type { Metadata } from "next";
import Link from "@/components/link";
import { Card, PageHeader } from "@/components/ui";
import { can } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { denyPage, requirePermission } from "@/lib/auth/session";
import { COUNTY_KIND_LABELS, UNIT_LEVEL_LABELS } from "@/lib/units/labels";
import { unitDetail } from "@/lib/units/queries";
import { createUnit, updateUnit } from "@/lib/units/server-actions";
import { CreateChildUnitForm, EditUnitForm } from "../unit-forms";

export const metadata: Metadata = { title: "单位详情" };

export default async function UnitPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("unit:read");
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return denyPage("编号无效", viewer);
  const unit = await unitDetail(userScope(viewer), id);
  if (!unit) return denyPage("单位不存在或超出管辖范围", viewer);
  const manage = can(viewer.role, "unit:manage");
  const levels = [
    ...(unit.level === "COUNTY" || unit.level === "CITY" ? [{ value: "STATION", label: "派出所" }] : []),
    ...(unit.level === "PROVINCE" || unit.level === "CITY" || unit.level === "COUNTY" ? [{ value: "DEPARTMENT", label: "警种部门" }] : []),
  ];
  return (
    <div>
      <nav className="mb-3 text-sm text-slate-500">
        <Link href="/admin/units" className="hover:underline">
          组织机构
        </Link>{" "}
        › {unit.name}
      </nav>
      <PageHeader
        title={unit.name}
        subtitle={`代码 ${unit.code} · ${unit.kind ? COUNTY_KIND_LABELS[unit.kind] : UNIT_LEVEL_LABELS[unit.level]} · 上级 ${unit.parent?.name ?? "—"} · ${unit._count.users} 个用户 · ${unit._count.children} 个下级单位`}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title="单位信息">{manage ? <EditUnitForm action={updateUnit} unit={{ id: unit.id, version: unit.version, name: unit.name, shortName: unit.shortName, active: unit.active }} /> : <p className="text-sm">{unit.name}</p>}</Card>
        {manage && levels.length ? (
          <Card title="新建下级单位">
            <CreateChildUnitForm action={createUnit} parentId={unit.id} levels={levels} />
          </Card>
        ) : null}
      </div>
    </div>
  );
}
