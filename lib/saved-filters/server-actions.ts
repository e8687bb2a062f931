"use server";
import { serverAction } from "@/lib/actions/server-action";
import { deleteFilterAction, saveFilterAction } from "./actions";

export const saveFilter = serverAction(saveFilterAction);
export const deleteFilter = serverAction(deleteFilterAction);
