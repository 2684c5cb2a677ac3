import { defineConfig } from "vitest/config";

/**
 * Three tiers, by folder: unit (no network), integration (real HTTP through the local runtime
 * against the emulators, started once per run by the global setup) and CDK template assertions.
 */
const NPM_START_TESTS = "test/integration/interrupted-start.test.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          exclude: [NPM_START_TESTS],
          environment: "node",
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests that run `npm start` themselves, each on a data directory of its own: no shared platform.
        test: {
          name: "npm-start",
          include: [NPM_START_TESTS],
          environment: "node",
          testTimeout: 300_000,
        },
      },
      {
        test: {
          name: "cdk",
          include: ["test/cdk/**/*.test.ts"],
          environment: "node",
          testTimeout: 300_000,
        },
      },
    ],
  },
});
