"use server";
import { serverAction } from "@/lib/actions/server-action";
import { resetMfaAction, revokeSessionsAction, unlockUserAction, updatePolicyAction } from "./actions";

export const unlockUser = serverAction(unlockUserAction);
export const revokeSessions = serverAction(revokeSessionsAction);
export const resetMfa = serverAction(resetMfaAction);
export const updatePolicy = serverAction(updatePolicyAction);
