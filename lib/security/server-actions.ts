"use server";
import { serverAction } from "@/lib/actions/server-action";
import { revokeSessionsAction, unlockUserAction } from "./actions";

export const unlockUser = serverAction(unlockUserAction);
export const revokeSessions = serverAction(revokeSessionsAction);
