import { DomainError } from "./errors.ts";

/** The lifecycle a person moves through on the relay (Lead → … → Customer). */
export const LIFECYCLE_STAGES = [
  "lead",
  "mql",
  "sal",
  "sql",
  "opportunity",
  "won",
  "lost",
  "customer",
  "recycled",
  "disqualified",
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/**
 * Allowed moves. Backwards moves go through `recycled` (back to nurture) so that the
 * funnel counts each entry once and a re-entry is visible in the history.
 */
export const STAGE_TRANSITIONS: Readonly<Record<LifecycleStage, readonly LifecycleStage[]>> = {
  lead: ["mql", "disqualified"],
  mql: ["sal", "recycled", "disqualified"],
  sal: ["sql", "recycled", "disqualified"],
  sql: ["opportunity", "recycled", "disqualified"],
  opportunity: ["won", "lost"],
  won: ["customer"],
  lost: ["recycled", "disqualified"],
  customer: ["recycled"],
  recycled: ["mql", "disqualified"],
  disqualified: ["recycled"],
};

/** Position on the forward path; `recycled` and `disqualified` sit outside it. */
export const FUNNEL_STAGES = ["lead", "mql", "sal", "sql", "opportunity", "won", "customer"] as const;

/** Whether a person may move from one stage to the other. */
export function canTransition(from: LifecycleStage, to: LifecycleStage): boolean {
  return STAGE_TRANSITIONS[from].includes(to);
}

/** Throws `invalid_stage_transition` naming both stages and the allowed targets. */
export function assertTransition(from: LifecycleStage, to: LifecycleStage): void {
  if (!canTransition(from, to)) {
    throw new DomainError("invalid_stage_transition", {
      from,
      to,
      allowed: STAGE_TRANSITIONS[from].join(", "),
    });
  }
}
