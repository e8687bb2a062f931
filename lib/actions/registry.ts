// Every action definition, for the authorization matrix and the fuzz tests. A test checks that every export of
// every `server-actions.ts` file is bound to a definition listed here.
import type { ActionDefinition } from "./core";
import { changePasswordAction, enrollTotpAction, renewRecoveryCodesAction } from "@/lib/account/actions";
import { createScheduleAction, toggleScheduleAction } from "@/lib/reports/actions";
import { adjustScoreAction, configureSchemeAction, removeAdjustmentAction } from "@/lib/assessment/actions";
import { activateUserAction, resetMfaAction, revokeSessionsAction, unlockUserAction, updatePolicyAction } from "@/lib/security/actions";
import { createUnitAction, updateUnitAction } from "@/lib/units/actions";
import { createUserAction, resetPasswordAction, updateUserAction } from "@/lib/users/actions";
import { ledgerCreateAction, ledgerUpdateAction } from "@/lib/ledgers/actions";
import { ledgerImportAction } from "@/lib/ledgers/import";
import { saveStatsAction } from "@/lib/stats/actions";
import { statsImportAction } from "@/lib/stats/import";
import { addProgressAction, assignTaskAction, reviewTaskAction, saveMilestoneAction, submitTaskAction, updateResponsibilityAction } from "@/lib/tasks/actions";

/** keyed by the definition's variable name, as imported by the `server-actions.ts` files */
export const ACTION_DEFINITION_MAP = {
  createUnitAction,
  updateUnitAction,
  createUserAction,
  updateUserAction,
  resetPasswordAction,
  changePasswordAction,
  enrollTotpAction,
  renewRecoveryCodesAction,
  unlockUserAction,
  revokeSessionsAction,
  resetMfaAction,
  updatePolicyAction,
  activateUserAction,
  ledgerCreateAction,
  ledgerUpdateAction,
  ledgerImportAction,
  assignTaskAction,
  updateResponsibilityAction,
  saveMilestoneAction,
  addProgressAction,
  submitTaskAction,
  reviewTaskAction,
  saveStatsAction,
  statsImportAction,
  adjustScoreAction,
  removeAdjustmentAction,
  configureSchemeAction,
  createScheduleAction,
  toggleScheduleAction,
} as unknown as Record<string, ActionDefinition>;

export const ACTION_DEFINITIONS: ActionDefinition[] = Object.values(ACTION_DEFINITION_MAP);
