import { describe, expect, it } from "vitest";
import {
  assertCanClose,
  assertCanReopen,
  assertCanUpdate,
  assertOpen,
  personStageAfterDealEvent,
} from "./opportunity.ts";

describe("opportunity rules", () => {
  it("only an open deal can be closed or edited; only a closed one can be reopened", () => {
    expect(() => assertCanClose({ outcome: "won" }, { outcome: "lost", lostReasonId: "x" })).toThrow(
      "opportunity_closed",
    );
    expect(() => assertOpen({ outcome: "lost" })).toThrow("opportunity_closed");
    expect(() => assertOpen({ outcome: null })).not.toThrow();
    expect(() => assertCanReopen({ outcome: null })).toThrow("opportunity_not_closed");
    expect(() => assertCanReopen({ outcome: "won" })).not.toThrow();
    expect(() => assertCanReopen({ outcome: "lost" })).not.toThrow();
  });

  it("a closed deal accepts only its renewal date; an open one any field", () => {
    expect(() => assertCanUpdate({ outcome: "won" }, { renewalOn: "2027-04-01" })).not.toThrow();
    expect(() => assertCanUpdate({ outcome: "lost" }, { renewalOn: null })).not.toThrow();
    expect(() => assertCanUpdate({ outcome: "won" }, { renewalOn: "2027-04-01", amount: 1 })).toThrow(
      "opportunity_closed",
    );
    expect(() => assertCanUpdate({ outcome: "won" }, { name: "x", amount: undefined })).toThrow(
      "opportunity_closed",
    );
    expect(() =>
      assertCanUpdate({ outcome: "won" }, { amount: undefined, renewalOn: "2027-04-01" }),
    ).not.toThrow();
    expect(() => assertCanUpdate({ outcome: null }, { name: "x", renewalOn: null })).not.toThrow();
  });

  it("a lost deal needs a reason", () => {
    expect(() => assertCanClose({ outcome: null }, { outcome: "lost" })).toThrow("lost_reason_required");
    expect(() => assertCanClose({ outcome: null }, { outcome: "won" })).not.toThrow();
  });

  it("a deal moves its person only along allowed transitions", () => {
    expect(personStageAfterDealEvent("sql", "opened")).toBe("opportunity");
    expect(personStageAfterDealEvent("customer", "opened")).toBeNull();
  });
});
