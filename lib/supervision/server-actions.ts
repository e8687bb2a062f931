"use server";
import { serverAction } from "@/lib/actions/server-action";
import { cancelSupervisionAction, decideSupervisionAction, issueSupervisionAction, replySupervisionAction } from "./actions";

export const issueSupervision = serverAction(issueSupervisionAction);
export const replySupervision = serverAction(replySupervisionAction);
export const decideSupervision = serverAction(decideSupervisionAction);
export const cancelSupervision = serverAction(cancelSupervisionAction);
