import { defineConfig } from "vitest/config";

const serverTests = ["packages/server/src/**/*.test.ts"];

/** Server tests run twice: on embedded PGlite and on the PostgreSQL server, each in its own database. */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    reporters: ["default", "./vitest.summary-reporter.ts"],
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["packages/{domain,contracts,cli,web}/src/**/*.test.{ts,tsx}"] },
      },
      {
        extends: true,
        test: { name: "bench", include: ["bench/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "server:pglite", include: serverTests, env: { TASUKI_TEST_DB: "pglite" } },
      },
      {
        extends: true,
        test: { name: "server:postgres", include: serverTests, env: { TASUKI_TEST_DB: "postgres" } },
      },
    ],
  },
});
