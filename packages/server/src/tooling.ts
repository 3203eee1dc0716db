/**
 * What the server package offers to its own tools (the `tasuki` CLI, the e2e journeys and the
 * benchmarks): `@tasuki/server/tooling`. They import from here, never from files under `src/`,
 * so what they rely on is one list and the server's inside can move freely.
 */
export { createActivities } from "./activities/activities.service.ts";
export { funnel, resolveFilter, velocity } from "./analytics/analytics.service.ts";
export { buildApp } from "./app.ts";
export { createApiToken } from "./auth/auth.service.ts";
export { type Config, ConfigError, loadConfig } from "./config.ts";
export {
  arrayLiteral,
  createDatabase,
  type Database,
  type Db,
  forEachConcurrently,
  isSingleConnection,
  MIGRATIONS_JOURNAL,
  queryRows,
} from "./db/database.ts";
export {
  DEMO_DEFAULTS,
  DEMO_LIMITS,
  DEMO_TABLES,
  DemoDatabaseNotEmptyError,
  DemoOptionsError,
  type DemoProgress,
  type DemoTable,
  findDemoLogins,
  findNonEmptyTables,
  seedDemo,
} from "./demo/demo.service.ts";
export { demoLoginEmail } from "./demo/staff.ts";
export { type ExportFilters, exportCsv } from "./export/export.service.ts";
export { AppError } from "./http/app-error.ts";
export type { Actor, Deps } from "./http/types.ts";
export { waitForAllJobs } from "./jobs/jobs.service.ts";
export { startScoreRebuild } from "./scoring/score-rebuild.repository.ts";
export {
  findApprovedModel,
  insertModelVersion,
  peopleChunks,
  rescoreStatement,
  tuneForRescore,
} from "./scoring/scoring.repository.ts";
export { checkedModel, rescoreAfterWrite, rescoreEveryone } from "./scoring/scoring.service.ts";
export { findUserByEmail } from "./users/users.repository.ts";
export { createUser, PASSWORD_MIN_LENGTH } from "./users/users.service.ts";
