import { describe, expect, it } from "vitest";
import { type Actor, canActOnOwned, hasPermission } from "./authorization.ts";

const actor = (role: Actor["role"], teamId: string | null = "team-a"): Actor => ({
  userId: "me",
  role,
  teamId,
});

describe("authorization", () => {
  it.each([
    ["marketing", "campaigns.write", true],
    ["field_sales", "campaigns.write", false],
    ["marketing", "opportunities.close", false],
    ["field_sales", "opportunities.close", true],
    ["inside_sales", "opportunities.close", false],
    ["manager", "users.manage", false],
    ["admin", "users.manage", true],
    ["customer_success", "records.read", true],
  ] as const)("%s has %s: %s", (role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected);
  });

  it("ownership: own, team and unowned records yes; another team's no; admins and managers always", () => {
    expect(canActOnOwned(actor("field_sales"), { ownerId: "me" })).toBe(true);
    expect(canActOnOwned(actor("field_sales"), { ownerId: null })).toBe(true);
    expect(canActOnOwned(actor("field_sales"), { ownerId: "other", teamId: "team-a" })).toBe(true);
    expect(canActOnOwned(actor("field_sales"), { ownerId: "other", teamId: "team-b" })).toBe(false);
    expect(canActOnOwned(actor("field_sales", null), { ownerId: "other", teamId: null })).toBe(false);
    expect(canActOnOwned(actor("manager"), { ownerId: "other", teamId: "team-b" })).toBe(true);
    expect(canActOnOwned(actor("admin"), { ownerId: "other" })).toBe(true);
  });
});
