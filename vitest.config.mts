import path from "node:path";
import { defineConfig } from "vitest/config";

const shared = {
  resolve: {
    tsconfigPaths: true,
    // server-only throws outside React Server Components; the code under test is server code run in Node
    alias: { "server-only": path.resolve("tests/support/empty.ts") },
  },
};

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: { name: "unit", environment: "node", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        ...shared,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // each file gets its own database cloned from a migrated, seeded template
          pool: "forks",
          maxWorkers: 2,
        },
      },
    ],
  },
});
