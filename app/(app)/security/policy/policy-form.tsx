"use client";
import { ActionForm, FormMessage, SubmitButton } from "@/components/forms/action-form";
import { CheckField, TextField } from "@/components/forms/field";
import type { ActionResult } from "@/lib/actions/core";
import type { SecurityPolicy } from "@/lib/security/policy";

type Action = (input: FormData) => Promise<ActionResult<unknown>>;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-800">{title}</legend>
      <div className="grid gap-4 md:grid-cols-2">{children}</div>
    </fieldset>
  );
}

export function PolicyForm({ action, policy, readAt, editable }: { action: Action; policy: SecurityPolicy; readAt: string; editable: boolean }) {
  return (
    <ActionForm action={action} className="space-y-5">
      <input type="hidden" name="readAt" value={readAt} />
      <Section title="口令（身份鉴别）">
        <TextField name="minLength" label="最小长度（位）" defaultValue={policy.password.minLength} hint="不少于 8" required />
        <TextField name="minClasses" label="至少包含的字符类别" defaultValue={policy.password.minClasses} hint="大写、小写、数字、特殊字符四类中，不少于 3 类" required />
        <TextField name="history" label="不得重复使用最近的密码（个）" defaultValue={policy.password.history} hint="0 表示不限制" required />
        <TextField name="maxAgeDays" label="密码有效期（天）" defaultValue={policy.password.maxAgeDays} hint="到期后登录须先修改；0 表示不过期（不符合等保要求）" required />
        <CheckField name="forbidUsername" value="on" label="密码不得包含用户名" defaultChecked={policy.password.forbidUsername} />
        <CheckField name="forbidCommon" value="on" label="禁止常见弱口令" defaultChecked={policy.password.forbidCommon} hint="弱口令表随系统提供（lib/auth/common-passwords.ts）" />
      </Section>
      <Section title="登录失败处理">
        <TextField name="maxFailures" label="连续失败几次锁定账户" defaultValue={policy.lockout.maxFailures} required />
        <TextField name="lockMinutes" label="锁定时长（分钟）" defaultValue={policy.lockout.lockMinutes} required />
        <TextField name="manualAfter" label="一天内锁定几次后须人工解锁" defaultValue={policy.lockout.manualAfter} hint="达到后账户一直锁定，直到安全管理员解锁" required />
        <div />
        <TextField name="throttleMaxFailures" label="同一来源地址失败次数上限" defaultValue={policy.throttle.maxFailures} hint="达到后该地址的登录一律拒绝，直到时间窗滑过" required />
        <TextField name="throttleWindowMinutes" label="统计时间窗（分钟）" defaultValue={policy.throttle.windowMinutes} required />
      </Section>
      <Section title="双因素认证">
        <CheckField name="mfaRequired" value="on" label="所有账户登录须使用动态口令（TOTP）" defaultChecked={policy.mfa.required} hint="等保第三级要求采用两种或以上组合的鉴别技术，其中一种应使用密码技术。关闭后已绑定的账户仍须输入。" />
      </Section>
      <Section title="安全审计">
        <TextField name="retentionDays" label="审计记录保存天数" defaultValue={policy.audit.retentionDays} hint="不少于 184 天（网络安全法要求留存不少于六个月）；更早的记录由运维人员按运维手册定期清理（清理本身记入审计）" required />
      </Section>
      <FormMessage />
      {editable ? <SubmitButton>保存安全策略</SubmitButton> : <p className="text-sm text-slate-500">安全策略由省厅安全管理员设置。</p>}
    </ActionForm>
  );
}
