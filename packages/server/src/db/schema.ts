// The whole drizzle schema (drizzle.config.ts reads this file). Only re-exports: the base tables are in
// schema-core.ts and each area's tables in its schema-*.ts, which import from schema-core.ts, never back.
export * from "./schema-analytics.ts";
export * from "./schema-core.ts";
export * from "./schema-definitions.ts";
export * from "./schema-goals.ts";
export * from "./schema-relay.ts";
export * from "./schema-scoring.ts";
