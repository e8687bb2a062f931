// Pages read through lib/<feature>/queries.ts (README, query-module contract): no page, layout or other component
// under app/ or components/ imports the database client or generated Prisma code, or calls getDb() itself. ESLint
// refuses the same imports (eslint.config.mjs); this scan keeps the rule even where lint is not run.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

function tsxFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    return e.isDirectory() ? tsxFiles(p) : e.name.endsWith(".tsx") ? [p] : [];
  });
}

/** An import (static, dynamic, require, re-export) of lib/db, lib/db/… or lib/generated/…, by alias or relative path. */
const DB_IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'](?:@\/|(?:\.{1,2}\/)+)lib\/(?:db|generated)(?:\/[^"']*)?["']/;
const GET_DB = /\bgetDb\s*\(/;

function offences(source: string): string[] {
  return source.split("\n").flatMap((line, i) => (DB_IMPORT.test(line) || GET_DB.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe("pages read through lib/<feature>/queries.ts", () => {
  const files = [...tsxFiles("app"), ...tsxFiles("components")];

  it("the scan sees every page and layout", () => {
    expect(files.filter((f) => f.endsWith("/page.tsx")).length).toBeGreaterThan(30);
    expect(files).toContain("app/(app)/layout.tsx");
  });

  it("recognises the spellings it forbids", () => {
    for (const bad of [
      'import { getDb } from "@/lib/db";',
      'import type { Prisma } from "@/lib/generated/prisma/client";',
      'import { createPrismaClient } from "../../../lib/db/client";',
      'const { getDb } = await import("@/lib/db");',
      "const rows = await getDb().unit.findMany();",
    ])
      expect(offences(bad), bad).toHaveLength(1);
    expect(offences('import { ledgerPage } from "@/lib/ledgers/queries";\nimport { dbLabel } from "@/lib/dbx";')).toEqual([]);
  });

  it.each(files.filter((f) => /\/(?:page|layout)\.tsx$/.test(f)))("%s", (file) => {
    expect(offences(fs.readFileSync(path.join(ROOT, file), "utf8"))).toEqual([]);
  });

  it("no other component under app/ or components/ reaches the database either", () => {
    const found = files.filter((f) => !/\/(?:page|layout)\.tsx$/.test(f)).flatMap((f) => offences(fs.readFileSync(path.join(ROOT, f), "utf8")).map((o) => `${f}:${o}`));
    expect(found).toEqual([]);
  });
});
