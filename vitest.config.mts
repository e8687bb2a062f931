import path from "node:path";
import { defineConfig } from "vitest/config";

const shared = {
  resolve: {
    tsconfigPaths: true,
    // server-only throws outside React Server Components; the code under test is server code run in Node
    alias: { "server-only": path.resolve("tests/support/empty.ts") },
  },
};

// secrets for the code under test (sealing TOTP keys); never a real deployment's
const TEST_ENV = { NEXTAUTH_SECRET: "test-only-secret-not-for-deployment-0123456789abcdef" };

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: { name: "unit", environment: "node", include: ["tests/unit/**/*.test.ts"], env: TEST_ENV, testTimeout: 30_000 },
      },
      {
        ...shared,
        test: {
          name: "integration",
          environment: "node",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          env: TEST_ENV,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // each file gets its own database cloned from a migrated, seeded template
          pool: "forks",
          maxWorkers: 2,
        },
      },
      {
        ...shared,
        // several app servers behind nginx with a streaming replica (tests/multi-host): run by `npm test` after e2e,
        // on the production build; one file, minutes long
        test: { name: "multi-host", environment: "node", include: ["tests/multi-host/**/*.test.ts"], testTimeout: 600_000, hookTimeout: 900_000, pool: "forks", maxWorkers: 1 },
      },
    ],
  },
});
