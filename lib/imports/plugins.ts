// The import plug-ins by kind. Adding a kind: a row in ./kinds.ts, a plug-in here.
import { ledgerImport } from "@/lib/ledgers/import";
import { populationImport } from "@/lib/population/import";
import { statsImport } from "@/lib/stats/import";
import type { ImportKind, ImportPlugin } from "./kinds";

export const PLUGINS: Record<ImportKind, ImportPlugin> = { ledger: ledgerImport, stats: statsImport, population: populationImport };
