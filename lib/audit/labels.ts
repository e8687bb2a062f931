// The audit log in words for the 审计管理员: entities, field changes and whole sentences. The names of the server
// actions and routes come from their own definitions (app/(app)/audit/action-labels.ts, the layer that knows every
// feature); the events written outside them (login, logout, imports, bootstrap …) are named here.
import { type Permission, ROLE_LABELS, can, isRole } from "@/lib/auth/permissions";
import { LEDGERS } from "@/lib/ledgers/configs";
import { STATUS_LABELS } from "@/lib/tasks/status";

/** Events written outside the server actions and routes. */
export const BUILTIN_AUDIT_EVENTS: Record<string, string> = {
  "auth.login": "登录",
  "auth.logout": "退出登录",
  "auth.revoke": "终止会话",
  "auth.lockout": "账户锁定",
  "auth.recovery_code": "使用恢复码",
  "page.view": "访问页面",
  "plan.import": "导入规划纲要",
  "ledger.import.write": "台账导入写入",
  "stats.import.write": "统计导入写入",
  "population.import.write": "常住人口导入写入",
  "user.bootstrap": "创建三员账户（命令行）",
  "audit.prune": "清理过期审计记录",
};


// ---- Audit entries as sentences (who did what to which record, what changed), for the 审计日志 page ----


const ENTITY_LABELS: Record<string, string> = {
  User: "用户",
  Unit: "组织机构",
  TaskAssignment: "任务承办",
  ProgressUpdate: "任务进展",
  Milestone: "任务节点",
  Plan: "规划纲要",
  StatValue: "月度统计",
  UnitPopulation: "常住人口",
  ImportJob: "导入任务",
  Notification: "站内消息",
  ReportArchive: "月报归档",
  ReportSchedule: "月报定期生成",
  AssessmentScheme: "考评方案",
  Supervision: "督办单",
  AssessmentAdjustment: "考评加减分",
  Setting: "安全策略",
  Session: "会话",
  Action: "操作",
  Route: "接口",
  Page: "页面",
  AuditLog: "审计记录",
  SavedFilter: "保存的筛选",
};

const LEDGER_BY_MODEL = new Map<string, (typeof LEDGERS)[keyof typeof LEDGERS]>(Object.values(LEDGERS).map((c) => [c.model, c]));

export function auditEntityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? LEDGER_BY_MODEL.get(entity)?.title ?? entity;
}

/** Where the record can be opened, when the viewer's role may open it; null otherwise. */
export function auditEntityHref(entity: string, entityId: string | null, role: string): string | null {
  if (!entityId || !/^\d+$/.test(entityId)) return null;
  const ledger = LEDGER_BY_MODEL.get(entity);
  const target: [string, Permission] | null = ledger
    ? [`/ledgers/${ledger.key}/${entityId}`, "ledger:read"]
    : entity === "User"
      ? [`/admin/users/${entityId}`, "user:read"]
      : entity === "Unit"
        ? [`/admin/units/${entityId}`, "unit:read"]
        : entity === "TaskAssignment"
          ? [`/tasks/${entityId}`, "task:read"]
          : entity === "ReportArchive"
            ? [`/reports/archive/${entityId}`, "report:read"]
            : null;
  return target && can(role, target[1]) ? target[0] : null;
}

const FIELD_LABELS: Record<string, string> = {
  username: "用户名",
  name: "姓名",
  badgeNo: "警号",
  unitId: "单位",
  unit: "单位",
  role: "角色",
  status: "状态",
  month: "月份",
  values: "数值",
  ledger: "台账",
  code: "编号",
  filename: "文件",
  size: "大小（字节）",
  rows: "行数",
  inserted: "新增",
  skipped: "跳过",
  format: "格式",
  decision: "审核结论",
  reason: "理由",
  reviewUnit: "审核单位",
  deadline: "截止日期",
  units: "单位",
  percent: "完成进度",
  content: "进展情况",
  dutyType: "责任类型",
  leaderName: "责任领导",
  leaderTitle: "领导职务",
  officerName: "责任民警",
  officerPhone: "联系电话",
  accountability: "问责情形",
  planText: "工作计划",
  period: "统计期",
  points: "分值",
  version: "版本",
  active: "启用",
  confirmed: "已核实",
  confirmedWarnings: "已核实的提示",
  filters: "筛选条件",
  template: "模板",
  kind: "类型",
  taskId: "任务",
  parentId: "上级承办",
  list: "列表",
  query: "筛选条件",
  filterName: "筛选名称",
};

const VALUE_LABELS: Record<string, string> = {
  ...STATUS_LABELS,
  ...ROLE_LABELS,
  ACTIVE: "启用",
  DISABLED: "停用",
  CLOSE: "通过（销号）",
  RETURN: "退回",
  LEAD: "牵头",
  SUPPORT: "配合",
};

function fieldLabel(entity: string, key: string): string {
  const ledger = LEDGER_BY_MODEL.get(entity);
  return ledger?.fields.find((f) => f.key === key)?.label ?? FIELD_LABELS[key] ?? key;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === "") return "（空）";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "string") return VALUE_LABELS[v] ?? (v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (typeof v === "number") return v.toLocaleString("zh-CN");
  if (Array.isArray(v)) {
    const parts = v.slice(0, 5).map((x) => (Array.isArray(x) ? x.map(valueText).join(" ") : valueText(x)));
    return `${parts.join("、")}${v.length > 5 ? ` 等 ${v.length} 项` : ""}`;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null && x !== "");
    const parts = entries.slice(0, 4).map(([k, x]) => `${FIELD_LABELS[k] ?? k} ${valueText(x)}`);
    return entries.length ? `${parts.join("，")}${entries.length > 4 ? ` 等 ${entries.length} 项` : ""}` : "（空）";
  }
  return String(v);
}

/** What changed, field by field in words: "状态：推进中 → 待审核"; a record without a before lists its values. */
export function auditChanges(entity: string, before: unknown, after: unknown): string[] {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : null;
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, unknown>) : null;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => k !== "ledger" && k !== "version");
  const lines: string[] = [];
  for (const k of keys) {
    const was = b?.[k];
    const now = a?.[k];
    if (b && a && JSON.stringify(was) === JSON.stringify(now)) continue;
    const label = fieldLabel(entity, k);
    if (b && a && k in b) lines.push(`${label}：${valueText(was)} → ${valueText(now)}`);
    else if (a && k in a) lines.push(`${label}：${valueText(now)}`);
    else lines.push(`${label}：${valueText(was)}（已删除）`);
  }
  if (!b && !a && (before !== null && before !== undefined)) lines.push(`原值：${valueText(before)}`);
  if (!a && after !== null && after !== undefined && !b) lines.push(valueText(after));
  return lines;
}

const RESULT_WORDS: Record<string, string> = { success: "", denied: "（被拒绝）", failure: "（失败）" };

/** "张三（民警）填报进展：任务承办 #12（被拒绝）" */
export function auditSentence(
  row: { username: string | null; role: string | null; action: string; entity: string; entityId: string | null; result: string },
  /** the action's own title (from its definition), when the caller knows it */
  actionLabel: string | null = null,
): string {
  const who = row.username ? `${row.username}${row.role && isRole(row.role) ? `（${ROLE_LABELS[row.role]}）` : ""}` : "未登录的访问者";
  const what = actionLabel ?? BUILTIN_AUDIT_EVENTS[row.action] ?? "执行操作";
  const target = `${auditEntityLabel(row.entity)}${row.entityId ? ` #${row.entityId}` : ""}`;
  return `${who}${what}：${target}${RESULT_WORDS[row.result] ?? ""}`;
}
