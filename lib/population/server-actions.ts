"use server";
import { serverAction } from "@/lib/actions/server-action";
import { populationImportAction } from "./import";

export const importPopulation = serverAction(populationImportAction);
