"use server";
import { serverAction } from "@/lib/actions/server-action";
import { createScheduleAction, toggleScheduleAction } from "./actions";

export const createSchedule = serverAction(createScheduleAction);
export const toggleSchedule = serverAction(toggleScheduleAction);
