import { describe, expect, it } from "vitest";
import { approveVersion } from "./definitions.ts";
import { DomainError } from "./errors.ts";

const proposed = { status: "proposed" as const, marketingApproverId: null, salesApproverId: null };

describe("two-sided approval", () => {
  it("approves once both sides have signed", () => {
    const one = approveVersion(proposed, { userId: "m", role: "marketing" });
    expect(one).toMatchObject({ status: "proposed", marketingApproverId: "m", side: "marketing" });
    const two = approveVersion(one, { userId: "s", role: "field_sales" });
    expect(two).toMatchObject({ status: "approved", salesApproverId: "s", side: "sales" });
  });

  it("one person holding both roles (兼任) still cannot sign both sides", () => {
    const one = approveVersion(proposed, { userId: "same", role: "marketing" });
    expect(() => approveVersion(one, { userId: "same", role: "inside_sales" })).toThrow(
      expect.objectContaining({ code: "same_approver" }),
    );
  });

  it.each([
    ["admin", "approver_side_required"],
    ["manager", "approver_side_required"],
    ["customer_success", "approver_side_required"],
  ] as const)("%s cannot sign (%s)", (role, code) => {
    expect(() => approveVersion(proposed, { userId: "x", role })).toThrow(expect.objectContaining({ code }));
  });

  it("refuses drafts, rejected and approved versions, and a second signature on one side", () => {
    for (const status of ["draft", "rejected", "approved", "superseded"] as const) {
      expect(() => approveVersion({ ...proposed, status }, { userId: "m", role: "marketing" })).toThrow(
        DomainError,
      );
    }
    const one = approveVersion(proposed, { userId: "a", role: "inside_sales" });
    expect(() => approveVersion(one, { userId: "b", role: "field_sales" })).toThrow(
      expect.objectContaining({ code: "already_signed" }),
    );
  });
});
