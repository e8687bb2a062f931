"use server";
import { serverAction } from "@/lib/actions/server-action";
import { createUserAction, resetPasswordAction, updateUserAction } from "./actions";

export const createUser = serverAction(createUserAction);
export const updateUser = serverAction(updateUserAction);
export const resetUserPassword = serverAction(resetPasswordAction);
