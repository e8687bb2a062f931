// Chinese names of audit actions for the 审计管理员 (the raw action id stays beside it): every server action and
// route by its own title, plus the events written outside them (login, logout, imports, bootstrap …).
import { ACTION_DEFINITIONS } from "@/lib/actions/registry";
import { ROUTE_DEFINITIONS } from "@/lib/http/route-registry";

const OTHER: Record<string, string> = {
  "auth.login": "登录",
  "auth.logout": "退出登录",
  "auth.revoke": "终止会话",
  "auth.lockout": "账户锁定",
  "auth.recovery_code": "使用恢复码",
  "page.view": "访问页面",
  "plan.import": "导入规划纲要",
  "ledger.import.write": "台账导入写入",
  "stats.import.write": "统计导入写入",
  "user.bootstrap": "创建三员账户（命令行）",
  "audit.prune": "清理过期审计记录",
};

let labels: Map<string, string> | undefined;

export function auditActionLabel(action: string): string | null {
  labels ??= new Map([...ACTION_DEFINITIONS.map((d) => [d.name, d.title] as const), ...ROUTE_DEFINITIONS.map((d) => [d.name, d.title] as const), ...Object.entries(OTHER)]);
  return labels.get(action) ?? null;
}
