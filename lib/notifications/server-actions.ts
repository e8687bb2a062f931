"use server";
import { serverAction } from "@/lib/actions/server-action";
import { markAllReadAction } from "./actions";

export const markAllNotificationsRead = serverAction(markAllReadAction);
