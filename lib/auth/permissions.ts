// The one role → permission table, and the one function that checks it. Tests are generated from this table.
// 三员分立: SYSADMIN, SECADMIN and AUDITOR hold no business permission and none of each other's.

export const ROLES = ["COMMANDER", "OFFICER", "REVIEWER", "ANALYST", "SYSADMIN", "SECADMIN", "AUDITOR", "DISPLAY"] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  COMMANDER: "指挥员",
  OFFICER: "民警",
  REVIEWER: "审核人",
  ANALYST: "分析员",
  SYSADMIN: "系统管理员",
  SECADMIN: "安全管理员",
  AUDITOR: "审计管理员",
  DISPLAY: "大屏",
};

/** Business roles (the ones a system administrator may give to users). */
export const BUSINESS_ROLES: RoleName[] = ["COMMANDER", "OFFICER", "REVIEWER", "ANALYST"];
export const ADMIN_ROLES: RoleName[] = ["SYSADMIN", "SECADMIN", "AUDITOR"];

export const PERMISSION_LABELS = {
  "plan:read": "查看规划纲要",
  "dashboard:read": "查看工作首页",
  "unit:read": "查看组织机构",
  "unit:manage": "管理组织机构",
  "user:read": "查看用户",
  "user:manage": "管理用户",
  "security:read": "查看安全策略与账户状态",
  "security:manage": "设置安全策略、解锁账户、终止会话",
  "audit:read": "查看审计日志",
  "account:self": "修改本人密码",
  "task:read": "查看任务清单与责任清单",
  "task:assign": "交办任务（向下级单位分解）",
  "task:update": "填报任务进展、提交审核",
  "task:review": "审核、退回、销号",
  "ledger:read": "查看清单台账",
  "ledger:write": "登记、修改清单台账",
  "ledger:import": "导入清单台账",
  "ledger:export": "导出清单台账",
  "cockpit:read": "查看指挥驾驶舱",
  "wall:read": "查看指挥中心大屏",
  "stats:read": "查看月度统计",
  "stats:write": "填报、导入月度统计",
  "assessment:read": "查看绩效考评",
  "assessment:adjust": "登记考评加分、扣分",
  "assessment:configure": "设置考评指标体系",
  "report:read": "查看、下载月报",
  "report:generate": "生成月报、设置定期生成",
  "supervision:read": "查看督办单",
  "supervision:issue": "下发督办、验收或退回答复",
  "supervision:reply": "答复督办",
} as const;

export type Permission = keyof typeof PERMISSION_LABELS;
export const PERMISSIONS = Object.keys(PERMISSION_LABELS) as Permission[];

const BUSINESS_COMMON: Permission[] = ["plan:read", "dashboard:read", "account:self", "task:read", "ledger:read", "cockpit:read", "stats:read", "assessment:read", "supervision:read"];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  COMMANDER: [...BUSINESS_COMMON, "wall:read", "task:assign", "ledger:export", "assessment:configure", "report:read", "supervision:issue"],
  OFFICER: [...BUSINESS_COMMON, "task:assign", "task:update", "ledger:write", "ledger:import", "ledger:export", "stats:write", "supervision:reply"],
  REVIEWER: [...BUSINESS_COMMON, "task:review", "assessment:adjust", "supervision:issue"],
  ANALYST: [...BUSINESS_COMMON, "ledger:export", "report:read", "report:generate"],
  SYSADMIN: ["unit:read", "unit:manage", "user:read", "user:manage", "account:self"],
  SECADMIN: ["security:read", "security:manage", "account:self"],
  AUDITOR: ["audit:read", "account:self"],
  // a command-centre display (指挥中心大屏): its unit's walls and their live stream, nothing else — not even its own
  // password (the 安全管理员 creates and revokes it, lib/security/actions.ts)
  DISPLAY: ["wall:read"],
};

export function isRole(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The one permission check. Unknown roles hold nothing. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  if (!isRole(role)) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: string | null | undefined): Permission[] {
  return isRole(role) ? [...ROLE_PERMISSIONS[role]] : [];
}
