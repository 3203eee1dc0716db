import { describe, expect, it } from "vitest";
import { assertCanClose, assertCanReopen, assertOpen, personStageAfterDealEvent } from "./opportunity.ts";

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

  it("a lost deal needs a reason", () => {
    expect(() => assertCanClose({ outcome: null }, { outcome: "lost" })).toThrow("lost_reason_required");
    expect(() => assertCanClose({ outcome: null }, { outcome: "won" })).not.toThrow();
  });

  it("a deal moves its person only along allowed transitions", () => {
    expect(personStageAfterDealEvent("sql", "opened")).toBe("opportunity");
    expect(personStageAfterDealEvent("customer", "opened")).toBeNull();
  });
});
