// Known-vulnerable framework versions must never come back through the lockfile. The floor the platform must never
// go below is Next.js 16.0.10 / React 19.2.3 (the December 2025 React Server Components fixes); the floors below are
// the later security releases recorded in docs/dependency-review.md, which the lockfile already meets.
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { version?: string }> };

function atLeast(version: string, min: string): boolean {
  const a = version.split(/[.-]/).slice(0, 3).map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

const MINIMUM: Record<string, string> = { next: "16.3.3", react: "19.2.8", "react-dom": "19.2.8", "next-auth": "4.24.15" };

describe("dependency floor", () => {
  it.each(Object.entries(MINIMUM))("every %s in the lockfile is at least %s", (name, min) => {
    const found = Object.entries(lock.packages).filter(([p]) => p === `node_modules/${name}` || p.endsWith(`/node_modules/${name}`));
    expect(found.length, `${name} is not in the lockfile`).toBeGreaterThan(0);
    for (const [p, v] of found) expect(atLeast(v.version!, min), `${p}@${v.version} < ${min}`).toBe(true);
  });

  it("the comparison itself works", () => {
    expect(atLeast("16.0.9", "16.0.10")).toBe(false);
    expect(atLeast("16.0.10", "16.0.10")).toBe(true);
    expect(atLeast("19.2.2", "19.2.3")).toBe(false);
    expect(atLeast("19.3.1", "19.2.3")).toBe(true);
  });
});
