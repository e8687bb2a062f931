"use server";
import { serverAction } from "@/lib/actions/server-action";
import { adjustScoreAction, configureSchemeAction, removeAdjustmentAction } from "./actions";

export const adjustScore = serverAction(adjustScoreAction);
export const removeAdjustment = serverAction(removeAdjustmentAction);
export const configureScheme = serverAction(configureSchemeAction);
