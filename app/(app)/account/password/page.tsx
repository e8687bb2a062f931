import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui";
import { changePassword } from "@/lib/account/server-actions";
import { can } from "@/lib/auth/permissions";
import { denyPage, requireUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./change-password-form";
import { ZFlagQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "修改密码" };

export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const user = await requireUser({ restricted: "password" });
  // a 大屏 display device has no account of its own to manage
  if (!can(user.role, "account:self")) await denyPage("缺少权限 account:self", user);
  const { required } = parseQuery(ZFlagQuery, await searchParams);
  return (
    <div className="max-w-xl">
      <PageHeader title="修改密码" subtitle={`${user.name}（${user.username}）`} />
      {required || user.mustChangePassword ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status">
          这是初始密码或已被重置的密码，请先设置新密码再使用系统。
        </p>
      ) : null}
      <Card>
        <ChangePasswordForm action={changePassword} />
      </Card>
    </div>
  );
}
