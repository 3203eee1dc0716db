export * from "./calibration.ts";
export * from "./compute.ts";
export * from "./logistic.ts";
export * from "./model.ts";
export * from "./reweighting.ts";
