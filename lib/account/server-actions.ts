"use server";
import { serverAction } from "@/lib/actions/server-action";
import { changePasswordAction, enrollTotpAction, renewRecoveryCodesAction } from "./actions";

export const changePassword = serverAction(changePasswordAction);
export const enrollTotp = serverAction(enrollTotpAction);
export const renewRecoveryCodes = serverAction(renewRecoveryCodesAction);
