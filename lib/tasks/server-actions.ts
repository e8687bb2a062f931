"use server";
import { serverAction } from "@/lib/actions/server-action";
import { addProgressAction, assignTaskAction, reviewTaskAction, saveMilestoneAction, submitTaskAction, updateResponsibilityAction } from "./actions";

export const assignTask = serverAction(assignTaskAction);
export const updateResponsibility = serverAction(updateResponsibilityAction);
export const saveMilestone = serverAction(saveMilestoneAction);
export const addProgress = serverAction(addProgressAction);
export const submitTask = serverAction(submitTaskAction);
export const reviewTask = serverAction(reviewTaskAction);
