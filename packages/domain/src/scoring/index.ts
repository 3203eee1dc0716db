export * from "./compute.ts";
export * from "./logistic.ts";
export * from "./model.ts";
