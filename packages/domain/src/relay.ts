import { addBusinessMinutes, type BusinessCalendar } from "./business-calendar.ts";
import { DomainError } from "./errors.ts";
import { canTransition, FUNNEL_STAGES, type LifecycleStage } from "./stages.ts";
import type { TeamFunction } from "./vocabulary.ts";

/**
 * A handoff waits for the receiving team; the decision is final. `expired_escalated` is a
 * breached one still waiting (it may be decided late); `withdrawn` closed without a decision
 * because the person was moved by hand out of the relay (recycled, disqualified) meanwhile.
 */
export const HANDOFF_STATES = ["pending", "accepted", "rejected", "expired_escalated", "withdrawn"] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

/** Where a pending handoff stands against its SLA; decided handoffs keep the status they were decided in. */
/** A handoff still waiting for its decision: pending, or breached and escalated but not yet decided. */
export const OPEN_HANDOFF_STATES = [
  "pending",
  "expired_escalated",
] as const satisfies readonly HandoffState[];

export function isOpenHandoff(state: HandoffState): boolean {
  return (OPEN_HANDOFF_STATES as readonly HandoffState[]).includes(state);
}

export const SLA_STATUSES = ["on_track", "at_risk", "breached"] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

/** What the receiving team owes within the SLA; either way the clock stops at the decision. */
export const SLA_GOALS = ["first_action", "accept"] as const;
export type SlaGoal = (typeof SLA_GOALS)[number];

/** How a handoff without a named assignee is given to someone on the receiving team. */
export const ASSIGNMENT_MODES = ["queue", "round_robin", "least_loaded"] as const;
export type AssignmentMode = (typeof ASSIGNMENT_MODES)[number];

