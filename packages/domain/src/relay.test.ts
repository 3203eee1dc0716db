import { describe, expect, it } from "vitest";
import { DEFAULT_BUSINESS_CALENDAR } from "./business-calendar.ts";
import { DomainError } from "./errors.ts";
import {
  assertDecidable,
  assertHandoffStageFits,
  DELIVERY_MAX_ATTEMPTS,
  deliveryBackoffMs,
  handoffOutcomeOfStageChange,
  handoffStageFits,
  personStageAfterAccept,
  personStageAfterRejection,
  pickAssignee,
  pickAssignees,
  slaDeadlines,
  slaStatusAt,
  stagesOnAccept,
} from "./relay.ts";
import { LIFECYCLE_STAGES, type LifecycleStage } from "./stages.ts";
import { TEAM_FUNCTIONS, type TeamFunction } from "./vocabulary.ts";

const jst = (local: string) => new Date(`${local}+09:00`);

describe("relay rules", () => {
  it("deadlines: due after the SLA, at risk in its last quarter, both in business time", () => {
    const d = slaDeadlines(jst("2026-06-05T17:30"), 240, DEFAULT_BUSINESS_CALENDAR);
    expect(d.dueAt).toEqual(jst("2026-06-08T12:30"));
    expect(d.atRiskAt).toEqual(jst("2026-06-08T11:30"));
    expect(slaStatusAt(jst("2026-06-08T11:29"), d)).toBe("on_track");
    expect(slaStatusAt(jst("2026-06-08T11:30"), d)).toBe("at_risk");
    expect(slaStatusAt(jst("2026-06-08T12:30"), d)).toBe("breached");
  });

  it.each([
    ["inside_sales", "mql", "sal"],
    ["inside_sales", "lead", "sal"],
    ["inside_sales", "recycled", "sal"],
    ["inside_sales", "sal", null],
    ["field_sales", "mql", "sql"],
    ["field_sales", "sal", "sql"],
    ["field_sales", "sql", null],
    ["customer_success", "won", "customer"],
    ["marketing", "mql", null],
  ] as const)("accept by %s of a %s person moves to %s", (team, stage, expected) => {
    expect(personStageAfterAccept(team, stage)).toBe(expected);
  });

  it.each([
    ["inside_sales", "lead", ["mql", "sal"]],
    ["inside_sales", "recycled", ["mql", "sal"]],
    ["inside_sales", "mql", ["sal"]],
    ["inside_sales", "sql", []],
    ["field_sales", "lead", ["mql", "sal", "sql"]],
    ["field_sales", "recycled", ["mql", "sal", "sql"]],
    ["field_sales", "sql", []],
    ["field_sales", "opportunity", []],
    ["customer_success", "won", ["customer"]],
    ["customer_success", "opportunity", []],
    ["customer_success", "sql", []],
    ["marketing", "lead", []],
    ["inside_sales", "disqualified", []],
  ] as const)("accept by %s of a %s person walks %j", (team, stage, expected) => {
    expect(stagesOnAccept(team, stage)).toEqual(expected);
  });

  it.each([
    ["inside_sales", "sal", "accepted"],
    ["inside_sales", "sql", "accepted"],
    ["inside_sales", "recycled", "withdrawn"],
    ["inside_sales", "disqualified", "withdrawn"],
    ["field_sales", "sal", "withdrawn"],
    ["field_sales", "sql", "accepted"],
    ["field_sales", "opportunity", "accepted"],
    ["field_sales", "lost", "withdrawn"],
    ["customer_success", "customer", "accepted"],
    ["customer_success", "recycled", "withdrawn"],
  ] as const)(
    "a stage change of a person handed to %s, to %s, leaves the handoff %s",
    (team, to, expected) => {
      expect(handoffOutcomeOfStageChange(team, to)).toBe(expected);
    },
  );

  it.each([
    [false, "mql", "recycled"],
    [false, "lead", null],
    [true, "lead", "disqualified"],
    [true, "mql", "disqualified"],
    [false, "recycled", null],
    [true, "disqualified", null],
    [false, "opportunity", null],
  ] as const)("rejection (disqualifies: %s) of a %s person moves to %s", (disqualifies, stage, expected) => {
    expect(personStageAfterRejection(disqualifies, stage)).toBe(expected);
  });

  it("decisions only while pending or escalated", () => {
    expect(() => assertDecidable({ state: "pending" })).not.toThrow();
    expect(() => assertDecidable({ state: "expired_escalated" })).not.toThrow();
    expect(() => assertDecidable({ state: "accepted" })).toThrow(DomainError);
    expect(() => assertDecidable({ state: "rejected" })).toThrow(/handoff_already_decided/);
  });

  it("assignment: queue, round robin after the last one, least loaded with ties in order", () => {
    const team = [
      { userId: "a", pending: 2 },
      { userId: "b", pending: 0 },
      { userId: "c", pending: 0 },
    ];
    expect(pickAssignee("queue", team, null)).toBeNull();
    expect(pickAssignee("round_robin", team, null)).toBe("a");
    expect(pickAssignee("round_robin", team, "a")).toBe("b");
    expect(pickAssignee("round_robin", team, "c")).toBe("a");
    expect(pickAssignee("round_robin", team, "gone")).toBe("a");
    expect(pickAssignee("least_loaded", team, null)).toBe("b");
    expect(pickAssignee("round_robin", [], null)).toBeNull();
  });

  it("assigning several at once counts each pick, like one at a time", () => {
    const team = [
      { userId: "a", pending: 2 },
      { userId: "b", pending: 0 },
      { userId: "c", pending: 1 },
    ];
    expect(pickAssignees("round_robin", team, "b", 4)).toEqual({
      assignees: ["c", "a", "b", "c"],
      lastAssignedUserId: "c",
    });
    // b 0 → 1, then b and c tie at 1 (b first in order) → b 2, then c 1 is lowest → c 2, then a, b, c tie at 2 → a.
    expect(pickAssignees("least_loaded", team, null, 4).assignees).toEqual(["b", "b", "c", "a"]);
    expect(team[1]!.pending).toBe(0);
    expect(pickAssignees("queue", team, "a", 2)).toEqual({
      assignees: [null, null],
      lastAssignedUserId: "a",
    });
    let last: string | null = "a";
    const oneByOne: (string | null)[] = [];
    const load = team.map((c) => ({ ...c }));
    for (let i = 0; i < 5; i++) {
      const chosen = pickAssignee("least_loaded", load, last);
      oneByOne.push(chosen);
      last = chosen;
      load.find((c) => c.userId === chosen)!.pending += 1;
    }
    expect(pickAssignees("least_loaded", team, "a", 5).assignees).toEqual(oneByOne);
  });

  it("delivery backoff doubles from a minute and is capped", () => {
    expect([1, 2, 3, 4].map(deliveryBackoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(deliveryBackoffMs(DELIVERY_MAX_ATTEMPTS + 10)).toBe(6 * 3_600_000);
  });
});

describe("which stages each leg of the relay takes", () => {
  // The whole table, stage by receiving team: IS from lead/MQL/recycled, FS from SAL/SQL, CS from won/customer.
  const fits: Record<TeamFunction, readonly LifecycleStage[]> = {
    marketing: [],
    inside_sales: ["lead", "mql", "recycled"],
    field_sales: ["sal", "sql"],
    customer_success: ["won", "customer"],
  };
  const cases = TEAM_FUNCTIONS.flatMap((team) =>
    LIFECYCLE_STAGES.map((stage) => [team, stage, fits[team].includes(stage)] as const),
  );

  it.each(cases)("to %s, a person at %s may be handed on: %s", (team, stage, expected) => {
    expect(handoffStageFits(team, stage)).toBe(expected);
  });

  it.each([
    ["field_sales", "customer_success", "sal", "won, customer"],
    ["marketing", "field_sales", "mql", "sal, sql"],
    ["inside_sales", "field_sales", "opportunity", "sal, sql"],
    ["marketing", "inside_sales", "sal", "lead, mql, recycled"],
  ] as const)(
    "%s → %s refuses a %s person, naming the edge and the stages it takes",
    (from, to, stage, allowed) => {
      let caught: unknown;
      try {
        assertHandoffStageFits(from, to, stage);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect(caught).toMatchObject({ code: "handoff_stage_mismatch", params: { stage, from, to, allowed } });
    },
  );

  it("lets the relay's own legs through", () => {
    expect(() => assertHandoffStageFits("marketing", "inside_sales", "mql")).not.toThrow();
    expect(() => assertHandoffStageFits("inside_sales", "field_sales", "sal")).not.toThrow();
    expect(() => assertHandoffStageFits("field_sales", "customer_success", "won")).not.toThrow();
  });
});
