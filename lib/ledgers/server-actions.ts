"use server";
import { serverAction } from "@/lib/actions/server-action";
import { ledgerCreateAction, ledgerUpdateAction } from "./actions";
import { ledgerImportAction } from "./import";

export const createLedgerRecord = serverAction(ledgerCreateAction);
export const updateLedgerRecord = serverAction(ledgerUpdateAction);
export const importLedger = serverAction(ledgerImportAction);