export const NOTIFICATION_CHANNEL_KINDS = ["slack", "teams", "chatwork", "webhook"] as const;
export type NotificationChannelKind = (typeof NOTIFICATION_CHANNEL_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Relay events: each goes to in-app notifications and to the channels subscribed to it. */
export const RELAY_EVENT_TYPES = [
  "handoff.created",
  "handoff.accepted",
  "handoff.rejected",
  "handoff.at_risk",
  "handoff.breached",
] as const;
export type RelayEventType = (typeof RELAY_EVENT_TYPES)[number];

/** The last quarter of the SLA's business time is "at risk". */
export const AT_RISK_SHARE = 0.25;

/** Due and at-risk instants of an SLA that starts at `start`, both counted in business time. */
export function slaDeadlines(
  start: Date,
  businessMinutes: number,
  calendar: BusinessCalendar,
): { dueAt: Date; atRiskAt: Date } {
  return {
    dueAt: addBusinessMinutes(start, businessMinutes, calendar),
    atRiskAt: addBusinessMinutes(start, businessMinutes * (1 - AT_RISK_SHARE), calendar),
  };
}

/**
 * SLA status at `at`. Both deadlines were computed in business time when the handoff was
 * made, so comparing instants here is the same as comparing business minutes left.
 */
export function slaStatusAt(at: Date, deadlines: { dueAt: Date; atRiskAt: Date }): SlaStatus {
  if (at.getTime() >= deadlines.dueAt.getTime()) return "breached";
  if (at.getTime() >= deadlines.atRiskAt.getTime()) return "at_risk";
  return "on_track";
}

/**
 * The lifecycle stage the receiving team's acceptance confirms: IS accepting an MQL makes it
 * SAL, FS accepting from IS makes it SQL, CS accepting a won deal makes a customer.
 */
const STAGE_ON_ACCEPT: Partial<Record<TeamFunction, LifecycleStage>> = {
  inside_sales: "sal",
  field_sales: "sql",
  customer_success: "customer",
};

/**
 * The stages a person may be handed on from, by receiving team: inside sales takes people
 * marketing is still qualifying (lead, MQL, or back from nurture), field sales takes people inside
 * sales qualified (SAL, SQL), customer success takes won deals and customers. Marketing receives
 * nobody by handoff (people come back to it by rejection). Anything else skips or reverses a leg
 * of the relay and would give the receiver a person it cannot work (e.g. CS holding a SAL).
 */
export const HANDOFF_STAGES_BY_RECEIVER: Readonly<Record<TeamFunction, readonly LifecycleStage[]>> = {
  marketing: [],
  inside_sales: ["lead", "mql", "recycled"],
  field_sales: ["sal", "sql"],
  customer_success: ["won", "customer"],
};

/** Whether a person at `stage` may be handed to a team of function `toTeam`. */
export function handoffStageFits(toTeam: TeamFunction, stage: LifecycleStage): boolean {
  return HANDOFF_STAGES_BY_RECEIVER[toTeam].includes(stage);
}

/**
 * Throws `handoff_stage_mismatch` naming the person's stage, the edge and the stages it takes,
 * unless a person at `stage` may be handed from `fromTeam` to `toTeam`.
 */
export function assertHandoffStageFits(
  fromTeam: TeamFunction,
  toTeam: TeamFunction,
  stage: LifecycleStage,
): void {
  if (handoffStageFits(toTeam, stage)) return;
  throw new DomainError("handoff_stage_mismatch", {
    stage,
    from: fromTeam,
    to: toTeam,
    allowed: HANDOFF_STAGES_BY_RECEIVER[toTeam].join(", "),
  });
}

/** The qualifying path a handoff may walk on acceptance; CS only confirms a won deal, never wins it. */
const QUALIFYING_PATH: readonly LifecycleStage[] = ["lead", "mql", "sal", "sql"];

/**
 * The stage changes acceptance implies, in order. Handing a person on is itself the sending
 * team's qualification, so a lead or a recycled person accepted by inside sales walks
 * lead → MQL → SAL (each step in the history), and field sales accepting an MQL walks it to SQL.
 * Empty when the person is already there or past it (an SQL accepted by field sales stays SQL).
 */
export function stagesOnAccept(toTeam: TeamFunction, stage: LifecycleStage): LifecycleStage[] {
  const target = STAGE_ON_ACCEPT[toTeam];
  if (!target) return [];
  if (toTeam === "customer_success") return canTransition(stage, target) ? [target] : [];
  const start = stage === "recycled" ? 0 : QUALIFYING_PATH.indexOf(stage);
  const end = QUALIFYING_PATH.indexOf(target);
  if (start < 0 || start >= end) return [];
  const path = QUALIFYING_PATH.slice(start + 1, end + 1);
  // A recycled person re-enters at MQL (recycled → mql is the only way back in).
  return stage === "recycled" ? ["mql", ...path.filter((s) => s !== "mql")] : path;
}

/** The last stage acceptance moves the person to, or null when it does not move them. */
export function personStageAfterAccept(toTeam: TeamFunction, stage: LifecycleStage): LifecycleStage | null {
  return stagesOnAccept(toTeam, stage).at(-1) ?? null;
}

/**
 * What a stage change made outside the handoff (by hand, by a definition, by closing a deal)
 * does to the person's open handoff: reaching the receiving team's acceptance stage or going
 * past it on the funnel accepts it (the move is the receiver's decision, e.g. MQL → SAL by
 * hand); any other move (recycled, disqualified, lost) withdraws it, since the baton is no
 * longer on its way there. It never stays dangling.
 */
export function handoffOutcomeOfStageChange(
  toTeam: TeamFunction,
  to: LifecycleStage,
): "accepted" | "withdrawn" {
  const target = STAGE_ON_ACCEPT[toTeam];
  const funnel = FUNNEL_STAGES as readonly LifecycleStage[];
  if (target && funnel.includes(to) && funnel.indexOf(to) >= funnel.indexOf(target)) return "accepted";
  return "withdrawn";
}

/**
 * Rejection sends the person back: to nurture (recycled) or out of the relay (disqualified)
 * when the reason says they are no fit; null when they are already there or cannot move.
 */
export function personStageAfterRejection(
  disqualifies: boolean,
  stage: LifecycleStage,
): LifecycleStage | null {
  const target: LifecycleStage = disqualifies ? "disqualified" : "recycled";
  return canTransition(stage, target) ? target : null;
}

/**
 * Throws `handoff_already_decided` unless the handoff still waits for a decision. A breached
 * (escalated) handoff can still be decided late: the person must not be stuck, and the breach
 * stays on record.
 */
export function assertDecidable(handoff: { state: HandoffState }): void {
  if (!isOpenHandoff(handoff.state)) {
    throw new DomainError("handoff_already_decided", { state: handoff.state });
  }
}

export interface AssignmentCandidate {
  userId: string;
  /** Pending handoffs assigned to this user now. */
  pending: number;
}

/**
 * Picks the receiving user. Round robin takes the next user after the last one assigned
 * (candidates in a stable order); least loaded takes the fewest pending, ties by that order.
 */
export function pickAssignee(
  mode: AssignmentMode,
  candidates: readonly AssignmentCandidate[],
  lastAssignedUserId: string | null,
): string | null {
  if (mode === "queue" || candidates.length === 0) return null;
  if (mode === "least_loaded") {
    let best = candidates[0]!;
    for (const c of candidates) if (c.pending < best.pending) best = c;
    return best.userId;
  }
  const last = candidates.findIndex((c) => c.userId === lastAssignedUserId);
  return candidates[(last + 1) % candidates.length]!.userId;
}

/**
 * Assigns `count` handoffs arriving together, one after another: each pick counts the ones
 * assigned before it (round robin moves on, least loaded sees the new load), as if they had
 * arrived one at a time. Returns the assignees in order and the team's new "last assigned".
 */
export function pickAssignees(
  mode: AssignmentMode,
  candidates: readonly AssignmentCandidate[],
  lastAssignedUserId: string | null,
  count: number,
): { assignees: (string | null)[]; lastAssignedUserId: string | null } {
  const load = candidates.map((c) => ({ ...c }));
  const assignees: (string | null)[] = [];
  let last = lastAssignedUserId;
  for (let i = 0; i < count; i++) {
    const chosen = pickAssignee(mode, load, last);
    assignees.push(chosen);
    if (!chosen) continue;
    last = chosen;
    load.find((c) => c.userId === chosen)!.pending += 1;
  }
  return { assignees, lastAssignedUserId: last };
}

/** Retry schedule for channel deliveries: 1, 2, 4, 8 … minutes, capped at 6 hours. */
export function deliveryBackoffMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 6 * 3_600_000);
}

/** A delivery is given up after this many attempts (about 1.5 days of backoff). */
export const DELIVERY_MAX_ATTEMPTS = 12;
