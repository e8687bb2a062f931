import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  /** null: every signed-in user */
  permission: Permission | null;
}

/** The navigation, filtered by the one permission table. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "工作首页", permission: null },
  { href: "/notifications", label: "站内消息", permission: "dashboard:read" },
  { href: "/cockpit", label: "指挥驾驶舱", permission: "cockpit:read" },
  { href: "/plan", label: "规划纲要", permission: "plan:read" },
  { href: "/tasks", label: "任务清单", permission: "task:read" },
  { href: "/reviews", label: "待我审核", permission: "task:review" },
  { href: "/supervision", label: "督办", permission: "supervision:read" },
  { href: "/battle-map", label: "挂图作战", permission: "task:read" },
  { href: "/ledgers", label: "清单台账", permission: "ledger:read" },
  { href: "/stats", label: "月度统计", permission: "stats:read" },
  { href: "/assessment", label: "绩效考评", permission: "assessment:read" },
  { href: "/reports", label: "月报", permission: "report:read" },
  { href: "/kpi", label: "指标口径", permission: "cockpit:read" },
  { href: "/admin/users", label: "用户管理", permission: "user:read" },
  { href: "/admin/units", label: "组织机构", permission: "unit:read" },
  { href: "/security", label: "安全管理", permission: "security:read" },
  { href: "/security/policy", label: "安全策略", permission: "security:read" },
  { href: "/audit", label: "审计日志", permission: "audit:read" },
];
