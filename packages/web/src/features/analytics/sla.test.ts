import { describe, expect, it } from "vitest";
import type { SlaCompliance } from "../../api/types.ts";
import { slaQuery, slaRecordsLink, sumTeams } from "./sla.ts";

const row = (withinSla: number, breached: number, total = withinSla + breached) =>
  ({
    counts: {
      total,
      decided: 0,
      withinSla,
      breached,
      pendingOnTrack: 0,
      pendingAtRisk: 0,
      pendingOverdue: 0,
      withdrawn: 0,
    },
  }) as SlaCompliance["teams"][number];
const compliance = (...teams: SlaCompliance["teams"]) =>
  ({ teams, assignees: [] }) as unknown as SlaCompliance;

describe("dashboard SLA tile", () => {
  it("passes the period, team and owner (as assignee) and leaves the people filters out", () => {
    expect(
      slaQuery({
        from: "2026-04-01",
        to: "2026-04-30",
        teamId: "t",
        ownerId: "u",
        industry: "manufacturing",
        source: "web",
      }),
    ).toEqual({ from: "2026-04-01", to: "2026-04-30", teamId: "t", assigneeId: "u" });
  });

  it("links to the handoff records with the same filter and the outcome counted", () => {
    const link = new URL(
      slaRecordsLink({ from: "2026-04-01", to: "2026-04-30", teamId: "t" }, "met,breached"),
      "http://x",
    );
    expect(link.pathname).toBe("/handoffs");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      view: "records",
      from: "2026-04-01",
      to: "2026-04-30",
      teamId: "t",
      slaOutcome: "met,breached",
    });
  });

  it("adds the teams up and divides within SLA by what was judged", () => {
    expect(sumTeams(compliance(row(3, 1), row(5, 3, 10)))).toEqual({
      total: 14,
      withinSla: 8,
      breached: 4,
      judged: 12,
      rate: 8 / 12,
    });
  });

  it("has no rate when nothing was decided or overdue", () => {
    expect(sumTeams(compliance())).toMatchObject({ total: 0, judged: 0, rate: null });
    expect(sumTeams(compliance(row(0, 0, 4)))).toMatchObject({ total: 4, judged: 0, rate: null });
  });
});
