"use server";
import { serverAction } from "@/lib/actions/server-action";
import { createUnitAction, updateUnitAction } from "./actions";

export const createUnit = serverAction(createUnitAction);
export const updateUnit = serverAction(updateUnitAction);
