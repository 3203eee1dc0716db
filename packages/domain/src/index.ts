export * from "./authorization.ts";
export * from "./corporate-number.ts";
export * from "./errors.ts";
export * from "./names.ts";
export * from "./opportunity.ts";
export * from "./phone.ts";
export * from "./stages.ts";
export * from "./vocabulary.ts";
