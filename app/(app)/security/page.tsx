import type { Metadata } from "next";
import { Badge, EmptyState, PageHeader, Table, Td, Th, inputClass, buttonClass } from "@/components/ui";
import { ROLE_LABELS, type RoleName } from "@/lib/auth/permissions";
import { userScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { activateUser, createDisplay, resetMfa, revokeDisplay, revokeSessions, unlockUser } from "@/lib/security/server-actions";
import { ActivateButton, CreateDisplayForm, RevokeDisplayButton, SecurityButtons } from "./security-buttons";
import { ZSearchQuery, parseQuery } from "@/lib/http/query";
import { displayDevices, pendingActivations, securityUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "安全管理" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const viewer = await requirePermission("security:read");
  const { q } = parseQuery(ZSearchQuery, await searchParams);
  const now = new Date();
  const query = q.trim();
  const users = await securityUsers(userScope(viewer), query, now);
  const pending = await pendingActivations(userScope(viewer));
  const displays = await displayDevices(userScope(viewer));
  return (
    <div>
      <PageHeader title="安全管理" subtitle={query ? `搜索「${query}」` : "当前锁定或有登录失败记录的账户。输入用户名可查找任意账户。"} />
      <form className="mb-4 flex max-w-md gap-2" role="search">
        <input name="q" defaultValue={q} placeholder="用户名或姓名" aria-label="查找账户" className={inputClass} />
        <button className={buttonClass("primary")}>查找</button>
      </form>
      <section className="mb-6" aria-labelledby="pending-title">
        <h2 id="pending-title" className="mb-1 text-base font-semibold text-slate-800">
          待激活账户（{pending.length}）
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          系统管理员新建或重置密码的账户须由安全管理员激活后才能登录。激活时生成初始密码，只向您显示一次，请核实本人身份后交付；系统只保存其摘要。
        </p>
        {pending.length ? (
          <Table>
            <thead>
              <tr>
                <Th>用户名</Th>
                <Th>姓名</Th>
                <Th>角色</Th>
                <Th>单位</Th>
                <Th>状态</Th>
                <Th>申请时间</Th>
                <Th>操作</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="pending-accounts">
              {pending.map((u) => (
                <tr key={u.id}>
                  <Td className="font-medium">{u.username}</Td>
                  <Td>{u.name}</Td>
                  <Td>{ROLE_LABELS[u.role as RoleName]}</Td>
                  <Td>{u.unit.name}</Td>
                  <Td>
                    <Badge tone="amber">{u.pendingActivation === "CREATED" ? "待激活（新建）" : "待激活（密码已重置）"}</Badge>
                    {u.status === "DISABLED" ? <span className="ml-1"><Badge tone="red">停用</Badge></span> : null}
                  </Td>
                  <Td className="text-xs">{formatDateTime(u.pendingSince)}</Td>
                  <Td>{u.id === viewer.id ? <span className="text-xs text-slate-500">本人账户须由另一名安全管理员激活</span> : <ActivateButton userId={u.id} username={u.username} activate={activateUser} />}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="没有待激活的账户" />
        )}
      </section>
      <section className="mb-6" aria-labelledby="display-title">
        <h2 id="display-title" className="mb-1 text-base font-semibold text-slate-800">
          大屏设备（{displays.devices.filter((d) => d.status === "ACTIVE").length}）
        </h2>
        <p className="mb-3 text-sm text-slate-600">指挥中心大屏使用的设备账号：绑定一个单位，只读，只能打开该单位及下级单位的大屏页面。在大屏上登录一次，会话 30 天有效；吊销后立即失效。新增、吊销均记入审计日志。</p>
        <div className="mb-3">
          <CreateDisplayForm units={displays.units} create={createDisplay} />
        </div>
        {displays.devices.length ? (
          <Table>
            <thead>
              <tr>
                <Th>设备名称</Th>
                <Th>账号</Th>
                <Th>单位</Th>
                <Th>状态</Th>
                <Th>新增时间</Th>
                <Th>最近登录</Th>
                <Th>操作</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100" data-testid="display-devices">
              {displays.devices.map((d) => (
                <tr key={d.id}>
                  <Td className="font-medium">{d.name}</Td>
                  <Td className="font-mono text-xs">{d.username}</Td>
                  <Td>{d.unit.name}</Td>
                  <Td>{d.status === "ACTIVE" ? <Badge tone="green">有效</Badge> : <Badge tone="red">已吊销</Badge>}</Td>
                  <Td className="text-xs">{formatDateTime(d.createdAt)}</Td>
                  <Td className="text-xs">{d.lastLoginAt ? `${formatDateTime(d.lastLoginAt)} ${d.lastLoginIp ?? ""}` : "尚未登录"}</Td>
                  <Td>{d.status === "ACTIVE" ? <RevokeDisplayButton userId={d.id} name={d.name} revoke={revokeDisplay} /> : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="还没有大屏设备" />
        )}
      </section>
      {users.length ? (
        <Table>
          <thead>
            <tr>
              <Th>用户名</Th>
              <Th>姓名</Th>
              <Th>角色</Th>
              <Th>单位</Th>
              <Th>状态</Th>
              <Th>连续失败</Th>
              <Th>动态口令</Th>
              <Th>最近登录</Th>
              <Th>操作</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => {
              const locked = u.lockedManual || (!!u.lockedUntil && u.lockedUntil > now);
              return (
                <tr key={u.id}>
                  <Td className="font-medium">{u.username}</Td>
                  <Td>{u.name}</Td>
                  <Td>{ROLE_LABELS[u.role as RoleName]}</Td>
                  <Td>{u.unit.name}</Td>
                  <Td>
                    {u.lockedManual ? (
                      <Badge tone="red">锁定，须人工解锁</Badge>
                    ) : locked ? (
                      <Badge tone="amber">锁定至 {formatDateTime(u.lockedUntil)}</Badge>
                    ) : u.pendingActivation ? (
                      <Badge tone="amber">待激活</Badge>
                    ) : u.status === "DISABLED" ? (
                      <Badge tone="red">停用</Badge>
                    ) : (
                      <Badge tone="green">正常</Badge>
                    )}
                    {u.lockoutCount && u.lockoutDay ? <span className="block text-xs text-slate-500">{u.lockoutDay} 锁定 {u.lockoutCount} 次</span> : null}
                  </Td>
                  <Td>{u.failedLoginCount}</Td>
                  <Td className="text-xs">{u.mfaExempt ? "演示账号免" : u.totpEnabledAt ? `已绑定（${formatDateTime(u.totpEnabledAt)}）` : "未绑定"}</Td>
                  <Td className="text-xs">{u.lastLoginAt ? `${formatDateTime(u.lastLoginAt)} ${u.lastLoginIp ?? ""}` : "—"}</Td>
                  <Td>
                    <SecurityButtons userId={u.id} username={u.username} locked={locked} mfa={!!u.totpEnabledAt && u.id !== viewer.id} unlock={unlockUser} revoke={revokeSessions} resetMfa={resetMfa} />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : (
        <EmptyState title={query ? "没有匹配的账户" : "当前没有锁定或登录失败的账户"} />
      )}
    </div>
  );
}
