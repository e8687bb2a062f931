import type { Metadata } from "next";
import Link from "@/components/link";
import { Badge, Card, PageHeader } from "@/components/ui";
import { enrolContext } from "@/lib/account/actions";
import { mfaState } from "@/lib/account/queries";
import { enrollTotp, renewRecoveryCodes } from "@/lib/account/server-actions";
import { newTotpSecret, totpEnrolment } from "@/lib/auth/totp";
import { can } from "@/lib/auth/permissions";
import { denyPage, requireUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { seal } from "@/lib/security/secret-box";
import { EnrolForm, RenewForm } from "./mfa-forms";
import { ZFlagQuery, parseQuery } from "@/lib/http/query";

export const metadata: Metadata = { title: "动态口令" };

export default async function MfaPage({ searchParams }: { searchParams: Promise<{ required?: string; change?: string }> }) {
  const user = await requireUser({ restricted: "mfa" });
  // a 大屏 display device has no account of its own to manage
  if (!can(user.role, "account:self")) await denyPage("缺少权限 account:self", user);
  const { change } = parseQuery(ZFlagQuery, await searchParams);
  const row = await mfaState(user.id);
  const enrolled = !!row.totpEnabledAt;
  // a fresh key for each visit, sealed for this user only: nothing is stored until the user proves the app has it
  const secret = !enrolled || change ? newTotpSecret() : null;
  const enrolment = secret ? await totpEnrolment(secret, user.username) : null;
  const pending = secret ? seal(secret, enrolContext(user.id)) : null;

  return (
    <div className="max-w-3xl">
      <PageHeader title="动态口令（双因素认证）" subtitle={`${user.name}（${user.username}）`} />
      {user.restriction === "mfa" ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status">
          按安全策略，每个账户登录时除密码外还须输入动态口令。请先绑定验证器，再使用系统。
        </p>
      ) : null}
      {row.mfaExempt ? (
        <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">本账户为演示账号，登录时免动态口令（仅演示数据中存在）。</p>
      ) : null}
      {enrolled ? (
        <Card className="mb-4">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <Badge tone="green">已绑定</Badge>
            <span>绑定时间：{formatDateTime(row.totpEnabledAt)}</span>
            <span data-testid="recovery-left">剩余恢复码：{row._count.recoveryCodes} 个</span>
            {!change ? (
              <Link className="text-police-700 underline" href="/account/mfa?change=1">
                更换验证器
              </Link>
            ) : null}
          </div>
          {!change ? (
            <div className="mt-4 border-t border-slate-100 pt-4">
              <h2 className="mb-2 text-sm font-semibold">重新生成恢复码</h2>
              <p className="mb-3 text-sm text-slate-600">恢复码用完或可能泄露时，输入当前动态口令生成新的 10 个恢复码，旧的全部作废。</p>
              <RenewForm action={renewRecoveryCodes} />
            </div>
          ) : null}
        </Card>
      ) : null}
      {enrolment && pending ? (
        <Card>
          <ol className="mb-4 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            <li>在手机上打开任一验证器应用（如 FreeOTP、Google Authenticator、Microsoft Authenticator、手机厂商自带的验证器）。</li>
            <li>扫描下方二维码；无法扫码时，手动输入密钥。</li>
            <li>输入验证器显示的 6 位数字完成绑定，然后保存页面给出的 10 个恢复码。</li>
          </ol>
          <div className="flex flex-wrap items-start gap-6">
            {/* drawn on the server by the qrcode package: the key never leaves this system */}
            <div className="rounded border border-slate-200 bg-white p-2" data-testid="totp-qr" role="img" aria-label="动态口令二维码" dangerouslySetInnerHTML={{ __html: enrolment.svg }} />
            <div className="min-w-0 flex-1 space-y-3 text-sm">
              <div>
                <div className="text-slate-500">手动输入的密钥（基于时间，6 位，30 秒）</div>
                <code className="block break-all rounded bg-slate-100 px-2 py-1 font-mono text-base tracking-wider" data-testid="totp-secret">
                  {secret!.replace(/(.{4})/g, "$1 ").trim()}
                </code>
              </div>
              <EnrolForm action={enrollTotp} pending={pending} />
            </div>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
