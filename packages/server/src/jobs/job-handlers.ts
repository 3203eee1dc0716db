import { sweepDefinition } from "../definitions/definitions.service.ts";
import { rescoreAll } from "../scoring/scoring.service.ts";
import { registerJobHandler } from "./jobs.service.ts";

/**
 * Every job kind and the function that does its work, in one place. `buildApp` calls this before
 * anything can start or resume a job; registering twice is harmless (the same function again).
 */
export function registerJobHandlers(): void {
  registerJobHandler("definition_sweep", sweepDefinition);
  registerJobHandler("rescore_all", rescoreAll);
}
