// Kept as the stable import path for the importers; the reader lives in lib/io/spreadsheet/.
export * from "./spreadsheet";
