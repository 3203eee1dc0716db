// `*Input` types (CreatePersonInput, …) are request bodies as the server reads them: parsed, with
// defaults filled (`z.output`). The services take them, so a use case's input is the contract's.
export * from "./activities.ts";
export * from "./analytics.ts";
export * from "./auth.ts";
export * from "./campaigns.ts";
export * from "./common.ts";
export * from "./companies.ts";
export * from "./definitions.ts";
export * from "./errors.ts";
export * from "./export.ts";
export * from "./goals.ts";
export * from "./messages.ts";
export * from "./metrics.ts";
export * from "./opportunities.ts";
export * from "./people.ts";
export * from "./relay.ts";
export * from "./scoring.ts";
export * from "./users.ts";
export * from "./validation-messages.ts";
