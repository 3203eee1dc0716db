export * from "./headers.ts";
export * from "./match-keys.ts";
export * from "./normalize.ts";
