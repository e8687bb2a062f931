import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, PageHeader, inputClass, buttonClass } from "@/components/ui";
import { requirePermission } from "@/lib/auth/session";
import { userScope } from "@/lib/auth/scope";
import { COUNTY_KIND_LABELS, UNIT_LEVEL_LABELS } from "@/lib/units/labels";
import { activeUsersByUnit, listUnitsInScope } from "@/lib/units/queries";
import { ZSearchQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "组织机构" };

export default async function UnitsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const viewer = await requirePermission("unit:read");
  const { q } = parseQuery(ZSearchQuery, await searchParams);
  const [units, users] = await Promise.all([
    listUnitsInScope(viewer),
    activeUsersByUnit(userScope(viewer)),
  ]);
  const base = units[0]?.depth ?? 0;
  const query = q.trim();
  const shown = query ? units.filter((u) => u.name.includes(query) || u.code.startsWith(query)) : units;
  const counts = { CITY: 0, COUNTY: 0, STATION: 0, DEPARTMENT: 0 } as Record<string, number>;
  for (const u of units) if (u.level in counts && u.active) counts[u.level]++;
  return (
    <div>
      <PageHeader
        title="组织机构"
        subtitle={`市州 ${counts.CITY} · 县区 ${counts.COUNTY}（含功能区）· 派出所 ${counts.STATION} · 警种部门 ${counts.DEPARTMENT}。省、市州、县区按国家统计局区划代码维护。`}
      />
      <form className="mb-4 flex max-w-md gap-2" role="search">
        <input name="q" defaultValue={q} placeholder="单位名称或代码" aria-label="搜索单位" className={inputClass} />
        <button className={buttonClass("primary")}>搜索</button>
      </form>
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <ul className="divide-y divide-slate-100 text-sm">
          {shown.map((u) => (
            <li key={u.id} className="flex items-center justify-between gap-3 px-3 py-1.5 hover:bg-slate-50" style={{ paddingLeft: `${0.75 + (query ? 0 : u.depth - base) * 1.5}rem` }}>
              <span className="flex items-center gap-2">
                <Link href={`/admin/units/${u.id}`} className={`font-medium hover:underline ${u.active ? "text-slate-900" : "text-slate-400 line-through"}`}>
                  {u.name}
                </Link>
                <span className="font-mono text-xs text-slate-400">{u.code}</span>
                <Badge tone={u.level === "DEPARTMENT" ? "amber" : u.level === "STATION" ? "slate" : "blue"}>{u.kind ? COUNTY_KIND_LABELS[u.kind] : UNIT_LEVEL_LABELS[u.level]}</Badge>
                {!u.active ? <Badge tone="red">已停用</Badge> : null}
              </span>
              <span className="text-xs text-slate-500">{users.get(u.id) ? `${users.get(u.id)} 个用户` : ""}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
