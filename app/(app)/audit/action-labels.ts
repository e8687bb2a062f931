// Chinese names of audit actions for the 审计管理员 (the raw action id stays beside it): every server action and
// route by its own title, plus the events written outside them (login, logout, imports, bootstrap …).
// It lives in the app layer because it names every feature; lib/ never imports all features (no cycles).
// tests/integration/audit-labels.test.ts checks that every bound action and route has its label here.
import "server-only";
import { changePasswordAction, enrollTotpAction, renewRecoveryCodesAction } from "@/lib/account/actions";
import type { ActionDefinition } from "@/lib/actions/core";
import { BUILTIN_AUDIT_EVENTS } from "@/lib/audit/labels";
import { adjustScoreAction, configureSchemeAction, removeAdjustmentAction } from "@/lib/assessment/actions";
import type { RouteDefinition } from "@/lib/http/route-core";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { ledgerImportAction } from "@/lib/ledgers/import";
import { importStatusRoute } from "@/lib/imports/route";
import { ledgerExportRoute, ledgerTemplateRoute } from "@/lib/ledgers/routes";
import { markAllReadAction } from "@/lib/notifications/actions";
import { openNotificationRoute } from "@/lib/notifications/routes";
import { createScheduleAction, toggleScheduleAction } from "@/lib/reports/actions";
import { reportArchiveRoute, reportRenderRoute } from "@/lib/reports/routes";
import { activateUserAction, createDisplayAction, resetMfaAction, revokeDisplayAction, revokeSessionsAction, unlockUserAction, updatePolicyAction } from "@/lib/security/actions";
import { saveStatsAction } from "@/lib/stats/actions";
import { statsImportAction } from "@/lib/stats/import";
import { populationImportAction } from "@/lib/population/import";
import { statsExportRoute } from "@/lib/stats/routes";
import { cancelSupervisionAction, decideSupervisionAction, issueSupervisionAction, replySupervisionAction } from "@/lib/supervision/actions";
import { supervisionExportRoute } from "@/lib/supervision/routes";
import { addProgressAction, assignTaskAction, reviewTaskAction, saveMilestoneAction, submitTaskAction, updateResponsibilityAction } from "@/lib/tasks/actions";
import { attachmentRoute, taskExportRoute } from "@/lib/tasks/routes";
import { createUnitAction, updateUnitAction } from "@/lib/units/actions";
import { createUserAction, resetPasswordAction, updateUserAction } from "@/lib/users/actions";
import { deleteFilterAction, saveFilterAction } from "@/lib/saved-filters/actions";
import { searchSuggestRoute } from "@/lib/search/routes";
import { wallStreamRoute } from "@/lib/wall/routes";

const DEFINITIONS: { name: string; title: string }[] = [
  ...([
    createUnitAction, updateUnitAction, createUserAction, updateUserAction, resetPasswordAction, changePasswordAction,
    enrollTotpAction, renewRecoveryCodesAction, unlockUserAction, revokeSessionsAction, resetMfaAction, updatePolicyAction,
    activateUserAction, ledgerCreateAction, ledgerUpdateAction, ledgerImportAction, assignTaskAction, updateResponsibilityAction,
    saveMilestoneAction, addProgressAction, submitTaskAction, reviewTaskAction, saveStatsAction, statsImportAction, populationImportAction,
    adjustScoreAction, removeAdjustmentAction, configureSchemeAction, createScheduleAction, toggleScheduleAction,
    issueSupervisionAction, replySupervisionAction, decideSupervisionAction, cancelSupervisionAction,
  ] as unknown as ActionDefinition[]),
  ...([
    ledgerExportRoute, ledgerTemplateRoute, importStatusRoute, attachmentRoute, taskExportRoute, statsExportRoute,
    reportRenderRoute, reportArchiveRoute, supervisionExportRoute,
  ] as unknown as RouteDefinition<Record<string, string>>[]),
  // 站内消息
  markAllReadAction as unknown as ActionDefinition,
  openNotificationRoute as unknown as RouteDefinition<Record<string, string>>,
  // issue 12: saved filters and the global search
  ...([saveFilterAction, deleteFilterAction] as unknown as ActionDefinition[]),
  ...([searchSuggestRoute] as unknown as RouteDefinition<Record<string, string>>[]),
  // issue 15: the command-centre wall and its display devices
  ...([createDisplayAction, revokeDisplayAction] as unknown as ActionDefinition[]),
  wallStreamRoute as unknown as RouteDefinition<Record<string, string>>,
];


export const AUDIT_ACTION_LABELS: ReadonlyMap<string, string> = new Map([
  ...DEFINITIONS.map((d) => [d.name, d.title] as const),
  ...Object.entries(BUILTIN_AUDIT_EVENTS),
]);

export function auditActionLabel(action: string): string | null {
  return AUDIT_ACTION_LABELS.get(action) ?? null;
}
