import { DomainError } from "./errors.ts";
import type { LifecycleStage } from "./stages.ts";
import { canTransition } from "./stages.ts";

/** Open stages of a deal; a closed deal keeps the stage it was lost or won at. */
export const OPPORTUNITY_STAGES = ["discovery", "proposal", "negotiation", "contracting"] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export const OPPORTUNITY_OUTCOMES = ["won", "lost"] as const;
export type OpportunityOutcome = (typeof OPPORTUNITY_OUTCOMES)[number];

export interface CloseOpportunityInput {
  outcome: OpportunityOutcome;
  lostReasonId?: string | null;
}

/** Checks a close request: an open deal, and a lost reason whenever the deal is lost. */
export function assertCanClose(
  current: { outcome: OpportunityOutcome | null },
  input: CloseOpportunityInput,
): void {
  if (current.outcome !== null) throw new DomainError("opportunity_closed", { outcome: current.outcome });
  if (input.outcome === "lost" && !input.lostReasonId) throw new DomainError("lost_reason_required");
}

/** A closed deal cannot be edited until it is reopened (`assertCanReopen`). */
export function assertOpen(current: { outcome: OpportunityOutcome | null }): void {
  if (current.outcome !== null) throw new DomainError("opportunity_closed", { outcome: current.outcome });
}

/** Fields a closed deal still accepts: the 契約更新日 is set after the deal is won. */
const FIELDS_OF_CLOSED_DEAL: ReadonlySet<string> = new Set(["renewalOn"]);

/**
 * Checks an edit: an open deal accepts any field; a closed one only its renewal date (anything
 * else needs the deal reopened first). Fields given as `undefined` are not changes.
 */
export function assertCanUpdate(current: { outcome: OpportunityOutcome | null }, changes: object): void {
  const changed = Object.entries(changes).filter(([, value]) => value !== undefined);
  if (changed.every(([field]) => FIELDS_OF_CLOSED_DEAL.has(field))) return;
  assertOpen(current);
}

/**
 * The lifecycle move that a deal event implies for its person, or null when the person is
 * elsewhere (e.g. already a customer buying more): deals never force an invalid transition.
 */
export function personStageAfterDealEvent(
  personStage: LifecycleStage,
  event: "opened" | OpportunityOutcome,
): LifecycleStage | null {
  const target: LifecycleStage = event === "opened" ? "opportunity" : event;
  return canTransition(personStage, target) ? target : null;
}

/** Only a closed (won or lost) deal can be reopened. */
export function assertCanReopen(current: { outcome: OpportunityOutcome | null }): void {
  if (current.outcome === null) throw new DomainError("opportunity_not_closed");
}
