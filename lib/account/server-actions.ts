"use server";
import { serverAction } from "@/lib/actions/server-action";
import { changePasswordAction } from "./actions";

export const changePassword = serverAction(changePasswordAction);
