import type { AnalyticsFilterInput } from "@tasuki/contracts";
import type { SlaCompliance, SlaComplianceQuery } from "../../api/types.ts";

type Counts = SlaCompliance["teams"][number]["counts"];

/**
 * The dashboard filter as getSlaCompliance takes it: the period (handoffs received in it), the team
 * (as the receiving team) and the owner (as the handoff's assignee). Campaign, industry, employee
 * band and source describe people, not handoffs, and do not apply.
 */
export function slaQuery(filter: AnalyticsFilterInput): SlaComplianceQuery {
  return {
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.teamId ? { teamId: filter.teamId } : {}),
    ...(filter.ownerId ? { assigneeId: filter.ownerId } : {}),
  };
}

/** The handoff list of exactly the records a number counted (the SLA compliance page's links). */
export function slaRecordsLink(query: SlaComplianceQuery, slaOutcome: string): string {
  const params = new URLSearchParams({ view: "records" });
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  params.set("slaOutcome", slaOutcome);
  return `/handoffs?${params}`;
}

/**
 * Company-wide figures: every handoff has one receiving team, so the team rows add up. The rate is
 * within SLA ÷ (within SLA + breached), as on the SLA compliance page; null when nothing was
 * decided or overdue yet (no division by zero, no 0 % or 100 % nobody earned).
 */
export function sumTeams(
  data: SlaCompliance,
): Pick<Counts, "total" | "withinSla" | "breached"> & { judged: number; rate: number | null } {
  let total = 0;
  let withinSla = 0;
  let breached = 0;
  for (const row of data.teams) {
    total += row.counts.total;
    withinSla += row.counts.withinSla;
    breached += row.counts.breached;
  }
  const judged = withinSla + breached;
  return { total, withinSla, breached, judged, rate: judged === 0 ? null : withinSla / judged };
}
