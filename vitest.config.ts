import { defineConfig } from "vitest/config";

const serverTests = ["packages/server/src/**/*.test.ts"];

/** Server tests run twice: on embedded PGlite and on the PostgreSQL server, each in its own database. */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    reporters: ["default", "./vitest.summary-reporter.ts"],
    hookTimeout: 60_000,
    projects: [
      { test: { name: "unit", include: ["packages/{domain,contracts,cli,web}/src/**/*.test.{ts,tsx}"] } },
      { test: { name: "server:pglite", include: serverTests, env: { TASUKI_TEST_DB: "pglite" } } },
      { test: { name: "server:postgres", include: serverTests, env: { TASUKI_TEST_DB: "postgres" } } },
    ],
  },
});
