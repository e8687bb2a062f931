"use server";
import { serverAction } from "@/lib/actions/server-action";
import { activateUserAction, resetMfaAction, revokeSessionsAction, unlockUserAction, updatePolicyAction } from "./actions";

export const unlockUser = serverAction(unlockUserAction);
export const revokeSessions = serverAction(revokeSessionsAction);
export const resetMfa = serverAction(resetMfaAction);
export const updatePolicy = serverAction(updatePolicyAction);
export const activateUser = serverAction(activateUserAction);
