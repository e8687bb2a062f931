"use server";
import { serverAction } from "@/lib/actions/server-action";
import { saveStatsAction } from "./actions";
import { statsImportAction } from "./import";

export const saveStats = serverAction(saveStatsAction);
export const importStats = serverAction(statsImportAction);
