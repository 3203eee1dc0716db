export * from "./fiscal.ts";
export * from "./pacing.ts";
export * from "./reverse-funnel.ts";
