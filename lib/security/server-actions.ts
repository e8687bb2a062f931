"use server";
import { serverAction } from "@/lib/actions/server-action";
import { activateUserAction, createDisplayAction, resetMfaAction, revokeDisplayAction, revokeSessionsAction, unlockUserAction, updatePolicyAction } from "./actions";

export const unlockUser = serverAction(unlockUserAction);
export const revokeSessions = serverAction(revokeSessionsAction);
export const resetMfa = serverAction(resetMfaAction);
export const updatePolicy = serverAction(updatePolicyAction);
export const activateUser = serverAction(activateUserAction);
export const createDisplay = serverAction(createDisplayAction);
export const revokeDisplay = serverAction(revokeDisplayAction);
