export * from "./check.ts";
export * from "./compile-sql.ts";
export * from "./evaluate.ts";
export * from "./facts.ts";
export * from "./vocabulary.ts";
